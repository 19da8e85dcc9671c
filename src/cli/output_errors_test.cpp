// Output that fails loudly: every command with stdout on a full device exits non-zero with a
// message on stderr (never 0 with the output lost), and `lagrange run` refuses an output
// directory it cannot write before it builds the world. They run the built binary.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli/internal/command_test_fixture.hpp"

namespace lagrange::cli {
namespace {

namespace fs = std::filesystem;
using test::read_file;
using test::RunResult;

const std::string& kThreeBody = test::kThreeBodyTle;
const std::string kWindow = " --start 2026-06-27T00:00:00Z --end 2026-06-27T03:00:00Z";

class OutputErrors : public test::CommandTest {
 protected:
  OutputErrors() : CommandTest("") {}

  // Runs `lagrange <args>` with stdout on /dev/full.
  RunResult run_to_full_device(const std::string& args) {
    const fs::path err = dir_ / "stderr.txt";
    const std::string command = "'" + bin_ + "' " + args + " >/dev/full 2>'" + err.string() + "'";
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, "", read_file(err)};
  }
};

TEST_F(OutputErrors, EveryCommandFailsWhenStdoutIsFull) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  const std::string stations = " --station Svalbard:78.2298:15.4078:480";
  const std::string commands[] = {
      "--help",
      "--version",
      "propagate --tle " + kThreeBody + " --minutes 0",
      "propagate --tle " + kThreeBody + " --minutes 0 --format json",
      "passes --tle " + kThreeBody + stations + kWindow,
      "passes --tle " + kThreeBody + stations + kWindow + " --format json",
      "contacts --tle " + kThreeBody + stations + kWindow,
      "eclipses --tle " + kThreeBody + kWindow,
      "scenarios",
      "scenarios --check three-body",
      "llm models",
      "llm accelerators",
  };
  for (const std::string& args : commands) {
    const RunResult r = run_to_full_device(args);
    EXPECT_EQ(r.exit_code, 1) << args << "\n" << r.err;
    // The reason is the system's when the command still knows it (some stop writing at the
    // first refusal and learn of it only from the stream's state).
    EXPECT_NE(r.err.find("could not write the output"), std::string::npos) << args << "\n" << r.err;
  }
}

TEST_F(OutputErrors, ContactPlanToAFullDeviceFileNamesIt) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  const RunResult r = run("contacts --tle " + kThreeBody +
                          " --station Svalbard:78.2298:15.4078:480 --output /dev/full" + kWindow);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("/dev/full: write failed: No space left on device"), std::string::npos)
      << r.err;
  const RunResult e = run("eclipses --tle " + kThreeBody + " --output /dev/full" + kWindow);
  EXPECT_EQ(e.exit_code, 1) << e.err;
  EXPECT_NE(e.err.find("/dev/full: write failed: No space left on device"), std::string::npos)
      << e.err;
}

// Before the world is built: no progress line, only the message (with progress on).
TEST_F(OutputErrors, RunRefusesAnOutputDirectoryItCannotWriteBeforeRunning) {
  const std::string file = write_temp("a-file", "not a directory\n");
  const struct {
    std::string output;
    std::string message;
  } cases[] = {
      {file, file + ": exists and is not a directory"},
      {file + "/sub", file + "/sub: cannot create the output directory: Not a directory"},
      {"/proc/lagrange/out", "/proc/lagrange/out: cannot create the output directory"},
  };
  for (const auto& c : cases) {
    const RunResult r = run("run three-body --output '" + c.output + "'");
    EXPECT_EQ(r.exit_code, 1) << c.output << "\n" << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err.find("lagrange run: " + c.message), 0u) << r.err;
    EXPECT_EQ(test::lines_of(r.err).size(), 1u) << r.err;
  }
}

TEST_F(OutputErrors, RunLeavesNoProbeFileBehind) {
  // The default scenario cut to three hours, so the run stays quick.
  std::string yaml = read_file(fs::path(LAGRANGE_DATA_DIR) / "scenarios" / "three-body.yaml");
  const std::string from = "end: 2026-06-28T00:00:00Z";
  const size_t at = yaml.find(from);
  ASSERT_NE(at, std::string::npos) << "three-body.yaml changed: update this test";
  yaml.replace(at, from.size(), "end: 2026-06-27T03:00:00Z");
  const std::string arrivals =
      "at: [2026-06-27T02:00:00Z, 2026-06-27T08:00:00Z, 2026-06-27T14:00:00Z]";
  const size_t arrivals_at = yaml.find(arrivals);
  ASSERT_NE(arrivals_at, std::string::npos) << "three-body.yaml changed: update this test";
  yaml.replace(arrivals_at, arrivals.size(), "at: [2026-06-27T02:00:00Z]");
  const std::string scenario = write_temp("short.yaml", yaml);
  const fs::path out = dir_ / "new" / "out";
  const RunResult r = run("run '" + scenario + "' --no-progress --compare on-board --output '" +
                          out.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(out)) {
    EXPECT_NE(entry.path().filename().string().find('.'), 0u) << entry.path();
    ++files;
  }
  EXPECT_EQ(files, 5u);
}

}  // namespace
}  // namespace lagrange::cli
