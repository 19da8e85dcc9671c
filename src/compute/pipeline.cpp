#include "compute/pipeline.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "core/units.hpp"

namespace lagrange::compute {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Latencies equal to ~1e-12 relative are ties (sums taken in different orders differ in the
// last bits); ties go to fewer stages, then lower satellite indices, so plans are reproducible.
bool clearly_less(double a, double b) {
  if (std::isinf(b)) return !std::isinf(a);
  return a < b - 1e-12 * std::max(std::abs(a), std::abs(b));
}

// Lexicographic (latency, bottleneck): among equal latencies the split whose slowest stage is
// fastest, i.e. the most balanced one (what a later pipelined batch would be limited by).
bool lex_less(double latency, double bottleneck, double other_latency, double other_bottleneck) {
  if (clearly_less(latency, other_latency)) return true;
  if (clearly_less(other_latency, latency)) return false;
  return clearly_less(bottleneck, other_bottleneck);
}

struct Candidate {
  double latency_s = kInf;
  double bottleneck_s = kInf;  // slowest stage's decode time
  int stages = 0;
  size_t first = 0;
  size_t last = 0;
};

bool better(const Candidate& x, const Candidate& y) {
  if (clearly_less(x.latency_s, y.latency_s)) return true;
  if (clearly_less(y.latency_s, x.latency_s)) return false;
  if (x.stages != y.stages) return x.stages < y.stages;
  if (clearly_less(x.bottleneck_s, y.bottleneck_s)) return true;
  if (clearly_less(y.bottleneck_s, x.bottleneck_s)) return false;
  if (x.first != y.first) return x.first < y.first;
  return x.last < y.last;
}

// Decode time of every (satellite, first layer, end layer) stage; +inf where it does not fit.
class StageCostTable {
 public:
  explicit StageCostTable(const PipelineRequest& r)
      : layers_(r.workload.model.layers),
        cost_(r.satellites.size() * (layers_ + 1) * (layers_ + 1), kInf) {
    for (size_t i = 0; i < r.satellites.size(); ++i) {
      for (int a = 0; a < layers_; ++a) {
        for (int b = a + 1; b <= layers_; ++b) {
          const StageEstimate e = estimate_stage(r.workload, r.satellites[i], LayerRange{a, b});
          if (e.fits) cost_[index(i, a, b)] = e.decode_s;
        }
      }
    }
  }
  double operator()(size_t satellite, int a, int b) const { return cost_[index(satellite, a, b)]; }

 private:
  size_t index(size_t i, int a, int b) const {
    return (i * (layers_ + 1) + static_cast<size_t>(a)) * (layers_ + 1) + static_cast<size_t>(b);
  }
  int layers_;
  std::vector<double> cost_;
};

// dp(k, l, i): least (latency, bottleneck) of layers [0, l) in k stages, the last on satellite
// i, the first on the fixed satellite `first`; parents for reconstruction.
class SplitTable {
 public:
  SplitTable(int max_stages, int layers, size_t satellites)
      : layers_(layers),
        n_(satellites),
        value_(static_cast<size_t>(max_stages + 1) * (layers + 1) * satellites, kInf),
        bottleneck_(value_.size(), kInf),
        parent_layer_(value_.size(), -1),
        parent_satellite_(value_.size(), 0) {}

  double& value(int k, int l, size_t i) { return value_[index(k, l, i)]; }
  double& bottleneck(int k, int l, size_t i) { return bottleneck_[index(k, l, i)]; }
  int& parent_layer(int k, int l, size_t i) { return parent_layer_[index(k, l, i)]; }
  size_t& parent_satellite(int k, int l, size_t i) { return parent_satellite_[index(k, l, i)]; }

 private:
  size_t index(int k, int l, size_t i) const {
    return (static_cast<size_t>(k) * (layers_ + 1) + static_cast<size_t>(l)) * n_ + i;
  }
  int layers_;
  size_t n_;
  std::vector<double> value_;
  std::vector<double> bottleneck_;
  std::vector<int> parent_layer_;
  std::vector<size_t> parent_satellite_;
};

// Fills `table` for pipelines starting on satellite `first`; returns the best complete one.
Candidate solve_from(const PipelineRequest& r, const StageCostTable& cost, size_t first,
                     int max_stages, SplitTable& table, std::vector<StagePlacement>& best_stages) {
  const int layers = r.workload.model.layers;
  const size_t n = r.satellites.size();
  const double cut_bytes = cut_bytes_per_token(r.workload);

  for (int l = 1; l <= layers; ++l) {
    table.value(1, l, first) = cost(first, 0, l);
    table.bottleneck(1, l, first) = cost(first, 0, l);
  }
  for (int k = 2; k <= max_stages; ++k) {
    for (int a = k - 1; a < layers; ++a) {
      for (size_t i = first + 1; i < n; ++i) {
        // Best way to have layers [0, a) done and the hidden state delivered to satellite i.
        double arrive = kInf;
        double arrive_bottleneck = kInf;
        size_t from = 0;
        for (size_t p = first; p < i; ++p) {
          const double v = table.value(k - 1, a, p) + r.links.transfer_s(p, i, cut_bytes);
          if (lex_less(v, table.bottleneck(k - 1, a, p), arrive, arrive_bottleneck)) {
            arrive = v;
            arrive_bottleneck = table.bottleneck(k - 1, a, p);
            from = p;
          }
        }
        if (std::isinf(arrive)) continue;
        for (int b = a + 1; b <= layers; ++b) {
          const double stage = cost(i, a, b);
          if (std::isinf(stage)) continue;
          const double v = arrive + stage;
          const double bottleneck = std::max(arrive_bottleneck, stage);
          if (lex_less(v, bottleneck, table.value(k, b, i), table.bottleneck(k, b, i))) {
            table.value(k, b, i) = v;
            table.bottleneck(k, b, i) = bottleneck;
            table.parent_layer(k, b, i) = a;
            table.parent_satellite(k, b, i) = from;
          }
        }
      }
    }
  }

  Candidate best;
  for (int k = 1; k <= max_stages; ++k) {
    for (size_t i = (k == 1 ? first : first + 1); i < (k == 1 ? first + 1 : n); ++i) {
      const double back = k == 1 ? 0.0 : r.links.transfer_s(i, first, kTokenIdBytes);
      const Candidate c{table.value(k, layers, i) + back, table.bottleneck(k, layers, i), k, first,
                        i};
      if (!std::isinf(c.latency_s) && better(c, best)) best = c;
    }
  }
  if (std::isinf(best.latency_s)) return best;

  best_stages.assign(static_cast<size_t>(best.stages), StagePlacement{});
  int end = layers;
  size_t satellite = best.last;
  for (int k = best.stages; k >= 1; --k) {
    const int begin = k == 1 ? 0 : table.parent_layer(k, end, satellite);
    best_stages[static_cast<size_t>(k - 1)] = StagePlacement{satellite, begin, end};
    const size_t previous = table.parent_satellite(k, end, satellite);
    end = begin;
    satellite = previous;
  }
  return best;
}

Status check_request(const PipelineRequest& r) {
  if (r.satellites.empty()) return Error{"pipeline request: no candidate satellites"};
  if (r.links.size() != r.satellites.size()) {
    return Error{"pipeline request: link matrix is " + std::to_string(r.links.size()) + " x " +
                 std::to_string(r.links.size()) + " for " + std::to_string(r.satellites.size()) +
                 " satellites"};
  }
  if (r.max_stages < 1) return Error{"pipeline request: max_stages must be at least 1"};
  if (r.workload.model.layers < 1) return Error{"pipeline request: model has no layers"};
  return ok_status();
}

}  // namespace

LinkMatrix::LinkMatrix(size_t n) : n_(n), rate_bps_(n * n, 0.0), light_time_s_(n * n, 0.0) {}

void LinkMatrix::set(size_t from, size_t to, double rate_bps, double light_time_s) {
  assert(from < n_ && to < n_);
  rate_bps_[from * n_ + to] = rate_bps;
  light_time_s_[from * n_ + to] = light_time_s;
}

double LinkMatrix::transfer_s(size_t from, size_t to, double bytes) const {
  if (from == to) return 0.0;
  const double rate = rate_bps(from, to);
  if (!(rate > 0.0)) return kInf;
  return bytes * 8.0 / rate + light_time_s(from, to);
}

LinkMatrix chain_links(size_t n, double spacing_km, double rate_bps) {
  LinkMatrix links(n);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      const double hops = static_cast<double>(i > j ? i - j : j - i);
      links.set(i, j, rate_bps / hops, hops * spacing_km / kSpeedOfLight_km_s);
    }
  }
  return links;
}

double cut_bytes_per_token(const LlmWorkload& w) {
  return static_cast<double>(w.model.hidden_size) * w.activation_bytes;
}

Result<PipelinePlan> evaluate_placement(const PipelineRequest& r,
                                        const std::vector<StagePlacement>& placements) {
  if (Status s = check_request(r); !s) return s.error();
  const int layers = r.workload.model.layers;
  if (placements.empty()) return Error{"placement: no stages"};
  std::vector<bool> used(r.satellites.size(), false);
  int expected_first = 0;
  for (const StagePlacement& p : placements) {
    if (p.satellite >= r.satellites.size() || used[p.satellite]) {
      return Error{"placement: satellite " + std::to_string(p.satellite) +
                   " unknown or used twice"};
    }
    used[p.satellite] = true;
    if (p.first_layer != expected_first || p.end_layer <= p.first_layer || p.end_layer > layers) {
      return Error{"placement: stages must cover layers [0, " + std::to_string(layers) +
                   ") contiguously"};
    }
    expected_first = p.end_layer;
  }
  if (expected_first != layers) return Error{"placement: stages do not reach the last layer"};

  PipelinePlan plan;
  plan.feasible = true;
  const double cut_bytes = cut_bytes_per_token(r.workload);
  const double prompt_cut_bytes = cut_bytes * r.workload.prompt_tokens;
  for (size_t s = 0; s < placements.size(); ++s) {
    const StagePlacement& p = placements[s];
    const StageEstimate e = estimate_stage(r.workload, r.satellites[p.satellite],
                                           LayerRange{p.first_layer, p.end_layer});
    plan.feasible = plan.feasible && e.fits;
    plan.decode_compute_s += e.decode_s;
    plan.prefill_s += e.prefill_s;
    if (s > 0) {
      const size_t from = placements[s - 1].satellite;
      plan.decode_link_s += r.links.transfer_s(from, p.satellite, cut_bytes);
      plan.prefill_link_s += r.links.transfer_s(from, p.satellite, prompt_cut_bytes);
    }
    plan.stages.push_back(PipelineStage{p, e});
  }
  if (placements.size() > 1) {
    plan.decode_link_s += r.links.transfer_s(placements.back().satellite,
                                             placements.front().satellite, kTokenIdBytes);
  }
  plan.feasible = plan.feasible && !std::isinf(plan.decode_link_s);
  plan.decode_token_s = plan.decode_compute_s + plan.decode_link_s;
  plan.prefill_s += plan.prefill_link_s;
  plan.time_to_first_token_s = plan.prefill_s;
  return plan;
}

Result<PlanResult> plan_pipeline(const PipelineRequest& r) {
  if (Status s = check_request(r); !s) return s.error();
  const int layers = r.workload.model.layers;
  const size_t n = r.satellites.size();
  const int max_stages =
      std::min({r.max_stages, layers, static_cast<int>(std::min<size_t>(n, 1 << 20))});

  PlanResult result;
  result.split_needed = true;
  result.single_satellite_decode_token_s = kInf;
  for (const Device& d : r.satellites) {
    const StageEstimate e = estimate_single_device(r.workload, d);
    if (e.fits) result.split_needed = false;
    if (clearly_less(e.decode_s, result.single_satellite_decode_token_s)) {
      result.single_satellite_decode_token_s = e.decode_s;
      result.single_satellite_required_bytes = e.total_bytes;
    }
  }

  const StageCostTable cost(r);
  Candidate best;
  std::vector<StagePlacement> best_stages;
  for (size_t first = 0; first < n; ++first) {
    SplitTable table(max_stages, layers, n);
    std::vector<StagePlacement> stages;
    const Candidate c = solve_from(r, cost, first, max_stages, table, stages);
    if (!std::isinf(c.latency_s) && better(c, best)) {
      best = c;
      best_stages = std::move(stages);
    }
  }
  if (best_stages.empty()) return result;  // infeasible: plan.feasible stays false

  auto plan = evaluate_placement(r, best_stages);
  if (!plan) return plan.error();
  result.plan = std::move(*plan);
  return result;
}

}  // namespace lagrange::compute
