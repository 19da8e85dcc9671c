// Test-only support for the end-to-end CLI tests: runs the built `lagrange` binary (env
// LAGRANGE_BIN, set by ctest) with one subcommand, capturing exit code, stdout and stderr,
// in a per-test temporary directory that is removed afterwards.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace lagrange::cli::test {

// The built-in scenario's element file: the real SCS-01 satellites.
inline const std::string kThreeBodyTle =
    std::string(LAGRANGE_DATA_DIR) + "/tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle";

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

// Derive with the subcommand's words, e.g. `CommandTest("passes")`; "" runs the bare binary.
class CommandTest : public ::testing::Test {
 protected:
  explicit CommandTest(std::string subcommand) : subcommand_(std::move(subcommand)) {}

  void SetUp() override {
    const char* bin = std::getenv("LAGRANGE_BIN");
    ASSERT_NE(bin, nullptr) << "LAGRANGE_BIN is not set (run through ctest)";
    bin_ = bin;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           (std::string("lagrange_") + info->test_suite_name() + "_" + info->name() + "_" +
            std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs `lagrange <subcommand> <args>` with stdout and stderr captured in files.
  RunResult run(const std::string& args) {
    const std::filesystem::path out = dir_ / "stdout.txt";
    const std::filesystem::path err = dir_ / "stderr.txt";
    const std::string command = "'" + bin_ + "' " + subcommand_ + " " + args + " >'" +
                                out.string() + "' 2>'" + err.string() + "'";
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out), read_file(err)};
  }

  std::string write_temp(const std::string& name, const std::string& text) {
    const std::filesystem::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  std::string subcommand_;
  std::string bin_;
  std::filesystem::path dir_;
};

}  // namespace lagrange::cli::test
