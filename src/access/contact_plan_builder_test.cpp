#include "access/contact_plan_builder.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <sstream>

#include "access/contact_plan_io.hpp"
#include "access/sun.hpp"
#include "core/units.hpp"
#include "orbit/walker.hpp"

namespace lagrange::access {
namespace {

const Instant kStart = Instant::from_unix_seconds(1782518400.0);  // 2026-06-27T00:00:00Z
const Instant kEnd = kStart + Duration::hours(4);

struct Inputs {
  std::vector<orbit::Satellite> satellites;
  std::vector<GridSlot> slots;
  std::vector<GroundStation> stations;
};

Inputs inputs() {
  Inputs in;
  const auto shells = orbit::parse_walker_spec("53:96/8/1@700km").value();
  for (const auto& w : orbit::generate_walker(shells, kStart)) {
    in.slots.push_back({w.shell, w.plane, w.elements.mean_anomaly_deg, false});
    in.satellites.push_back(orbit::Satellite::create(w.elements).value());
  }
  GroundStation a = parse_station_spec("Kashgar:39.5:76.0:1300").value();
  GroundStation b = parse_station_spec("Sanya:18.3:109.3:20").value();
  b.downlink_rate_table = {{5.0, 100e6}, {30.0, 400e6}};
  in.stations = {a, b};
  return in;
}

ContactPlanOptions options() {
  ContactPlanOptions o;
  o.isl.terminal.max_range_km = 6000.0;
  o.threads = 1;
  return o;
}

TEST(ContactPlanBuilderTest, HasEveryKindOfContactAndEclipses) {
  Inputs in = inputs();
  auto plan = build_contact_plan(in.satellites, in.slots, in.stations, kStart, kEnd, options());
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->nodes.size(), 98u);
  EXPECT_EQ(plan->nodes[96].kind, NodeKind::kGroundStation);
  EXPECT_EQ(plan->nodes[96].name, "Kashgar");
  EXPECT_EQ(plan->nodes[0].norad_id, orbit::kFirstSyntheticNoradId);
  std::map<ContactKind, int> kinds;
  std::map<std::tuple<NodeIndex, NodeIndex, int64_t, int64_t>, int> directed;
  for (const Contact& c : plan->contacts) {
    ++kinds[c.kind];
    EXPECT_LT(c.start, c.end);
    EXPECT_GE(c.start, kStart);
    EXPECT_LE(c.end, kEnd);
    EXPECT_GT(c.rate_bps, 0.0);
    EXPECT_GT(c.owlt_s, 0.0);
    EXPECT_LT(c.owlt_s, 0.03);  // LEO: < 9,000 km
    if (c.kind == ContactKind::kInterSatellite) {
      ++directed[{c.from, c.to, c.start.unix_ns(), c.end.unix_ns()}];
      EXPECT_EQ(c.rate_bps, 100e9);
    } else if (c.kind == ContactKind::kGroundToSatellite) {
      EXPECT_GE(c.from, 96u);
      EXPECT_EQ(c.rate_bps, kDefaultUplinkRateBps);
    } else {
      EXPECT_GE(c.to, 96u);
      if (c.to == 97) {
        EXPECT_TRUE(c.rate_bps == 100e6 || c.rate_bps == 400e6);
      }
    }
  }
  EXPECT_GT(kinds[ContactKind::kInterSatellite], 2 * 96);
  EXPECT_GT(kinds[ContactKind::kSatelliteToGround], 0);
  EXPECT_GT(kinds[ContactKind::kGroundToSatellite], 0);
  // Every laser contact has its reverse.
  for (const auto& [key, n] : directed) {
    const auto& [from, to, s, e] = key;
    EXPECT_EQ(directed.count({to, from, s, e}), 1u);
  }
  // Canonical order.
  for (size_t i = 1; i < plan->contacts.size(); ++i) {
    EXPECT_LE(plan->contacts[i - 1].start, plan->contacts[i].start);
  }
  // Eclipses: ~ 2.4 orbits in 4 h, one umbra each, except for planes whose beta angle (Sun
  // above the orbit plane) exceeds the critical asin(Re / r) ~ 64.3 deg at 700 km.
  std::map<NodeIndex, int> umbrae;
  for (const auto& e : plan->eclipses) umbrae[e.satellite] += e.kind == ShadowKind::kUmbra;
  const Vec3 sun = normalized(sun_position_teme_km(kStart));
  int eclipsing = 0;
  for (NodeIndex s = 0; s < 96; ++s) {
    const auto state = in.satellites[s].propagate(kStart).value();
    const double beta_deg =
        rad_to_deg(std::asin(dot(normalized(cross(state.r_km, state.v_km_s)), sun)));
    const double critical_deg = rad_to_deg(std::asin(6378.137 / norm(state.r_km)));
    if (std::abs(beta_deg) > critical_deg + 1.0) {
      EXPECT_EQ(umbrae[s], 0) << s << " beta " << beta_deg;
    } else if (std::abs(beta_deg) < critical_deg - 1.0) {
      EXPECT_GE(umbrae[s], 2) << s << " beta " << beta_deg;
      EXPECT_LE(umbrae[s], 4) << s;
      ++eclipsing;
    }
  }
  EXPECT_GE(eclipsing, 48);
}

TEST(ContactPlanBuilderTest, SplitsDownlinkAtRateTableSteps) {
  Inputs in = inputs();
  ContactPlanOptions o = options();
  o.isl.policy = IslPolicy::kNone;
  o.eclipses = false;
  auto plan = build_contact_plan(in.satellites, in.slots, in.stations, kStart, kEnd, o).value();
  // At Sanya (node 97), high passes have 100 -> 400 -> 100 Mbps pieces back to back.
  int high_rate = 0;
  for (const Contact& c : plan.contacts) {
    if (c.to != 97 || c.rate_bps != 400e6) continue;
    ++high_rate;
    bool before = false;
    bool after = false;
    for (const Contact& d : plan.contacts) {
      if (d.from != c.from || d.to != 97 || d.rate_bps != 100e6) continue;
      before |= d.end == c.start;
      after |= d.start == c.end;
    }
    EXPECT_TRUE(before || c.start == kStart) << format_iso8601(c.start);
    EXPECT_TRUE(after || c.end == kEnd);
  }
  EXPECT_GT(high_rate, 0);
}

TEST(ContactPlanBuilderTest, OutputIsIdenticalAcrossThreadCounts) {
  Inputs in = inputs();
  ContactPlanOptions o = options();
  std::string text[2];
  for (int k = 0; k < 2; ++k) {
    o.threads = k + 1;
    auto plan = build_contact_plan(in.satellites, in.slots, in.stations, kStart,
                                   kStart + Duration::hours(2), o)
                    .value();
    std::ostringstream out;
    write_contacts_csv(plan, out);
    write_eclipses_csv(plan, out);
    text[k] = out.str();
  }
  EXPECT_EQ(text[0], text[1]);
}

TEST(ContactPlanBuilderTest, AGivenEphemerisGivesTheSamePlan) {
  // The twin propagates once and hands the builder its ephemeris (with TEME positions kept for
  // itself); the plan must be the one the builder makes from the satellites.
  Inputs in = inputs();
  const ContactPlanOptions o = options();
  const Instant end = kStart + Duration::hours(2);
  const auto from_satellites =
      build_contact_plan(in.satellites, in.slots, in.stations, kStart, end, o).value();
  EphemerisOptions eo;
  eo.store_teme_position = true;
  eo.threads = 1;
  const Ephemeris ephemeris =
      Ephemeris::compute(in.satellites, TimeGrid::covering(kStart, end, o.step).value(), eo);
  const auto from_ephemeris =
      build_contact_plan(ephemeris, in.slots, in.stations, kStart, end, o).value();
  std::ostringstream a, b;
  write_contacts_csv(from_satellites, a);
  write_eclipses_csv(from_satellites, a);
  write_contacts_csv(from_ephemeris, b);
  write_eclipses_csv(from_ephemeris, b);
  EXPECT_GT(from_satellites.contacts.size(), 100u);
  EXPECT_EQ(a.str(), b.str());
}

TEST(ContactPlanBuilderTest, RejectsBadWindow) {
  Inputs in = inputs();
  auto plan = build_contact_plan(in.satellites, in.slots, in.stations, kEnd, kStart, options());
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.error().message.find("not after"), std::string::npos);
}

}  // namespace
}  // namespace lagrange::access
