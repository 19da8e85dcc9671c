# lagrange_module(NAME <name> [DEPS <targets>...])
#
# One library per layer folder: every *.cpp in the folder except *_test.cpp and
# *_benchmark.cpp goes into the static library lagrange_<name>; every *_test.cpp becomes
# part of the test program <name>_tests, registered with ctest. DEPS are linked PUBLIC, so
# a layer sees exactly the layers it names (and what they name), never a higher one.
function(lagrange_module)
  cmake_parse_arguments(ARG "" "NAME" "DEPS;TEST_DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cpp)
  list(FILTER sources EXCLUDE REGEX "_(test|benchmark)\\.cpp$")
  list(FILTER sources EXCLUDE REGEX "/main\\.cpp$")

  set(lib lagrange_${ARG_NAME})
  add_library(${lib} STATIC ${sources})
  target_include_directories(${lib} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${lib} PUBLIC ${ARG_DEPS})

  if(tests)
    set(test_exe ${ARG_NAME}_tests)
    add_executable(${test_exe} ${tests})
    target_link_libraries(${test_exe} PRIVATE ${lib} ${ARG_TEST_DEPS} GTest::gtest GTest::gtest_main)
    target_compile_definitions(${test_exe} PRIVATE
      LAGRANGE_DATA_DIR="${LAGRANGE_DATA_DIR}"
      LAGRANGE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
      LAGRANGE_BINARY_DIR="${CMAKE_BINARY_DIR}")
    gtest_discover_tests(${test_exe} DISCOVERY_TIMEOUT 60
      PROPERTIES ENVIRONMENT "LAGRANGE_BIN=${CMAKE_BINARY_DIR}/bin/lagrange")
  endif()
endfunction()
