#include "service/keys.hpp"

#include <gtest/gtest.h>

namespace lagrange::service {
namespace {

// FIPS 180-2, appendix B.1.
TEST(Keys, Sha256OfAbcIsTheFipsExample) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Keys, NewKeysAre32RandomBytesInHex) {
  auto a = new_api_key();
  auto b = new_api_key();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 3u + 64u);
  EXPECT_EQ(a->substr(0, 3), "lg_");
  EXPECT_NE(*a, *b);
}

TEST(Keys, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

}  // namespace
}  // namespace lagrange::service
