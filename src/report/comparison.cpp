#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <set>

#include "report/internal/comparison.hpp"
#include "report/internal/format.hpp"
#include "report/internal/resilience.hpp"

namespace lagrange::report::internal {
namespace {

constexpr double kBytesPerGb = 1e9;
constexpr double kJPerKj = 1e3;

using Cell = std::function<std::string(const sim::PolicyRun&)>;

class Builder {
 public:
  explicit Builder(const sim::RunResult& result) : result_(result) {
    for (const auto& run : result.runs) table_.policies.push_back(run.policy);
  }

  void row(std::string label, const Cell& cell) {
    ComparisonRow r{std::move(label), {}, false};
    for (const auto& run : result_.runs) r.values.push_back(cell(run));
    table_.rows.push_back(std::move(r));
  }
  void section(std::string label) {
    table_.rows.push_back(
        {std::move(label), std::vector<std::string>(table_.policies.size()), true});
  }
  Comparison take() { return std::move(table_); }

 private:
  const sim::RunResult& result_;
  Comparison table_;
};

std::string latency(const sim::Percentiles& p, double sim::Percentiles::*field) {
  return p.count == 0 ? "-" : human_duration(p.*field);
}

std::string percent(double fraction) {
  return fixed(fraction * 100.0, 1) + " %";
}

// Drop reasons that occurred under any policy, in name order.
std::set<std::string> drop_reasons(const sim::RunResult& result) {
  std::set<std::string> reasons;
  for (const auto& run : result.runs) {
    for (const auto& [reason, count] : run.summary.dropped_by_reason) {
      if (count > 0) reasons.insert(reason);
    }
  }
  return reasons;
}

bool has_policy(const sim::RunResult& result, std::string_view name) {
  return std::any_of(result.runs.begin(), result.runs.end(),
                     [&](const sim::PolicyRun& r) { return r.policy == name; });
}

const sim::TenantSummary* tenant_of(const sim::PolicyRun& run, const std::string& tenant) {
  for (const auto& t : run.summary.tenants) {
    if (t.tenant == tenant) return &t;
  }
  return nullptr;
}

void add_job_rows(Builder& b, const sim::RunResult& result) {
  b.row("Jobs submitted", [](const auto& r) { return std::to_string(r.summary.jobs_submitted); });
  b.row("Jobs delivered", [](const auto& r) { return std::to_string(r.summary.jobs_delivered); });
  b.row("Jobs dropped", [](const auto& r) { return std::to_string(r.summary.jobs_dropped); });
  for (const auto& reason : drop_reasons(result)) {
    b.row("  " + reason, [reason](const sim::PolicyRun& r) {
      const auto it = r.summary.dropped_by_reason.find(reason);
      return std::to_string(it == r.summary.dropped_by_reason.end() ? 0 : it->second);
    });
  }
  b.row("Latency p50",
        [](const auto& r) { return latency(r.summary.latency_s, &sim::Percentiles::p50); });
  b.row("Latency p90",
        [](const auto& r) { return latency(r.summary.latency_s, &sim::Percentiles::p90); });
  b.row("Latency p99",
        [](const auto& r) { return latency(r.summary.latency_s, &sim::Percentiles::p99); });
}

void add_resource_rows(Builder& b, const sim::RunResult& result) {
  b.row("Downlinked (GB)",
        [](const auto& r) { return fixed(r.summary.downlink_bytes / kBytesPerGb, 2); });
  const bool baseline = has_policy(result, "bent-pipe");
  b.row("Downlink saved vs bent-pipe", [baseline](const sim::PolicyRun& r) {
    return baseline && r.policy != "bent-pipe" ? percent(r.summary.downlink_saved_fraction)
                                               : std::string("-");
  });
  b.row("Laser-link traffic (GB)",
        [](const auto& r) { return fixed(r.summary.isl_bytes / kBytesPerGb, 2); });
  b.row("Energy per job (kJ)", [](const auto& r) {
    return r.summary.jobs_delivered == 0 ? std::string("-")
                                         : fixed(r.summary.energy_per_job_j / kJPerKj, 2);
  });
  b.row("Accelerator utilisation",
        [](const auto& r) { return percent(r.summary.accelerator_utilisation); });
  b.row("Lowest battery", [](const auto& r) { return percent(r.summary.lowest_state_of_charge); });
  b.row("Events", [](const auto& r) { return std::to_string(r.summary.events); });
}

void add_tenant_rows(Builder& b, const sim::RunResult& result) {
  if (result.tenants.empty()) return;
  b.section("Tenants (delivered/submitted, p50)");
  for (const auto& tenant : result.tenants) {
    b.row("  " + tenant, [tenant](const sim::PolicyRun& r) {
      const sim::TenantSummary* t = tenant_of(r, tenant);
      if (t == nullptr) return std::string("-");
      return fmt::format("{}/{}, {}", t->jobs_delivered, t->jobs_submitted,
                         latency(t->latency_s, &sim::Percentiles::p50));
    });
  }
}

void add_llm_rows(Builder& b, const sim::RunResult& result) {
  const bool any = std::any_of(result.runs.begin(), result.runs.end(),
                               [](const sim::PolicyRun& r) { return r.summary.llm.queries > 0; });
  if (!any) return;
  b.section("LLM queries");
  b.row("  answered", [](const auto& r) {
    return fmt::format("{}/{}", r.summary.llm.answered, r.summary.llm.queries);
  });
  b.row("  p50 question -> answer",
        [](const auto& r) { return latency(r.summary.llm.total_s, &sim::Percentiles::p50); });
  b.row("  tokens/s", [](const auto& r) {
    return r.summary.llm.answered == 0 ? std::string("-") : fixed(r.summary.llm.tokens_per_s, 1);
  });
}

// Only in runs with faults, so tables of runs without them keep their rows.
void add_resilience_rows(Builder& b, const sim::RunResult& result) {
  const bool any = std::any_of(result.runs.begin(), result.runs.end(),
                               [](const sim::PolicyRun& r) { return !r.faults.empty(); });
  if (!any) return;
  auto total = [](size_t ResilienceTotals::*field) {
    return [field](const sim::PolicyRun& r) { return std::to_string(resilience_totals(r).*field); };
  };
  b.section("Resilience");
  b.row("  faults", total(&ResilienceTotals::faults));
  b.row("  single-event upsets", total(&ResilienceTotals::upsets));
  b.row("  jobs dropped by faults", total(&ResilienceTotals::jobs_dropped));
  b.row("  reruns", total(&ResilienceTotals::reruns));
  b.row("  bundles resent", total(&ResilienceTotals::bundles_resent));
  b.row("  bytes lost (GB)", [](const sim::PolicyRun& r) {
    return fixed(resilience_totals(r).bytes_lost / kBytesPerGb, 2);
  });
  const bool baselines =
      std::any_of(result.runs.begin(), result.runs.end(),
                  [](const sim::PolicyRun& r) { return r.baseline.has_value(); });
  if (!baselines) return;
  b.row("  delivered without faults", [](const sim::PolicyRun& r) {
    return r.baseline ? std::to_string(r.baseline->jobs_delivered) : std::string("-");
  });
  b.row("  latency p50 without faults", [](const sim::PolicyRun& r) {
    return r.baseline ? latency(r.baseline->latency_s, &sim::Percentiles::p50) : std::string("-");
  });
  b.row("  energy per job without faults (kJ)", [](const sim::PolicyRun& r) {
    if (!r.baseline || r.baseline->jobs_delivered == 0) return std::string("-");
    return fixed(r.baseline->energy_per_job_j / kJPerKj, 2);
  });
}

}  // namespace

Comparison compare_policies(const sim::RunResult& result) {
  Builder b(result);
  add_job_rows(b, result);
  add_resource_rows(b, result);
  add_tenant_rows(b, result);
  add_llm_rows(b, result);
  add_resilience_rows(b, result);
  return b.take();
}

}  // namespace lagrange::report::internal
