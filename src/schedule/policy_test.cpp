// Each policy's decision on hand-made options: what it asks the engine to cost and what it
// picks, ties included.
#include "schedule/policy.hpp"

#include <gtest/gtest.h>

namespace lagrange::schedule {
namespace {

const Instant kT0 = Instant::from_unix_seconds(1.8e9);

Candidate candidate(int sat, bool holds, double done_s, bool energy = true, bool room = true) {
  return {sat, holds, kT0 + Duration::from_seconds(done_s), energy, room};
}

// Options given by hand: candidates with their deliveries, a ground delivery, and a count of
// what the policy asked for.
class HandOptions final : public Options {
 public:
  bool station = false;
  std::vector<Candidate> offered;
  std::vector<std::optional<double>> delivery_s;  // per candidate
  std::optional<double> ground_s;
  int asked = 0;

  bool at_station() const override { return station; }
  std::span<const Candidate> candidates() override {
    ++asked;
    return offered;
  }
  std::vector<size_t> among_asked;      // what earliest_delivery was last asked about
  std::optional<Instant> ground_limit;  // what delivery_if_ground was last told
  std::optional<Delivery> earliest_delivery(std::span<const size_t> among) override {
    ++asked;
    among_asked.assign(among.begin(), among.end());
    std::optional<Delivery> best;
    for (const size_t i : among) {
      if (!delivery_s[i]) continue;
      const Instant at = kT0 + Duration::from_seconds(*delivery_s[i]);
      if (!best || at < best->at) best = Delivery{i, at};
    }
    return best;
  }
  std::optional<Instant> delivery_if_ground(std::optional<Instant> before) override {
    ++asked;
    ground_limit = before;
    if (!ground_s) return std::nullopt;
    const Instant at = kT0 + Duration::from_seconds(*ground_s);
    if (before && at >= *before) return std::nullopt;
    return at;
  }
};

Decision decide(std::string_view policy, HandOptions& options) {
  auto p = make_policy(policy);
  EXPECT_TRUE(p.ok());
  return (*p)->decide(options);
}

TEST(Policy, RegistryNamesEveryPolicyOnceAndMakesIt) {
  const auto names = policy_names();
  ASSERT_EQ(names.size(), 4u);
  EXPECT_EQ(names.front(), "bent-pipe");  // the baseline first
  for (const auto n : names) {
    auto p = make_policy(n);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ((*p)->name(), n);
  }
  auto bad = make_policy("offlaod");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message,
            "unknown policy 'offlaod'; known: bent-pipe, on-board, offload, adaptive");
}

TEST(Policy, AtAStationOnlyBentPipeStaysOnTheGround) {
  HandOptions o;
  o.station = true;
  EXPECT_EQ(decide("bent-pipe", o), Decision::ground());
  for (const char* p : {"on-board", "offload", "adaptive"})
    EXPECT_EQ(decide(p, o), Decision::orbit());
  EXPECT_EQ(o.asked, 0);  // nothing to cost
}

TEST(Policy, BentPipeAndOnBoardCostNothing) {
  HandOptions o;
  o.offered = {candidate(3, true, 100)};
  o.delivery_s = {200.0};
  EXPECT_EQ(decide("bent-pipe", o), Decision::ground());
  EXPECT_EQ(decide("on-board", o), Decision::holder());
  EXPECT_EQ(o.asked, 0);
}

TEST(Policy, OffloadTakesTheEarliestCompletionWithEnergyAndRoom) {
  HandOptions o;
  o.offered = {candidate(3, true, 500), candidate(1, false, 300, false), candidate(7, false, 400),
               candidate(5, false, 350, true, false)};
  EXPECT_EQ(decide("offload", o), Decision::on(7));
  o.offered = {candidate(3, true, 400), candidate(1, false, 400)};
  EXPECT_EQ(decide("offload", o), Decision::holder());  // a tie goes to the holder
  o.offered = {candidate(3, true, 400, false), candidate(1, false, 400, false)};
  EXPECT_EQ(decide("offload", o), Decision::holder());  // none will do: wait on the holder
}

TEST(Policy, AdaptiveTakesTheEarliestDeliveryIncludingTheGround) {
  HandOptions o;
  // Neighbour 7 finishes later than the holder but its result gets home first.
  o.offered = {candidate(3, true, 100), candidate(7, false, 150)};
  o.delivery_s = {900.0, 600.0};
  o.ground_s = 700.0;
  EXPECT_EQ(decide("adaptive", o), Decision::on(7));
  o.ground_s = 599.0;
  EXPECT_EQ(decide("adaptive", o), Decision::ground());
  o.ground_s = std::nullopt;      // no route down for the raw data
  o.delivery_s = {600.0, 600.0};  // a tie goes to the holder
  EXPECT_EQ(decide("adaptive", o), Decision::holder());
  // Energy or room missing: that satellite is not an option, the ground still is.
  o.offered = {candidate(3, true, 100, false), candidate(7, false, 150, true, false)};
  o.ground_s = 5000.0;
  EXPECT_EQ(decide("adaptive", o), Decision::ground());
  o.ground_s = std::nullopt;
  EXPECT_EQ(decide("adaptive", o), Decision::holder());  // nothing at all: wait on the holder
}

TEST(Policy, AdaptiveAsksOnceForTheEligibleInTieOrderAndBoundsTheGround) {
  HandOptions o;
  // Offered out of order; 2 has no energy. Asked about the holder first, then by index.
  o.offered = {candidate(8, false, 250), candidate(3, true, 100), candidate(2, false, 90, false),
               candidate(5, false, 120)};
  o.delivery_s = {300.0, 300.0, 100.0, 300.0};
  o.ground_s = 300.0;  // not strictly earlier: the satellites keep it
  EXPECT_EQ(decide("adaptive", o), Decision::holder());
  EXPECT_EQ(o.among_asked, (std::vector<size_t>{1, 3, 0}));
  ASSERT_TRUE(o.ground_limit.has_value());
  EXPECT_EQ(*o.ground_limit, kT0 + Duration::seconds(300));
  // candidates, one question for all the satellites, one for the ground.
  EXPECT_EQ(o.asked, 3);
  o.delivery_s = {std::nullopt, std::nullopt, 100.0, std::nullopt};
  EXPECT_EQ(decide("adaptive", o), Decision::ground());  // no satellite gets it home
  EXPECT_FALSE(o.ground_limit.has_value());
}

}  // namespace
}  // namespace lagrange::schedule
