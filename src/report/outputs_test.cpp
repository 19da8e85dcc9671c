#include "report/outputs.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "report/internal/test_run_result.hpp"
#include "scenario/scenario.hpp"

namespace lagrange::report {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class WriteOutputs : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("lagrange_report_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
            std::to_string(getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(dir_, ec);
  }
  std::vector<std::string> all_files() const {
    return {std::begin(scenario::kOutputFiles), std::end(scenario::kOutputFiles)};
  }
  fs::path dir_;
};

TEST_F(WriteOutputs, WritesEveryRequestedFileIntoANewDirectory) {
  const auto files = all_files();
  const auto written = write_outputs(test::make_run_result(), files, dir_ / "nested" / "out");
  ASSERT_TRUE(written.ok()) << written.error().message;
  ASSERT_EQ(written->size(), files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    EXPECT_EQ((*written)[i], dir_ / "nested" / "out" / files[i]);
    EXPECT_GT(fs::file_size((*written)[i]), 100u) << files[i];
  }
}

TEST_F(WriteOutputs, WritesOnlyWhatIsAsked) {
  const std::vector<std::string> files = {"jobs.csv"};
  ASSERT_TRUE(write_outputs(test::make_run_result(), files, dir_).ok());
  EXPECT_TRUE(fs::exists(dir_ / "jobs.csv"));
  EXPECT_FALSE(fs::exists(dir_ / "summary.json"));
}

TEST_F(WriteOutputs, SameRunGivesByteIdenticalFiles) {
  const auto files = all_files();
  ASSERT_TRUE(write_outputs(test::make_run_result(), files, dir_ / "a").ok());
  ASSERT_TRUE(write_outputs(test::make_run_result(), files, dir_ / "b").ok());
  for (const auto& f : files) EXPECT_EQ(read(dir_ / "a" / f), read(dir_ / "b" / f)) << f;
}

TEST_F(WriteOutputs, UnknownFileNameListsTheKnownOnes) {
  const std::vector<std::string> files = {"report.pdf"};
  const auto written = write_outputs(test::make_run_result(), files, dir_);
  ASSERT_FALSE(written.ok());
  EXPECT_NE(written.error().message.find("unknown output file 'report.pdf'"), std::string::npos);
  EXPECT_NE(written.error().message.find("summary.json, jobs.csv"), std::string::npos);
}

TEST_F(WriteOutputs, DirectoryThatIsAFileIsAnErrorNamingIt) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "plain") << "x";
  const std::vector<std::string> files = {"jobs.csv"};
  const auto written = write_outputs(test::make_run_result(), files, dir_ / "plain");
  ASSERT_FALSE(written.ok());
  EXPECT_NE(written.error().message.find((dir_ / "plain").string()), std::string::npos)
      << written.error().message;
}

TEST_F(WriteOutputs, UnwritableDirectoryIsAnErrorNamingThePath) {
  if (geteuid() == 0) GTEST_SKIP() << "root can write anywhere";
  fs::create_directories(dir_);
  fs::permissions(dir_, fs::perms::owner_read | fs::perms::owner_exec);
  const std::vector<std::string> files = {"summary.json"};
  const auto written = write_outputs(test::make_run_result(), files, dir_);
  ASSERT_FALSE(written.ok());
  EXPECT_NE(written.error().message.find((dir_ / "summary.json").string()), std::string::npos)
      << written.error().message;
}

TEST_F(WriteOutputs, AFileThatCannotBeOpenedIsAnErrorNamingItTheOthersAreWritten) {
  // A directory where jobs.csv should go (works as root, unlike permissions).
  fs::create_directories(dir_ / "jobs.csv");
  const std::vector<std::string> files = {"summary.json", "jobs.csv", "satellites.csv"};
  const auto written = write_outputs(test::make_run_result(), files, dir_);
  ASSERT_FALSE(written.ok());
  EXPECT_NE(written.error().message.find((dir_ / "jobs.csv").string() + ": cannot open"),
            std::string::npos)
      << written.error().message;
  EXPECT_GT(fs::file_size(dir_ / "satellites.csv"), 100u);
}

TEST_F(WriteOutputs, DirectoryThatCannotBeCreatedIsAnErrorNamingIt) {
  // Nobody, root included, can create directories in /proc.
  const fs::path dir = "/proc/lagrange-report-test/out";
  const std::vector<std::string> files = {"summary.json"};
  const auto written = write_outputs(test::make_run_result(), files, dir);
  ASSERT_FALSE(written.ok());
  EXPECT_NE(written.error().message.find(dir.string() + ": cannot create the output directory"),
            std::string::npos)
      << written.error().message;
}

// A full disk, as /dev/full behind the file's name: the streamed CSV and a whole-rendered
// file both fail with the path and the reason instead of being reported as written.
TEST_F(WriteOutputs, AFullDiskIsAnErrorNamingTheFileAndTheReason) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  for (const char* file : {"satellites.csv", "summary.json"}) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::create_symlink("/dev/full", dir_ / file);
    const std::vector<std::string> files = {file};
    const auto written = write_outputs(test::make_run_result(), files, dir_);
    ASSERT_FALSE(written.ok()) << file;
    EXPECT_EQ(written.error().message,
              (dir_ / file).string() + ": write failed: No space left on device");
  }
}

}  // namespace
}  // namespace lagrange::report
