# CesiumPlaysTheCzml: `lagrange run` writes scenario.czml, which CesiumJS then plays in headless
# Chromium (viewer/test/play_czml.mjs, playwright-core). Needs Node.js and viewer/node_modules
# (scripts/install-deps.sh runs `npm ci` there); skipped (exit 77) only when /usr/bin/chromium is
# absent. Labelled `browser`: the ASan pass of `make test` leaves it out, since it checks the
# CZML in a browser rather than the C++ (whose run is covered by the cli tests under ASan).
add_test(NAME CesiumPlaysTheCzml
  COMMAND node ${CMAKE_SOURCE_DIR}/viewer/test/play_czml.mjs ${CMAKE_BINARY_DIR}/cesium-play)
set_tests_properties(CesiumPlaysTheCzml PROPERTIES
  ENVIRONMENT "LAGRANGE_BIN=$<TARGET_FILE:lagrange>"
  SKIP_RETURN_CODE 77
  LABELS browser
  TIMEOUT 600)

# ServeJsPortTakenIsOneLine: serve.js on a taken port says so in one line and exits 1.
add_test(NAME ServeJsPortTakenIsOneLine
  COMMAND node ${CMAKE_SOURCE_DIR}/viewer/test/serve_port_taken.mjs)
set_tests_properties(ServeJsPortTakenIsOneLine PROPERTIES SKIP_RETURN_CODE 77 LABELS browser)
