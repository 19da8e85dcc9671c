# Finds OpenCV's DNN module as Debian's libopencv-dnn-dev installs it (headers in
# /usr/include/opencv4, no CMake package config without the full libopencv-dev) and defines
# the imported target OpenCV::dnn (core + dnn).
find_path(OpenCVDnn_INCLUDE_DIR opencv2/dnn.hpp PATH_SUFFIXES opencv4)
find_library(OpenCVDnn_CORE_LIBRARY opencv_core)
find_library(OpenCVDnn_DNN_LIBRARY opencv_dnn)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(OpenCVDnn REQUIRED_VARS
  OpenCVDnn_INCLUDE_DIR OpenCVDnn_CORE_LIBRARY OpenCVDnn_DNN_LIBRARY)
if(OpenCVDnn_FOUND AND NOT TARGET OpenCV::dnn)
  add_library(OpenCV::dnn INTERFACE IMPORTED)
  set_target_properties(OpenCV::dnn PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${OpenCVDnn_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${OpenCVDnn_DNN_LIBRARY};${OpenCVDnn_CORE_LIBRARY}")
endif()
