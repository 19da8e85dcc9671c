// Regression tests of the "hostile input and limits" issue, end to end through the built
// binary: every input gets a clear message and the exit code of the README's table
// (0 done, 1 bad file/scenario or failed run, 2 usage, 3 the answer is "no"); nothing
// crashes, wraps or runs out of memory.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "cli/internal/command_test_fixture.hpp"

namespace lagrange::cli {
namespace {

namespace fs = std::filesystem;
using test::read_file;
using test::RunResult;

const std::string kTle =
    std::string(LAGRANGE_DATA_DIR) + "/tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle";
const std::string kHour = " --start 2026-06-27T00:00:00Z --end 2026-06-27T01:00:00Z";

class HostileInput : public test::CommandTest {
 protected:
  HostileInput() : CommandTest("") {}

  // The default scenario cut to three hours, with its element file given as `elements`.
  std::string scenario_text(const std::string& elements) {
    std::string yaml = read_file(fs::path(LAGRANGE_DATA_DIR) / "scenarios" / "three-body.yaml");
    replace(yaml, "end: 2026-06-28T00:00:00Z", "end: 2026-06-27T03:00:00Z");
    replace(yaml, "at: [2026-06-27T02:00:00Z, 2026-06-27T08:00:00Z, 2026-06-27T14:00:00Z]",
            "at: [2026-06-27T02:00:00Z]");
    replace(yaml, "elements: tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle",
            "elements: " + elements);
    return yaml;
  }

  static void replace(std::string& text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << "three-body.yaml changed: update this test (" << from
                                     << ")";
    text.replace(at, from.size(), to);
  }
};

TEST_F(HostileInput, RegressionThreadsOutOfRangeIsAUsageErrorNotSigsegv) {
  for (const std::string& command :
       {"passes --station A:1:2:3 --tle " + kTle, "contacts --station A:1:2:3 --tle " + kTle,
        "eclipses --tle " + kTle}) {
    SCOPED_TRACE(command);
    for (const char* threads : {"65536", "-5", "many"}) {
      const RunResult r = run(command + kHour + " --threads " + threads);
      EXPECT_EQ(r.exit_code, 2) << r.err;
      EXPECT_NE(r.err.find("--threads"), std::string::npos) << r.err;
    }
  }
}

TEST_F(HostileInput, RegressionNumericOptionsAreRangeChecked) {
  const std::string contacts = "contacts --station A:1:2:3 --tle " + kTle + kHour;
  for (const char* bad : {" --terminals 100000", " --isl-range-km nan", " --isl-rate-gbps -1",
                          " --isl-range-km 1e308"}) {
    const RunResult r = run(contacts + bad);
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.err;
  }
}

TEST_F(HostileInput, RegressionNegativeSeedIsRejectedNotWrapped) {
  const RunResult r = run("run --seed -1 --no-progress");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("must be a non-negative integer"), std::string::npos) << r.err;
}

TEST_F(HostileInput, RegressionBareScenarioFileNameFindsTheElementsBesideIt) {
  fs::copy_file(kTle, dir_ / "my.tle");
  write_temp("my.yaml", scenario_text("my.tle"));
  const fs::path cwd = fs::current_path();
  fs::current_path(dir_);
  const RunResult r = run("scenarios --check my.yaml");
  fs::current_path(cwd);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("12 satellites"), std::string::npos) << r.out;
}

TEST_F(HostileInput, RegressionTooMuchMemoryIsRefusedBeforeBuildingWithWhatToChange) {
  const std::string file = write_temp("s.yaml", scenario_text(kTle));
  setenv("LAGRANGE_MEMORY_LIMIT_GB", "0.01", 1);
  const RunResult check = run("scenarios --check " + file);
  const RunResult go = run("run --no-progress " + file);
  unsetenv("LAGRANGE_MEMORY_LIMIT_GB");
  for (const RunResult& r : {check, go}) {
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("needs about 0."), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("GB of memory, more than the 0.0 GB"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("shorten the window"), std::string::npos) << r.err;
  }
  // Contacts and eclipses check before generating or propagating anything.
  const RunResult huge = run(
      "eclipses --walker 53:1000000/1000/1@550km --start 2026-06-27 --end 2026-06-28");
  EXPECT_EQ(huge.exit_code, 1) << huge.err;
  EXPECT_NE(huge.err.find("1000000 satellites x 1441 samples needs about"), std::string::npos)
      << huge.err;
  const RunResult walker = run("eclipses --walker 53:100000000/1000/1@550km" + kHour);
  EXPECT_EQ(walker.exit_code, 2) << walker.err;  // the spec itself is past the limit
  EXPECT_NE(walker.err.find("more than the 1000000"), std::string::npos) << walker.err;
}

TEST_F(HostileInput, RegressionEndlessElementFileStopsWithAMessage) {
  const RunResult r = run("propagate --tle /dev/zero");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("/dev/zero: larger than 256 MiB"), std::string::npos) << r.err;
}

TEST_F(HostileInput, RegressionInstantsPast2262AreUsageErrorsNotWrapped) {
  RunResult r = run("propagate --tle " + kTle + " --start 3000-01-01");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("outside the supported instants"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  r = run("propagate --tle " + kTle + " --minutes 1e300");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("more than 100 years"), std::string::npos) << r.err;
  r = run("eclipses --tle " + kTle + " --start 2300-01-01 --end 2300-01-02");
  EXPECT_EQ(r.exit_code, 2) << r.err;
}

TEST_F(HostileInput, RegressionBinaryBytesAreEscapedInMessages) {
  const std::string file = write_temp("bin.yaml", "name: x\x1b[2J\x01\xff\n");
  const RunResult r = run("scenarios --check " + file);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << "raw escape byte echoed";
  EXPECT_EQ(r.err.find('\xff'), std::string::npos);
  EXPECT_NE(r.err.find("x\\x1b[2J\\x01\\xff"), std::string::npos) << r.err;
}

TEST_F(HostileInput, RegressionDirectoryIsNamedAsADirectory) {
  RunResult r = run("scenarios --check " + dir_.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("is a directory"), std::string::npos) << r.err;
  r = run("propagate --tle " + dir_.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("it is a directory"), std::string::npos) << r.err;
}

// One test per row of the README's exit-code table.
TEST_F(HostileInput, ExitCodesFollowTheReadmeTable) {
  EXPECT_EQ(run("scenarios").exit_code, 0);
  EXPECT_EQ(run("llm plan --model qwen3-8b --accelerator jetson-agx-orin-64gb").exit_code, 0);
  // 1: a file or scenario that cannot be used.
  EXPECT_EQ(run("scenarios --check /no/such.yaml").exit_code, 1);
  EXPECT_EQ(run("propagate --tle /no/such.tle").exit_code, 1);
  EXPECT_EQ(run("run /no/such.yaml --no-progress").exit_code, 1);
  // 2: the command line is wrong.
  EXPECT_EQ(run("frobnicate").exit_code, 2);
  EXPECT_EQ(run("run --no-such-option").exit_code, 2);
  EXPECT_EQ(run("run --compare warp --no-progress").exit_code, 2);
  EXPECT_EQ(run("passes --tle " + kTle + " --station A:1:2:3 --start yesterday --end now").exit_code,
            2);
  EXPECT_EQ(run("llm plan --model gpt-9 --accelerator jetson-agx-orin-64gb").exit_code, 2);
  // 3: the answer is "no" (regression: llm plan exited 0 when the model did not fit).
  const RunResult no = run("llm plan --model llama-2-13b --precision fp16 --accelerator "
                           "jetson-orin-nano-super --satellites 2");
  EXPECT_EQ(no.exit_code, 3) << no.err;
  EXPECT_NE(no.out.find("Does not fit"), std::string::npos) << no.out;
}

}  // namespace
}  // namespace lagrange::cli
