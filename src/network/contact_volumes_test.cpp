// ContactVolumes: all-or-nothing reservations.
#include <gtest/gtest.h>

#include <optional>

#include "network/contact_volumes.hpp"
#include "network/internal/test_plans.hpp"
#include "network/router.hpp"

namespace lagrange::network {
namespace {

using test_plans::at;
using test_plans::PlanBuilder;
using test_plans::query;

TEST(ContactVolumes, ReserveIsAllOrNothing) {
  const ContactGraph g = PlanBuilder(3).add(0, 1, 0, 10, 8000).add(1, 2, 0, 1, 8000).graph();
  ContactVolumes volumes(g);
  EXPECT_EQ(volumes.residual_bytes(0), 10'000u);
  EXPECT_EQ(volumes.residual_bytes(1), 1'000u);
  Router router(g);
  const std::optional<Route> r = router.earliest_route(query(0, 0, 500), 2);
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(volumes.reserve(*r, 2000));  // contact 1 holds only 1000 B
  EXPECT_EQ(volumes.residual_bytes(0), 10'000u);
  EXPECT_TRUE(volumes.reserve(*r, 600));
  EXPECT_EQ(volumes.reserved_bytes(0), 600u);
  EXPECT_EQ(volumes.residual_bytes(1), 400u);
  volumes.release(*r, 600);
  EXPECT_EQ(volumes.residual_bytes(1), 1'000u);
}

}  // namespace
}  // namespace lagrange::network
