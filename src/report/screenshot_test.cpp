// Renders report.html in headless Chromium (when installed: scripts/install-deps.sh adds it)
// and checks a plausible PNG comes out. The screenshot is kept in the build directory
// (report-screenshot/report.png) for a person to look at.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "report/internal/test_run_result.hpp"
#include "report/outputs.hpp"

namespace lagrange::report {
namespace {

namespace fs = std::filesystem;

constexpr const char* kChromium = "/usr/bin/chromium";

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(ReportScreenshot, ChromiumRendersTheReport) {
  if (!fs::exists(kChromium)) GTEST_SKIP() << kChromium << " not installed";
  // A day of a twelve-satellite constellation, three policies: the size of the default run.
  test::Options o;
  o.satellites = 12;
  o.hours = 24;
  o.jobs = 160;
  o.policies = {"bent-pipe", "on-board", "offload"};
  const fs::path dir = fs::path(LAGRANGE_BINARY_DIR) / "report-screenshot";
  fs::remove_all(dir);
  const std::vector<std::string> files = {"report.html"};
  ASSERT_TRUE(write_outputs(test::make_run_result(o), files, dir).ok());

  const fs::path png = dir / "report.png";
  const fs::path profile = dir / "chromium-profile";
  const std::string command =
      std::string("timeout 120 ") + kChromium +
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
      " --disable-background-networking --disable-component-update --disable-sync"
      " --disable-dev-shm-usage --hide-scrollbars --user-data-dir='" +
      profile.string() + "' --screenshot='" + png.string() + "' --window-size=1280,2400 'file://" +
      (dir / "report.html").string() + "' >'" + (dir / "chromium.log").string() + "' 2>&1";
  const int status = std::system(command.c_str());
  ASSERT_EQ(status, 0) << read(dir / "chromium.log");
  ASSERT_TRUE(fs::exists(png)) << read(dir / "chromium.log");
  const std::string bytes = read(png);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_GT(bytes.size(), 20'000u);
  fs::remove_all(profile);
}

}  // namespace
}  // namespace lagrange::report
