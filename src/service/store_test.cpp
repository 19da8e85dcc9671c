#include "service/store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

namespace lagrange::service {
namespace {

std::filesystem::path temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "lagrange-store-XXXXXX").string();
  return mkdtemp(pattern.data());
}

TEST(Store, RowsSurviveReopeningInSequenceOrder) {
  const auto dir = temp_dir();
  {
    auto store = Store::open(dir, {});
    ASSERT_TRUE(store.ok()) << store.error().message;
    TenantRow t{"acme", 2.0, {1e12, 5e9, 10}, "hash"};
    JournalRow add{1, JournalKind::kTenant, Instant::from_unix_ns(5), "acme", {}, 0, "", "", ""};
    JournalRow sub{2,
                   JournalKind::kSubmit,
                   Instant::from_unix_ns(7),
                   "acme",
                   Instant::from_unix_ns(9),
                   0,
                   "k1",
                   "bh",
                   "{\"kind\":\"x\"}"};
    ASSERT_TRUE((*store)->commit(std::vector{t}, std::vector{add, sub}).ok());
    ASSERT_TRUE((*store)->set_setting("scenario", "three-body").ok());
  }
  auto store = Store::open(dir, {});
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->setting("scenario"), "three-body");
  auto tenants = (*store)->tenants();
  ASSERT_EQ(tenants->size(), 1u);
  EXPECT_EQ((*tenants)[0].quotas.downlink_bytes_per_day, 5e9);
  auto rows = (*store)->journal();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].kind, JournalKind::kSubmit);
  EXPECT_EQ((*rows)[1].at, Instant::from_unix_ns(9));
  EXPECT_EQ((*rows)[1].idempotency_key, "k1");
  EXPECT_EQ((*rows)[1].request, "{\"kind\":\"x\"}");
  EXPECT_EQ((*store)->setting("journal_mode"), std::nullopt);
  std::filesystem::remove_all(dir);
}

TEST(Store, ACommitThatBreaksAConstraintLeavesNothing) {
  const auto dir = temp_dir();
  auto store = Store::open(dir, {});
  ASSERT_TRUE(store.ok());
  JournalRow a{1, JournalKind::kSubmit, {}, "t", {}, 0, "same", "h", "{}"};
  JournalRow b{2, JournalKind::kSubmit, {}, "t", {}, 1, "same", "h", "{}"};  // key reused
  EXPECT_FALSE((*store)->commit({}, std::vector{a, b}).ok());
  EXPECT_TRUE((*store)->journal()->empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lagrange::service
