// End-to-end tests of `lagrange scenarios`: they run the built binary (env LAGRANGE_BIN).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace lagrange::cli {
namespace {

namespace fs = std::filesystem;

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class ScenariosCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* bin = std::getenv("LAGRANGE_BIN");
    ASSERT_NE(bin, nullptr) << "LAGRANGE_BIN is not set (run through ctest)";
    bin_ = bin;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           (std::string("lagrange_scenarios_") + info->name() + "_" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  RunResult run(const std::string& args) {
    const fs::path out = dir_ / "stdout.txt";
    const fs::path err = dir_ / "stderr.txt";
    const std::string command =
        "'" + bin_ + "' scenarios " + args + " >'" + out.string() + "' 2>'" + err.string() + "'";
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
  }

  std::string bin_;
  fs::path dir_;
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
  EXPECT_NE(r.err.find("built-ins: three-body, walker-300"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace lagrange::cli
