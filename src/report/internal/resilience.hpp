// A policy run's fault totals, for the comparison table and summary.json alike.
#pragma once

#include "sim/run_result.hpp"

namespace lagrange::report::internal {

struct ResilienceTotals {
  size_t faults = 0;  // records of faults that began (the upsets' stream not among them)
  size_t upsets = 0;
  size_t jobs_dropped = 0;
  size_t reruns = 0;  // from the jobs: each rerun once, whatever caused it
  size_t bundles_resent = 0;
  double bytes_lost = 0.0;
};

inline ResilienceTotals resilience_totals(const sim::PolicyRun& run) {
  ResilienceTotals t;
  for (const sim::FaultRecord& f : run.faults) {
    t.faults += f.upsets > 0 ? 0 : 1;  // the upsets' stream has one record of its own
    t.upsets += f.upsets;
    t.jobs_dropped += f.jobs_dropped;
    t.bundles_resent += f.bundles_resent;
    t.bytes_lost += f.bytes_lost;
  }
  for (const sim::JobRecord& j : run.jobs) t.reruns += static_cast<size_t>(j.reruns);
  return t;
}

}  // namespace lagrange::report::internal
