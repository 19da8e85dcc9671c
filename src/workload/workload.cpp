#include "workload/workload.hpp"

#include "core/hash.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace lagrange::workload {
namespace {

constexpr double kNsPerHour = 3600e9;

Instant add_or_cap(Instant t, Duration d) {
  if (d.ns() <= 0) return kNoDeadline;
  if (t.unix_ns() > INT64_MAX - d.ns()) return kNoDeadline;
  return t + d;
}

int sample_tokens(const Distribution& d, Rng& rng) {
  return static_cast<int>(std::max(1.0, std::round(d.sample(rng))));
}

const std::string& pick_station(const std::vector<std::string>& stations, Rng& rng) {
  static const std::string kNone;
  if (stations.empty()) return kNone;
  return stations[rng.below(stations.size())];
}

// Fills the kind-specific fields of `item` from `what`, drawing from `rng`.
struct ItemFiller {
  WorkItem& item;
  Rng& rng;

  void operator()(const EoTaskSpec& eo) const {
    item.kind = WorkKind::kEoTask;
    item.capture_by = add_or_cap(item.arrival, eo.capture_window);
    item.deadline = add_or_cap(item.arrival, eo.deadline);
  }
  void operator()(const ComputeJobSpec& job) const {
    item.kind = WorkKind::kComputeJob;
    item.from_station = pick_station(job.from_stations, rng);
    item.operations = std::max(0.0, job.operations.sample(rng));
    item.input_bytes = std::max(0.0, std::round(job.input_bytes.sample(rng)));
    item.output_bytes = std::max(0.0, std::round(job.output_bytes.sample(rng)));
    item.deadline = add_or_cap(item.arrival, job.deadline);
  }
  void operator()(const LlmQuerySpec& query) const {
    item.kind = WorkKind::kLlmQuery;
    item.from_station = pick_station(query.from_stations, rng);
    item.prompt_tokens = sample_tokens(query.prompt_tokens, rng);
    item.answer_tokens = sample_tokens(query.answer_tokens, rng);
    item.deadline = add_or_cap(item.arrival, query.deadline);
  }
};

}  // namespace

double Distribution::sample(Rng& rng) const {
  switch (kind) {
    case Kind::kFixed:
      return value;
    case Kind::kUniform:
      return rng.uniform(min, max);
    case Kind::kNormal:
      return std::clamp(rng.normal(mean, stddev), min, max);
    case Kind::kExponential:
      return std::clamp(rng.exponential(mean), min, max);
  }
  return value;
}

uint64_t stream_label(std::string_view name) {
  return fnv1a64(name);
}

std::vector<Instant> arrival_times(const Arrivals& a, Rng& rng) {
  std::vector<Instant> times;
  const int64_t span_ns = a.end.unix_ns() - a.start.unix_ns();
  switch (a.process) {
    case Arrivals::Process::kSchedule:
      times = a.at;
      break;
    case Arrivals::Process::kPoisson: {
      if (a.rate_per_hour <= 0.0 || span_ns <= 0) break;
      // Exponential gaps in double ns from the window start; the instant is rounded once so
      // rounding never accumulates.
      const double mean_gap_ns = kNsPerHour / a.rate_per_hour;
      double offset_ns = rng.exponential(mean_gap_ns);
      while (offset_ns < static_cast<double>(span_ns)) {
        times.push_back(a.start + Duration::from_ns(static_cast<int64_t>(offset_ns)));
        offset_ns += rng.exponential(mean_gap_ns);
      }
      break;
    }
    case Arrivals::Process::kUniform:
      if (span_ns <= 0) break;
      for (int i = 0; i < a.count; ++i) {
        const auto offset = static_cast<int64_t>(rng.uniform() * static_cast<double>(span_ns));
        times.push_back(a.start + Duration::from_ns(std::min(offset, span_ns - 1)));
      }
      break;
    case Arrivals::Process::kPeriodic:
      if (a.period.ns() <= 0) break;
      for (Instant t = a.start; t < a.end; t += a.period) times.push_back(t);
      break;
  }
  std::sort(times.begin(), times.end());
  return times;
}

std::vector<WorkItem> expand_workload(const WorkSpec& spec, uint64_t seed) {
  const Rng root(seed);
  std::vector<WorkItem> items;
  for (size_t ti = 0; ti < spec.tenants.size(); ++ti) {
    const TenantSpec& tenant = spec.tenants[ti];
    const Rng tenant_rng = root.fork(stream_label(tenant.name));
    for (size_t wi = 0; wi < tenant.workloads.size(); ++wi) {
      const WorkloadSpec& w = tenant.workloads[wi];
      Rng rng = tenant_rng.fork(stream_label(w.name));
      // Arrival times and sizes come from separate streams, so changing a size distribution
      // leaves the arrival instants unchanged.
      Rng arrival_rng = rng.fork(1);
      Rng size_rng = rng.fork(2);
      const std::vector<Instant> times = arrival_times(w.arrivals, arrival_rng);
      for (size_t k = 0; k < times.size(); ++k) {
        WorkItem item;
        item.arrival = times[k];
        item.capture_by = times[k];
        item.tenant = static_cast<uint32_t>(ti);
        item.workload = static_cast<uint32_t>(wi);
        item.sequence = static_cast<uint32_t>(k);
        std::visit(ItemFiller{item, size_rng}, w.what);
        items.push_back(std::move(item));
      }
    }
  }
  std::sort(items.begin(), items.end(), [](const WorkItem& x, const WorkItem& y) {
    return std::tie(x.arrival, x.tenant, x.workload, x.sequence) <
           std::tie(y.arrival, y.tenant, y.workload, y.sequence);
  });
  for (size_t i = 0; i < items.size(); ++i) items[i].id = i;
  return items;
}

}  // namespace lagrange::workload
