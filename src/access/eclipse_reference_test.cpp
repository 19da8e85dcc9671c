// Eclipse boundaries of a real satellite through the whole chain (SGP4 ephemeris, ITRF
// interpolation, ERFA Sun, frames) against an independent reference: python-sgp4 + astropy
// (data/reference/eclipse_scs01a_astropy.csv, scripts/reference/eclipse_sgp4_astropy.py).
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "access/contact_plan_builder.hpp"
#include "orbit/tle.hpp"

namespace lagrange::access {
namespace {

struct Event {
  bool entry = false;
  Instant t;
};

std::vector<Event> load_reference() {
  std::ifstream in(std::string(LAGRANGE_DATA_DIR) + "/reference/eclipse_scs01a_astropy.csv");
  std::vector<Event> events;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    const auto c1 = line.find(',');
    const auto c2 = line.find(',', c1 + 1);
    events.push_back({line.substr(c1 + 1, c2 - c1 - 1) == "umbra_entry",
                      parse_iso8601(line.substr(c2 + 1)).value()});
  }
  return events;
}

TEST(EclipseReferenceTest, UmbraBoundariesMatchSgp4AndAstropy) {
  const auto events = load_reference();
  ASSERT_EQ(events.size(), 4u);
  auto sets = orbit::load_tle_file(std::string(LAGRANGE_DATA_DIR) +
                                   "/tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle");
  ASSERT_TRUE(sets.ok());
  std::vector<orbit::Satellite> sats{orbit::Satellite::create(sets->sets.at(0)).value()};
  ASSERT_EQ(sats[0].elements().norad_id, 63982u);
  ContactPlanOptions o;
  o.ground = false;
  o.isl.policy = IslPolicy::kNone;
  o.eclipse.model.oblate = false;  // the reference uses a sphere of 6378.137 km
  const Instant start = parse_iso8601("2026-06-27T00:00:00Z").value();
  auto plan = build_contact_plan(sats, {}, {}, start, start + Duration::hours(3), o);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  std::vector<Event> ours;
  for (const auto& e : plan->eclipses) {
    if (e.kind != ShadowKind::kUmbra) continue;
    if (e.start != start) ours.push_back({true, e.start});
    if (e.end != plan->window_end) ours.push_back({false, e.end});
  }
  ASSERT_EQ(ours.size(), events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(ours[i].entry, events[i].entry) << i;
    // Same SGP4, same Sun model class (ERFA vs astropy/ERFA): agreement to a few ms.
    EXPECT_NEAR((ours[i].t - events[i].t).to_seconds(), 0.0, 0.02) << format_iso8601(ours[i].t);
  }
}

}  // namespace
}  // namespace lagrange::access
