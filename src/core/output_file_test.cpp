// write_output_file and prepare_output_directory: every failure is an Error naming the path
// and the system's reason. /dev/full (every write fails with ENOSPC) stands in for a full
// disk; /proc and a regular file for directories that cannot be made.
#include "core/output_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace lagrange {
namespace {

namespace fs = std::filesystem;

class OutputFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("lagrange_output_file_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
            std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_F(OutputFile, WritesTheFileWhole) {
  const fs::path path = dir_ / "a.txt";
  std::ofstream(path) << "old and longer content\n";
  ASSERT_TRUE(write_output_file(path, [](std::ostream& out) { out << "new\n"; }).ok());
  EXPECT_EQ(read(path), "new\n");
}

TEST_F(OutputFile, AFullDeviceIsAnErrorWithTheReason) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  // Small (shows only at close) and large (shows on the way) outputs.
  for (size_t bytes : {size_t{16}, size_t{10} << 20}) {
    bool writer_saw_failure = false;
    const Status s = write_output_file("/dev/full", [&](std::ostream& out) {
      const std::string block(16, 'x');  // small writes: buffered by the stream
      for (size_t written = 0; written < bytes && out; written += block.size()) out << block;
      writer_saw_failure = !out;
    });
    ASSERT_FALSE(s.ok()) << bytes;
    EXPECT_EQ(s.error().message, "/dev/full: write failed: No space left on device") << bytes;
    EXPECT_EQ(writer_saw_failure, bytes > 1000) << bytes;
  }
}

TEST_F(OutputFile, APathThatCannotBeOpenedNamesIt) {
  const Status s = write_output_file(dir_ / "no" / "such" / "dir" / "f.txt",
                                     [](std::ostream& out) { out << "x"; });
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("f.txt: cannot open for writing: No such file or directory"),
            std::string::npos)
      << s.error().message;
}

TEST_F(OutputFile, PrepareCreatesTheDirectoryAndLeavesItEmpty) {
  const fs::path out = dir_ / "a" / "b";
  ASSERT_TRUE(prepare_output_directory(out).ok());
  EXPECT_TRUE(fs::is_directory(out));
  EXPECT_TRUE(fs::is_empty(out));
  ASSERT_TRUE(prepare_output_directory(out).ok());  // an existing one is fine too
}

TEST_F(OutputFile, PrepareRefusesWhatCannotBeADirectory) {
  const fs::path file = dir_ / "file";
  std::ofstream(file) << "x";
  Status s = prepare_output_directory(file);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, file.string() + ": exists and is not a directory");
  s = prepare_output_directory(file / "sub");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("sub: cannot create the output directory"), std::string::npos)
      << s.error().message;
  s = prepare_output_directory("/proc/lagrange-output-file-test");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("cannot create the output directory"), std::string::npos)
      << s.error().message;
}

}  // namespace
}  // namespace lagrange
