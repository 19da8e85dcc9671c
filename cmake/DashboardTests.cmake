# The dashboard's tests (web/, docs/dashboard.md). Both need Node.js and web/node_modules
# (scripts/install-deps.sh runs `npm ci` there); the end-to-end test also the built web/dist
# (`make` builds it) and skips (exit 77) only when /usr/bin/chromium is absent.
#
# DashboardUnitTests: Vitest on the client code (label `web`: JavaScript, so the ASan pass of
# `make test` leaves it out rather than running it twice).
add_test(NAME DashboardUnitTests
  COMMAND ${CMAKE_SOURCE_DIR}/web/node_modules/.bin/vitest run
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/web)
set_tests_properties(DashboardUnitTests PROPERTIES LABELS web TIMEOUT 120)

# DashboardEndToEnd: playwright-core driving Debian's Chromium against a real `lagrange serve
# --clock virtual` (web/test/e2e.mjs); screenshots in the build dir's dashboard-e2e/. Label
# `browser`: it checks the page, not the C++, which the service tests cover under ASan.
add_test(NAME DashboardEndToEnd
  COMMAND node ${CMAKE_SOURCE_DIR}/web/test/e2e.mjs ${CMAKE_BINARY_DIR}/dashboard-e2e)
set_tests_properties(DashboardEndToEnd PROPERTIES
  ENVIRONMENT "LAGRANGE_BIN=$<TARGET_FILE:lagrange>"
  SKIP_RETURN_CODE 77
  LABELS browser
  TIMEOUT 480)
