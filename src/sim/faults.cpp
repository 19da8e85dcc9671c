#include "sim/faults.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "core/hash.hpp"
#include "core/random.hpp"

namespace lagrange::sim {
namespace {

// Faults of one element from `rng` at `per_day`, each lasting `duration`, none overlapping.
template <typename Make>
void poisson_faults(Rng rng, double per_day, Duration duration, Instant start, Instant end,
                    std::vector<Fault>& out, Make make) {
  if (per_day <= 0.0) return;
  const double mean_gap_s = 86400.0 / per_day;
  Instant t = start + Duration::from_seconds(rng.exponential(mean_gap_s));
  while (t < end) {
    Fault f = make();
    f.start = t;
    f.end = t + duration;
    f.random = true;
    out.push_back(f);
    t = *f.end + Duration::from_seconds(rng.exponential(mean_gap_s));
  }
}

}  // namespace

std::vector<Fault> random_faults(const World& world) {
  const scenario::Scenario& s = world.scenario;
  const scenario::FaultRates& rates = s.fault_rates;
  std::vector<Fault> out;
  const Rng root = Rng(s.seed).fork(fnv1a64("faults"));
  const Rng reboots = root.fork(fnv1a64("satellite_reboot"));
  for (uint32_t sat = 0; sat < world.satellite_count(); ++sat) {
    poisson_faults(reboots.fork(s.satellites[sat].elements.norad_id + (uint64_t{sat} << 32)),
                   rates.satellite_reboot_per_day, rates.reboot_duration, s.start, s.end, out, [&] {
                     Fault f;
                     f.kind = FaultKind::kSatelliteReboot;
                     f.satellite = sat;
                     return f;
                   });
  }
  if (rates.link_outage_per_link_day > 0.0) {
    std::set<std::pair<uint32_t, uint32_t>> links;
    for (const auto& c : world.plan.contacts) {
      if (c.kind != access::ContactKind::kInterSatellite) continue;
      links.insert({std::min(c.from, c.to), std::max(c.from, c.to)});
    }
    const Rng outages = root.fork(fnv1a64("link_outage"));
    for (const auto& link : links) {
      // Named copies: clang 14 cannot capture structured bindings in a lambda.
      const uint32_t a = link.first;
      const uint32_t b = link.second;
      poisson_faults(outages.fork((uint64_t{a} << 32) | b), rates.link_outage_per_link_day,
                     rates.link_outage_duration, s.start, s.end, out, [&] {
                       Fault f;
                       f.kind = FaultKind::kLinkOutage;
                       f.satellite = a;
                       f.other_satellite = b;
                       return f;
                     });
    }
  }
  std::sort(out.begin(), out.end(), [](const Fault& x, const Fault& y) {
    if (x.start != y.start) return x.start < y.start;
    if (x.kind != y.kind) return x.kind < y.kind;
    if (x.satellite != y.satellite) return x.satellite < y.satellite;
    return x.other_satellite < y.other_satellite;
  });
  return out;
}

}  // namespace lagrange::sim
