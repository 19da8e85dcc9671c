#include "core/text.hpp"

#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <span>
#include <string_view>

namespace lagrange {
namespace {

// Regression (issue: binary bytes of a file were echoed raw to the terminal in messages).
TEST(Text, RegressionPrintableEscapesTerminalControlAndInvalidUtf8) {
  EXPECT_EQ(printable("name: x\x1b[31mRED\x01\xff"), "name: x\\x1b[31mRED\\x01\\xff");
  EXPECT_EQ(printable("line one\n\tline two"), "line one\n\tline two");
  EXPECT_EQ(printable("S\xc3\xa3o Paulo \xe2\x82\xac \xf0\x9f\x9b\xb0"),
            "S\xc3\xa3o Paulo \xe2\x82\xac \xf0\x9f\x9b\xb0");  // valid UTF-8 passes
  EXPECT_EQ(printable("\xc3"), "\\xc3");                        // truncated sequence
  EXPECT_EQ(printable("\xc0\xaf"), "\\xc0\\xaf");               // overlong '/'
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");      // a surrogate
  EXPECT_EQ(printable(std::string_view("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(printable("\x7f"), "\\x7f");
}

TEST(Text, ReadTextFileNamesWhatIsWrong) {
  const auto dir = std::filesystem::temp_directory_path() / "lagrange_text_test";
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "small.txt").string();
  std::ofstream(file) << "hello\n";
  auto ok = read_text_file(file);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(*ok, "hello\n");

  auto is_dir = read_text_file(dir.string());
  ASSERT_FALSE(is_dir.ok());
  EXPECT_NE(is_dir.error().message.find("it is a directory"), std::string::npos);

  auto missing = read_text_file((dir / "nope.txt").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("No such file"), std::string::npos);

  auto too_big = read_text_file(file, 3);
  ASSERT_FALSE(too_big.ok());
  EXPECT_NE(too_big.error().message.find("larger than"), std::string::npos);
  std::filesystem::remove_all(dir);
}

// Regression (issue: `propagate --tle /dev/zero` read until bad_alloc).
TEST(Text, RegressionEndlessDeviceStopsAtTheLimit) {
  auto zero = read_text_file("/dev/zero", size_t{1} << 20);
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().message.rfind("/dev/zero: larger than 1 MiB", 0), 0u)
      << zero.error().message;
}

TEST(Text, EditDistanceIsLevenshtein) {
  // Textbook cases (Levenshtein 1966; "kitten" -> "sitting" is the usual example: 3 edits).
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("flaw", "lawn"), 2u);
  EXPECT_EQ(edit_distance("same", "same"), 0u);
}

TEST(Text, ClosestNameSuggestsOnlyLikelyTypos) {
  constexpr std::array<std::string_view, 3> kNames = {"bent-pipe", "on-board", "offload"};
  EXPECT_EQ(closest_name("onboard", kNames), "on-board");
  EXPECT_EQ(closest_name("ofload", kNames), "offload");
  EXPECT_EQ(closest_name("teleport", kNames), "");  // too far from all: no suggestion
  EXPECT_EQ(closest_name("x", std::span<const std::string_view>{}), "");
}

}  // namespace
}  // namespace lagrange
