#include "sim/llm_placement.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/units.hpp"
#include "sim/internal/test_world.hpp"

namespace lagrange::sim {
namespace {

using test::catalog;
using test::parse;

// Twelve satellites 30 deg apart on one equatorial ring at 550 km: neighbours are ~3,590 km
// apart with their chord ~310 km above the Earth; satellites two apart (60 deg) have their
// chord's midpoint ~6,000 km from the centre, i.e. through the Earth.
std::string ring_yaml(const std::string& accelerator, double range_km) {
  return R"(name: ring
start: 2026-06-27T00:00:00Z
end: 2026-06-27T06:00:00Z
constellation:
  walker:
    - {pattern: delta, inclination_deg: 0, total: 12, planes: 1, phasing: 0, altitude_km: 550}
satellite_classes:
  - name: std
    accelerator: {id: )" +
         accelerator + R"(}
    storage_gb: 100
    power: {solar_array_w: 100, battery_wh: 200}
    lasers: {count: 2, range_km: )" +
         std::to_string(range_km) + R"(, rate_gbps: 100}
ground_stations:
  stations:
    - {name: Home, latitude_deg: 30, longitude_deg: 120}
)";
}

access::Ephemeris ephemeris_of(const scenario::Scenario& s, Duration span = Duration::hours(2)) {
  auto e = scenario_ephemeris(s, s.start, s.start + span);
  EXPECT_TRUE(e.ok()) << e.error().message;
  return std::move(e).value();
}

LlmPlacementRequest request(const scenario::Scenario& s, const std::string& model,
                            const std::string& precision) {
  LlmPlacementRequest r;
  r.model = model;
  r.precision = precision;
  r.at = s.start + Duration::minutes(10);
  return r;
}

Vec3 position_km(const access::Ephemeris& e, size_t sat, Instant t) {
  auto state = e.at(sat, t);
  EXPECT_TRUE(state.ok());
  return state->itrf.r_km;
}

// Hand geometry: the distance from the Earth's centre to the chord a-b (a sphere suffices on
// the equator, where the WGS-84 ellipsoid has its equatorial radius).
double chord_height_km(const Vec3& a, const Vec3& b) {
  const double ra = norm(a);
  const double rb = norm(b);
  const double cos_angle = dot(a, b) / (ra * rb);
  const double range = std::sqrt(ra * ra + rb * rb - 2.0 * ra * rb * cos_angle);
  const double sin_angle = std::sqrt(1.0 - cos_angle * cos_angle);
  return ra * rb * sin_angle / range - kWgs84EquatorialRadius_km;
}

double law_of_cosines_range_km(const Vec3& a, const Vec3& b) {
  const double ra = norm(a);
  const double rb = norm(b);
  return std::sqrt(ra * ra + rb * rb - 2.0 * dot(a, b));
}

TEST(LlmPlacementNetwork, DirectLinksFollowHandGeometry) {
  const auto s = parse(ring_yaml("jetson-orin-nano-super", 20000));
  const auto e = ephemeris_of(s);
  const auto r = request(s, "qwen3-8b", "int4");
  auto net = build_candidate_network(s, catalog(), e, r);
  ASSERT_TRUE(net.ok()) << net.error().message;
  ASSERT_EQ(net->candidates.size(), 12u);
  int direct = 0;
  for (size_t i = 0; i < 12; ++i) {
    for (size_t j = 0; j < 12; ++j) {
      if (i == j) continue;
      const size_t a = net->candidates[i];
      const size_t b = net->candidates[j];
      const Vec3 ra = position_km(e, a, r.at);
      const Vec3 rb = position_km(e, b, r.at);
      ASSERT_NEAR(ra.z, 0.0, 1e-6);  // the ring is equatorial: a sphere is exact
      const bool blocked = chord_height_km(ra, rb) <= 80.0;
      const LinkRoute& route = net->route(i, j);
      ASSERT_FALSE(route.path.empty()) << i << " " << j;  // the ring connects everyone
      if (!blocked) {
        ++direct;
        EXPECT_EQ(route.hops(), 1u);
        const double range = law_of_cosines_range_km(ra, rb);
        EXPECT_NEAR(net->links.light_time_s(i, j), range / 299792.458, 1e-12);
        EXPECT_EQ(net->links.rate_bps(i, j), 100e9);
      } else {
        EXPECT_GT(route.hops(), 1u) << a << " " << b;
      }
    }
  }
  EXPECT_EQ(direct, 24);  // each satellite sees its two neighbours only
}

TEST(LlmPlacementNetwork, PathOrderWalksTheRingAndRoutesTakeTheShortWay) {
  const auto s = parse(ring_yaml("jetson-orin-nano-super", 20000));
  const auto e = ephemeris_of(s);
  const auto r = request(s, "qwen3-8b", "int4");
  auto net = build_candidate_network(s, catalog(), e, r);
  ASSERT_TRUE(net.ok()) << net.error().message;
  double hop_light_s = 0.0;
  for (size_t i = 0; i + 1 < 12; ++i) {
    ASSERT_EQ(net->route(i, i + 1).hops(), 1u) << i;  // consecutive candidates are neighbours
    hop_light_s = net->links.light_time_s(i, i + 1);
  }
  for (size_t i = 0; i < 12; ++i) {
    for (size_t j = 0; j < 12; ++j) {
      if (i == j) continue;
      const size_t ring_distance = std::min((i + 12 - j) % 12, (j + 12 - i) % 12);
      const LinkRoute& route = net->route(i, j);
      EXPECT_EQ(route.hops(), ring_distance) << i << " " << j;
      // Store and forward on equal hops: rate / hops (as chain_links), light time summed.
      EXPECT_NEAR(net->links.rate_bps(i, j), 100e9 / static_cast<double>(ring_distance), 1.0);
      EXPECT_NEAR(net->links.light_time_s(i, j), hop_light_s * static_cast<double>(ring_distance),
                  1e-4 * hop_light_s);
      double sum_km = 0.0;
      for (size_t k = 0; k + 1 < route.path.size(); ++k) {
        sum_km +=
            norm(position_km(e, route.path[k + 1], r.at) - position_km(e, route.path[k], r.at));
      }
      EXPECT_NEAR(route.range_km, sum_km, 1e-6);
    }
  }
}

TEST(LlmPlacementNetwork, OutOfRangeMeansNoLinks) {
  const auto s = parse(ring_yaml("jetson-orin-nano-super", 3500));  // neighbours ~3,590 km
  const auto e = ephemeris_of(s);
  auto net = build_candidate_network(s, catalog(), e, request(s, "qwen3-8b", "int4"));
  ASSERT_TRUE(net.ok()) << net.error().message;
  for (size_t i = 0; i < 12; ++i) {
    for (size_t j = 0; j < 12; ++j) EXPECT_EQ(net->links.rate_bps(i, j), 0.0);
  }
}

TEST(LlmPlacementNetwork, DeratedTerminalsFallWithTheSquareOfTheRange) {
  std::string text = ring_yaml("jetson-orin-nano-super", 20000);
  text.replace(text.find("rate_gbps: 100}"), 15,
               "rate_gbps: 100, derate_reference_range_km: 1000}");
  const auto s = parse(text);
  const auto e = ephemeris_of(s);
  const auto r = request(s, "qwen3-8b", "int4");
  auto net = build_candidate_network(s, catalog(), e, r);
  ASSERT_TRUE(net.ok()) << net.error().message;
  for (size_t i = 0; i + 1 < 12; ++i) {
    const double range = law_of_cosines_range_km(position_km(e, net->candidates[i], r.at),
                                                 position_km(e, net->candidates[i + 1], r.at));
    const double expected = 100e9 * (1000.0 / range) * (1000.0 / range);  // ~7.8 Gbps at 3,590 km
    EXPECT_NEAR(net->links.rate_bps(i, i + 1), expected, 1e-9 * expected);
  }
}

TEST(LlmPlacement, ModelThatFitsStaysOnOneSatelliteWithNoLinks) {
  const auto s = parse(ring_yaml("jetson-orin-nano-super", 20000));
  const auto e = ephemeris_of(s);
  auto p = plan_llm_placement(s, catalog(), e, request(s, "qwen3-8b", "int4"));
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_TRUE(p->feasible);
  EXPECT_FALSE(p->result.split_needed);
  ASSERT_EQ(p->stage_satellites.size(), 1u);
  EXPECT_TRUE(p->used_routes.empty());
  EXPECT_TRUE(p->valid_until_is_horizon);
  EXPECT_EQ(p->valid_until, e.grid().last());
}

TEST(LlmPlacement, ExcludingTheHostMovesTheModel) {
  const auto s = parse(ring_yaml("jetson-orin-nano-super", 20000));
  const auto e = ephemeris_of(s);
  auto r = request(s, "qwen3-8b", "int4");
  auto first = plan_llm_placement(s, catalog(), e, r);
  ASSERT_TRUE(first.ok() && first->feasible);
  const size_t host = first->stage_satellites.at(0);
  r.excluded.push_back(host);
  auto second = plan_llm_placement(s, catalog(), e, r);
  ASSERT_TRUE(second.ok()) << second.error().message;
  ASSERT_TRUE(second->feasible);
  ASSERT_EQ(second->stage_satellites.size(), 1u);
  EXPECT_NE(second->stage_satellites[0], host);
  EXPECT_EQ(std::count(second->network.candidates.begin(), second->network.candidates.end(), host),
            0);

  for (size_t sat = 0; sat < s.satellites.size(); ++sat) r.excluded.push_back(sat);
  auto none = plan_llm_placement(s, catalog(), e, r);
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_FALSE(none->feasible);
  EXPECT_TRUE(none->network.candidates.empty());
}

TEST(LlmPlacement, LargeModelIsSplitOverNeighbours) {
  // Llama-2-13B fp16 (26 GB of weights) on 8 GB Orin Nanos: five or more stages.
  const auto s = parse(ring_yaml("jetson-orin-nano-super", 20000));
  const auto e = ephemeris_of(s);
  auto p = plan_llm_placement(s, catalog(), e, request(s, "llama-2-13b", "fp16"));
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_TRUE(p->feasible);
  EXPECT_TRUE(p->result.split_needed);
  const auto& stages = p->result.plan.stages;
  ASSERT_GE(stages.size(), 4u);
  for (const auto& st : stages) EXPECT_TRUE(st.estimate.fits);
  EXPECT_EQ(p->used_routes.size(), stages.size());  // each cut plus the token id back
  std::vector<size_t> hosts = p->stage_satellites;
  std::sort(hosts.begin(), hosts.end());
  EXPECT_EQ(std::unique(hosts.begin(), hosts.end()), hosts.end());
  // The ring never changes shape: its links outlive the grid.
  EXPECT_TRUE(p->valid_until_is_horizon);
}

// Every increasing sequence of candidates and every contiguous cut of the layers, costed by
// compute::evaluate_placement on the same link matrix.
double brute_force_latency(const compute::PipelineRequest& request, int max_stages,
                           size_t& best_stage_count) {
  const int layers = request.workload.model.layers;
  const size_t n = request.satellites.size();
  double best = std::numeric_limits<double>::infinity();
  for (unsigned mask = 1; mask < (1u << n); ++mask) {
    std::vector<size_t> sats;
    for (size_t i = 0; i < n; ++i) {
      if (mask & (1u << i)) sats.push_back(i);
    }
    const int k = static_cast<int>(sats.size());
    if (k > max_stages) continue;
    // Cuts c_1 < ... < c_{k-1} in [1, layers - 1].
    std::vector<int> cuts(static_cast<size_t>(k - 1));
    for (int c = 0; c < k - 1; ++c) cuts[static_cast<size_t>(c)] = c + 1;
    for (;;) {
      std::vector<compute::StagePlacement> placements;
      int begin = 0;
      for (int c = 0; c < k; ++c) {
        const int end = c + 1 < k ? cuts[static_cast<size_t>(c)] : layers;
        placements.push_back(compute::StagePlacement{sats[static_cast<size_t>(c)], begin, end});
        begin = end;
      }
      auto plan = compute::evaluate_placement(request, placements);
      if (!plan.ok()) {
        ADD_FAILURE() << plan.error().message;
        return best;
      }
      if (plan->feasible && plan->decode_token_s < best * (1.0 - 1e-12)) {
        best = plan->decode_token_s;
        best_stage_count = placements.size();
      }
      int c = k - 2;  // next combination of cuts
      while (c >= 0 && cuts[static_cast<size_t>(c)] == layers - (k - 1 - c)) --c;
      if (c < 0) break;
      ++cuts[static_cast<size_t>(c)];
      for (int d = c + 1; d < k - 1; ++d) {
        cuts[static_cast<size_t>(d)] = cuts[static_cast<size_t>(d - 1)] + 1;
      }
    }
  }
  return best;
}

TEST(LlmPlacement, SplitEqualsBruteForceOnASmallCase) {
  // Llama-3-8B fp16 (16 GB) on 8 GB Nanos needs three stages; six candidates, four stages.
  const auto s = parse(ring_yaml("jetson-orin-nano-super", 20000));
  const auto e = ephemeris_of(s);
  auto r = request(s, "llama-3-8b", "fp16");
  r.max_candidates = 6;
  r.max_stages = 4;
  auto p = plan_llm_placement(s, catalog(), e, r);
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_TRUE(p->feasible);
  ASSERT_EQ(p->network.candidates.size(), 6u);

  compute::PipelineRequest pipeline;
  pipeline.workload = p->workload;
  pipeline.satellites = p->network.devices;
  pipeline.links = p->network.links;
  pipeline.max_stages = r.max_stages;
  size_t brute_stages = 0;
  const double brute = brute_force_latency(pipeline, r.max_stages, brute_stages);
  EXPECT_NEAR(p->result.plan.decode_token_s, brute, 1e-12 * brute);
  EXPECT_EQ(p->result.plan.stages.size(), brute_stages);
  EXPECT_EQ(brute_stages, 3u);
}

// Two planes of six at 60 deg inclination: in-plane neighbours (60 deg apart) are hidden by
// the Earth, so a split rides on cross-plane links that open and close as the planes' satellites
// pass each other. At valid_until a used hop is down; one second earlier all were up.
TEST(LlmPlacement, LinkLifetimeOnCrossingPlanes) {
  std::string text = ring_yaml("jetson-orin-nano-super", 5400);
  const std::string one_plane = "inclination_deg: 0, total: 12, planes: 1, phasing: 0";
  text.replace(text.find(one_plane), one_plane.size(),
               "inclination_deg: 60, total: 12, planes: 2, phasing: 1");
  const auto s = parse(text);
  const auto e = ephemeris_of(s, Duration::hours(6));
  auto r = request(s, "llama-3-8b", "fp16");
  auto p = plan_llm_placement(s, catalog(), e, r);
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_TRUE(p->feasible);
  ASSERT_GT(p->stage_satellites.size(), 1u);
  EXPECT_GT(p->valid_until, r.at);
  EXPECT_LE(p->valid_until, e.grid().last());
  auto all_up = [&](Instant t) {
    for (const LinkRoute& route : p->used_routes) {
      for (size_t k = 0; k + 1 < route.path.size(); ++k) {
        const size_t a = route.path[k];
        const size_t b = route.path[k + 1];
        if (!direct_link(s.class_of(a), position_km(e, a, t), s.class_of(b),
                         position_km(e, b, t))) {
          return false;
        }
      }
    }
    return true;
  };
  EXPECT_TRUE(all_up(r.at));
  EXPECT_TRUE(all_up(p->valid_until - Duration::seconds(1)));
  ASSERT_FALSE(p->valid_until_is_horizon);
  EXPECT_FALSE(all_up(p->valid_until));

  // Re-planning at valid_until gives a placement valid from then on.
  r.at = p->valid_until;
  auto next = plan_llm_placement(s, catalog(), e, r);
  ASSERT_TRUE(next.ok()) << next.error().message;
  if (next->feasible && next->stage_satellites.size() > 1) {
    EXPECT_GT(next->valid_until, r.at);
  }
}

TEST(LlmPlacement, MalformedRequestsAreErrors) {
  const auto s = parse(ring_yaml("jetson-orin-nano-super", 20000));
  const auto e = ephemeris_of(s);
  auto r = request(s, "qwen3-8b", "int4");
  r.at = s.start + Duration::hours(3);
  auto outside = plan_llm_placement(s, catalog(), e, r);
  ASSERT_FALSE(outside.ok());
  EXPECT_NE(outside.error().message.find("outside the ephemeris grid"), std::string::npos);

  r = request(s, "gpt-9", "int4");
  auto model = plan_llm_placement(s, catalog(), e, r);
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.error().message.find("llama-3-8b"), std::string::npos) << model.error().message;

  r = request(s, "qwen3-8b", "int4");
  r.excluded = {99};
  EXPECT_FALSE(plan_llm_placement(s, catalog(), e, r).ok());

  std::string six = ring_yaml("jetson-orin-nano-super", 20000);
  six.replace(six.find("total: 12"), 9, "total: 6");
  const auto other = parse(six);
  auto mismatch = plan_llm_placement(other, catalog(), e, request(other, "qwen3-8b", "int4"));
  ASSERT_FALSE(mismatch.ok());
  EXPECT_NE(mismatch.error().message.find("12 satellites"), std::string::npos);
}

}  // namespace
}  // namespace lagrange::sim
