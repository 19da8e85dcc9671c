#include "sim/llm_placement.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <tuple>
#include <utility>

#include "compute/llm_performance.hpp"

namespace lagrange::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr Duration kLifetimeTolerance = Duration::seconds(1);

double deg(double rad) {
  return rad * 180.0 / std::numbers::pi;
}

// Argument of latitude (deg, [0, 360)) from an inertial state: the angle from the ascending
// node to the position in the orbit plane. Equatorial orbits have no node; the x axis
// stands in (true longitude), which orders them just as well.
double argument_of_latitude_deg(const orbit::TemeState& s) {
  const Vec3 h = cross(s.r_km, s.v_km_s);
  Vec3 node = cross(Vec3{0.0, 0.0, 1.0}, h);
  if (norm(node) < 1e-9 * norm(h)) node = Vec3{1.0, 0.0, 0.0};
  node = node * (1.0 / norm(node));
  const Vec3 in_plane = cross(h * (1.0 / norm(h)), node);  // 90 deg ahead of the node
  const double u = deg(std::atan2(dot(s.r_km, in_plane), dot(s.r_km, node)));
  return u < 0.0 ? u + 360.0 : u;
}

struct PathKey {
  int shell = 0;
  int plane = 0;
  double u_deg = 0.0;
  size_t satellite = 0;
};

// Sorts one ring by argument of latitude and rotates it to start after its largest gap.
void order_ring(std::vector<PathKey>& ring) {
  std::sort(ring.begin(), ring.end(), [](const PathKey& x, const PathKey& y) {
    return std::tie(x.u_deg, x.satellite) < std::tie(y.u_deg, y.satellite);
  });
  if (ring.size() < 2) return;
  size_t start = 0;
  double largest_gap = ring.front().u_deg + 360.0 - ring.back().u_deg;
  for (size_t k = 1; k < ring.size(); ++k) {
    const double gap = ring[k].u_deg - ring[k - 1].u_deg;
    if (gap > largest_gap + 1e-9) {
      largest_gap = gap;
      start = k;
    }
  }
  std::rotate(ring.begin(), ring.begin() + static_cast<std::ptrdiff_t>(start), ring.end());
}

std::vector<size_t> path_order(const std::vector<PathKey>& keys) {
  std::vector<PathKey> sorted = keys;
  std::sort(sorted.begin(), sorted.end(), [](const PathKey& x, const PathKey& y) {
    return std::tie(x.shell, x.plane, x.satellite) < std::tie(y.shell, y.plane, y.satellite);
  });
  std::vector<size_t> order;
  for (size_t begin = 0; begin < sorted.size();) {
    size_t end = begin;
    while (end < sorted.size() && sorted[end].shell == sorted[begin].shell &&
           sorted[end].plane == sorted[begin].plane) {
      ++end;
    }
    std::vector<PathKey> ring(sorted.begin() + static_cast<std::ptrdiff_t>(begin),
                              sorted.begin() + static_cast<std::ptrdiff_t>(end));
    order_ring(ring);
    for (const PathKey& k : ring) order.push_back(k.satellite);
    begin = end;
  }
  return order;
}

Status check_request(const scenario::Scenario& scenario, const access::Ephemeris& ephemeris,
                     const LlmPlacementRequest& r) {
  if (ephemeris.satellite_count() != scenario.satellites.size()) {
    return Error{"llm placement: the ephemeris has " + std::to_string(ephemeris.satellite_count()) +
                 " satellites, the scenario " + std::to_string(scenario.satellites.size())};
  }
  const access::TimeGrid& grid = ephemeris.grid();
  if (grid.count == 0 || r.at < grid.start || r.at > grid.last()) {
    return Error{"llm placement: instant " + format_iso8601(r.at) +
                 " is outside the ephemeris grid [" + format_iso8601(grid.start) + ", " +
                 format_iso8601(grid.last()) + "]"};
  }
  for (size_t s : r.excluded) {
    if (s >= scenario.satellites.size()) {
      return Error{"llm placement: excluded satellite " + std::to_string(s) +
                   " is not in the scenario"};
    }
  }
  if (r.max_candidates < 1) return Error{"llm placement: max_candidates must be at least 1"};
  return ok_status();
}

// Satellites that may host or relay: not excluded, SGP4 valid at `at`. Positions (ITRF, km)
// and argument of latitude at `at` for those.
struct Usable {
  std::vector<bool> usable;
  std::vector<Vec3> r_km;
  std::vector<double> u_deg;
};

Usable usable_satellites(const scenario::Scenario& scenario, const access::Ephemeris& ephemeris,
                         const LlmPlacementRequest& r) {
  const size_t n = scenario.satellites.size();
  Usable u{std::vector<bool>(n, true), std::vector<Vec3>(n), std::vector<double>(n, 0.0)};
  for (size_t s : r.excluded) u.usable[s] = false;
  for (size_t s = 0; s < n; ++s) {
    if (!u.usable[s]) continue;
    access::EphemerisState state;
    if (ephemeris.at(s, r.at, state) != orbit::Sgp4Error::kNone) {
      u.usable[s] = false;
      continue;
    }
    u.r_km[s] = state.itrf.r_km;
    u.u_deg[s] = argument_of_latitude_deg(state.teme);
  }
  return u;
}

// The eligible satellites in path order, windowed to max_candidates from the anchor.
std::vector<size_t> choose_candidates(const scenario::Scenario& scenario, const Usable& usable,
                                      const LlmPlacementRequest& r) {
  std::vector<PathKey> keys;
  for (size_t s = 0; s < scenario.satellites.size(); ++s) {
    if (!usable.usable[s]) continue;
    const auto& slot = scenario.satellites[s].slot;
    keys.push_back(PathKey{slot ? slot->shell : 0, slot ? slot->plane : 0, usable.u_deg[s], s});
  }
  std::vector<size_t> order = path_order(keys);
  if (order.size() <= r.max_candidates) return order;
  size_t start = 0;
  if (r.anchor) {
    const auto it = std::find(order.begin(), order.end(), *r.anchor);
    if (it != order.end()) start = static_cast<size_t>(it - order.begin());
  }
  std::vector<size_t> window;
  for (size_t k = 0; k < r.max_candidates; ++k) window.push_back(order[(start + k) % order.size()]);
  return window;
}

// Direct links between every pair of usable satellites at `at`, as an adjacency matrix.
std::vector<std::optional<DirectLink>> direct_links(const scenario::Scenario& scenario,
                                                    const Usable& usable,
                                                    const access::LinkGeometryOptions& geometry) {
  const size_t n = scenario.satellites.size();
  std::vector<std::optional<DirectLink>> links(n * n);
  for (size_t a = 0; a < n; ++a) {
    if (!usable.usable[a] || scenario.class_of(a).lasers.count <= 0) continue;
    for (size_t b = a + 1; b < n; ++b) {
      if (!usable.usable[b]) continue;
      const auto link = direct_link(scenario.class_of(a), usable.r_km[a], scenario.class_of(b),
                                    usable.r_km[b], geometry);
      links[a * n + b] = link;
      links[b * n + a] = link;
    }
  }
  return links;
}

// Least-light-time paths from `source` to every satellite (ties: fewer hops, lower index).
std::vector<LinkRoute> routes_from(size_t source, const std::vector<std::optional<DirectLink>>& d,
                                   size_t n) {
  std::vector<double> range(n, kInf);
  std::vector<size_t> hops(n, 0);
  std::vector<size_t> parent(n, n);
  std::vector<bool> done(n, false);
  range[source] = 0.0;
  for (;;) {
    size_t u = n;
    for (size_t v = 0; v < n; ++v) {
      if (done[v] || std::isinf(range[v])) continue;
      if (u == n || std::tie(range[v], hops[v]) < std::tie(range[u], hops[u])) u = v;
    }
    if (u == n) break;
    done[u] = true;
    for (size_t v = 0; v < n; ++v) {
      const auto& link = d[u * n + v];
      if (!link || done[v]) continue;
      const double through = range[u] + link->range_km;
      if (std::tie(through, hops[u]) < std::tie(range[v], hops[v]) ||
          (through == range[v] && hops[u] + 1 == hops[v] && u < parent[v])) {
        range[v] = through;
        hops[v] = hops[u] + 1;
        parent[v] = u;
      }
    }
  }
  std::vector<LinkRoute> routes(n);
  for (size_t t = 0; t < n; ++t) {
    if (t == source || std::isinf(range[t])) continue;
    LinkRoute& route = routes[t];
    double seconds_per_bit = 0.0;
    for (size_t v = t; v != source; v = parent[v]) {
      route.path.push_back(v);
      seconds_per_bit += 1.0 / d[parent[v] * n + v]->rate_bps;
    }
    route.path.push_back(source);
    std::reverse(route.path.begin(), route.path.end());
    route.range_km = range[t];
    route.rate_bps = 1.0 / seconds_per_bit;
    route.light_time_s = access::one_way_light_time_s(range[t]);
  }
  return routes;
}

Result<compute::Device> class_device(const scenario::SatelliteClass& c,
                                     const compute::Catalog& catalog) {
  auto family = catalog.family(c.accelerator.spec.family);
  if (!family) return prefixed(family.error(), "satellite class '" + c.name + "'");
  return compute::Device{c.accelerator.spec, *family};
}

Result<compute::LlmWorkload> make_workload(const compute::Catalog& catalog,
                                           const LlmPlacementRequest& r) {
  auto model = catalog.llm(r.model);
  if (!model) return prefixed(model.error(), "model");
  auto weights = catalog.weight_precision(r.precision);
  if (!weights) return prefixed(weights.error(), "precision");
  auto kv = catalog.kv_precision(r.kv_precision);
  if (!kv) return prefixed(kv.error(), "kv precision");
  if (r.context_tokens < 1 || r.context_tokens > model->max_context_tokens) {
    return Error{"context_tokens " + std::to_string(r.context_tokens) + ": expected 1 to " +
                 std::to_string(model->max_context_tokens) + " for " + model->id};
  }
  if (r.prompt_tokens < 1 || r.prompt_tokens > r.context_tokens) {
    return Error{"prompt_tokens " + std::to_string(r.prompt_tokens) + ": expected 1 to " +
                 std::to_string(r.context_tokens)};
  }
  return compute::LlmWorkload{
      *model,          *weights,       *kv, catalog.activation_bytes(), r.context_tokens,
      r.prompt_tokens, r.prompt_tokens};
}

bool hop_feasible(const scenario::Scenario& scenario, size_t a, const Vec3& a_km, size_t b,
                  const Vec3& b_km, const access::LinkGeometryOptions& geometry) {
  return direct_link(scenario.class_of(a), a_km, scenario.class_of(b), b_km, geometry).has_value();
}

bool hop_feasible_at(const scenario::Scenario& scenario, const access::Ephemeris& ephemeris,
                     size_t a, size_t b, Instant t, const access::LinkGeometryOptions& geometry) {
  access::EphemerisState sa;
  access::EphemerisState sb;
  if (ephemeris.at(a, t, sa) != orbit::Sgp4Error::kNone) return false;
  if (ephemeris.at(b, t, sb) != orbit::Sgp4Error::kNone) return false;
  return hop_feasible(scenario, a, sa.itrf.r_km, b, sb.itrf.r_km, geometry);
}

// First instant after `at` at which the hop a-b is infeasible, or nullopt within the grid.
std::optional<Instant> hop_breaks(const scenario::Scenario& scenario,
                                  const access::Ephemeris& ephemeris, size_t a, size_t b,
                                  Instant at, const access::LinkGeometryOptions& geometry) {
  const access::TimeGrid& grid = ephemeris.grid();
  Instant feasible = at;
  for (size_t i = 0; i < grid.count; ++i) {
    const Instant t = grid.time(i);
    if (t <= at) continue;
    const bool ok = ephemeris.valid(a, i) && ephemeris.valid(b, i) &&
                    hop_feasible(scenario, a, ephemeris.r_itrf_km(a, i), b,
                                 ephemeris.r_itrf_km(b, i), geometry);
    if (ok) {
      feasible = t;
      continue;
    }
    Instant broken = t;
    while (broken - feasible > kLifetimeTolerance) {
      const Instant mid = feasible + (broken - feasible) / 2;
      if (hop_feasible_at(scenario, ephemeris, a, b, mid, geometry)) {
        feasible = mid;
      } else {
        broken = mid;
      }
    }
    return broken;
  }
  return std::nullopt;
}

void set_lifetime(const scenario::Scenario& scenario, const access::Ephemeris& ephemeris,
                  const LlmPlacementRequest& r, LlmPlacement& p) {
  p.valid_until = ephemeris.grid().last();
  p.valid_until_is_horizon = true;
  std::vector<std::pair<size_t, size_t>> hops;
  for (const LinkRoute& route : p.used_routes) {
    for (size_t k = 0; k + 1 < route.path.size(); ++k) {
      hops.emplace_back(std::min(route.path[k], route.path[k + 1]),
                        std::max(route.path[k], route.path[k + 1]));
    }
  }
  std::sort(hops.begin(), hops.end());
  hops.erase(std::unique(hops.begin(), hops.end()), hops.end());
  for (const auto& [a, b] : hops) {
    const auto breaks = hop_breaks(scenario, ephemeris, a, b, r.at, r.geometry);
    if (breaks && (p.valid_until_is_horizon || *breaks < p.valid_until)) {
      p.valid_until = *breaks;
      p.valid_until_is_horizon = false;
    }
  }
}

}  // namespace

std::optional<DirectLink> direct_link(const scenario::SatelliteClass& a, const Vec3& a_km,
                                      const scenario::SatelliteClass& b, const Vec3& b_km,
                                      const access::LinkGeometryOptions& geometry) {
  if (a.lasers.count <= 0 || b.lasers.count <= 0) return std::nullopt;
  const double range_km = norm(b_km - a_km);
  if (range_km > std::min(a.lasers.max_range_km, b.lasers.max_range_km)) return std::nullopt;
  if (!access::has_line_of_sight(a_km, b_km, geometry)) return std::nullopt;
  const double rate =
      std::min(a.lasers.rate_at_range_bps(range_km), b.lasers.rate_at_range_bps(range_km));
  return DirectLink{range_km, rate};
}

Result<CandidateNetwork> build_candidate_network(const scenario::Scenario& scenario,
                                                 const compute::Catalog& catalog,
                                                 const access::Ephemeris& ephemeris,
                                                 const LlmPlacementRequest& r) {
  if (Status s = check_request(scenario, ephemeris, r); !s) return s.error();
  const Usable usable = usable_satellites(scenario, ephemeris, r);
  CandidateNetwork net;
  net.candidates = choose_candidates(scenario, usable, r);
  const size_t m = net.candidates.size();
  for (size_t s : net.candidates) {
    auto device = class_device(scenario.class_of(s), catalog);
    if (!device) return device.error();
    net.devices.push_back(std::move(*device));
  }
  const size_t n = scenario.satellites.size();
  const auto direct = direct_links(scenario, usable, r.geometry);
  net.links = compute::LinkMatrix(m);
  net.routes.assign(m * m, LinkRoute{});
  for (size_t i = 0; i < m; ++i) {
    const std::vector<LinkRoute> from = routes_from(net.candidates[i], direct, n);
    for (size_t j = 0; j < m; ++j) {
      const LinkRoute& route = from[net.candidates[j]];
      if (i == j || route.path.empty()) continue;
      net.routes[i * m + j] = route;
      net.links.set(i, j, route.rate_bps, route.light_time_s);
    }
  }
  return net;
}

Result<LlmPlacement> plan_llm_placement(const scenario::Scenario& scenario,
                                        const compute::Catalog& catalog,
                                        const access::Ephemeris& ephemeris,
                                        const LlmPlacementRequest& r) {
  auto workload = make_workload(catalog, r);
  if (!workload) return prefixed(workload.error(), "llm placement");
  auto network = build_candidate_network(scenario, catalog, ephemeris, r);
  if (!network) return network.error();

  LlmPlacement p;
  p.workload = std::move(*workload);
  p.network = std::move(*network);
  p.at = r.at;
  p.valid_until = r.at;
  if (p.network.candidates.empty()) return p;  // every satellite excluded or failed

  compute::PipelineRequest request;
  request.workload = p.workload;
  request.satellites = p.network.devices;
  request.links = p.network.links;
  request.max_stages = r.max_stages;
  auto result = compute::plan_pipeline(request);
  if (!result) return prefixed(result.error(), "llm placement");
  p.result = std::move(*result);
  p.feasible = p.result.plan.feasible;
  if (!p.feasible) return p;

  const auto& stages = p.result.plan.stages;
  for (const compute::PipelineStage& s : stages) {
    p.stage_satellites.push_back(p.network.candidates[s.placement.satellite]);
  }
  for (size_t k = 0; k + 1 < stages.size(); ++k) {
    p.used_routes.push_back(
        p.network.route(stages[k].placement.satellite, stages[k + 1].placement.satellite));
  }
  if (stages.size() > 1) {
    p.used_routes.push_back(
        p.network.route(stages.back().placement.satellite, stages.front().placement.satellite));
  }
  set_lifetime(scenario, ephemeris, r, p);
  return p;
}

Result<access::Ephemeris> scenario_ephemeris(const scenario::Scenario& scenario, Instant start,
                                             Instant end) {
  std::vector<orbit::Satellite> satellites;
  satellites.reserve(scenario.satellites.size());
  for (const scenario::SatelliteEntry& entry : scenario.satellites) {
    auto satellite = orbit::Satellite::create(entry.elements);
    if (!satellite) return prefixed(satellite.error(), orbit::describe(entry.elements));
    satellites.push_back(std::move(*satellite));
  }
  auto grid = access::TimeGrid::covering(start, end, scenario.step);
  if (!grid) return grid.error();
  access::EphemerisOptions options;
  options.store_teme_position = true;
  return access::Ephemeris::compute(std::move(satellites), *grid, options);
}

}  // namespace lagrange::sim
