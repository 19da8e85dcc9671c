// End-to-end tests of `lagrange scenarios`: they run the built binary (env LAGRANGE_BIN).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cli/internal/command_test_fixture.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace lagrange::cli {
namespace {

namespace fs = std::filesystem;
using test::lines_of;
using test::read_file;
using test::RunResult;

class ScenariosCommand : public test::CommandTest {
 protected:
  ScenariosCommand() : CommandTest("scenarios") {}
};

TEST_F(ScenariosCommand, ListsTheBuiltIns) {
  const RunResult r = run("");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("three-body*"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("walker-300"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" 300 "), std::string::npos) << r.out;
}

TEST_F(ScenariosCommand, CheckSummarisesAValidScenario) {
  const RunResult r = run("--check three-body");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("12 satellites"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Policies: bent-pipe, on-board, offload"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Estimated memory for `lagrange run`: 0."), std::string::npos) << r.out;
}

TEST_F(ScenariosCommand, CheckReportsEveryErrorWithFileAndLine) {
  const fs::path file = dir_ / "bad.yaml";
  std::ofstream(file) << "name: bad\n"
                         "start: 2026-06-27T00:00:00Z\n"
                         "end: 2026-06-26T00:00:00Z\n"
                         "policies: [bentpipe]\n";
  const RunResult r = run("--check '" + file.string() + "'");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find(file.string() + ":3:6: end: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(file.string() + ":4:12: policies[0]: unknown policy 'bentpipe'"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("missing required field 'constellation'"), std::string::npos) << r.err;
}

TEST_F(ScenariosCommand, UnknownNameListsTheBuiltIns) {
  const RunResult r = run("--check no-such-scenario");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("built-ins: three-body-faults, three-body, walker-1000, walker-300"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace lagrange::cli
