// jobs.csv and satellites.csv: the run's raw records as comma-separated tables (RFC 4180,
// LF line ends, a header row). Timestamps are ISO 8601 UTC with milliseconds, empty when the
// step never happened; numbers are shortest round-trip. Columns: docs/outputs.md.
#pragma once

#include <ostream>
#include <string>

#include "sim/run_result.hpp"

namespace lagrange::report {

// One row per job per policy, policies in run order, jobs in the run's order (by id).
std::string jobs_csv(const sim::RunResult& result);

// One row per satellite sample per policy: policy, time, satellite name, state of charge,
// stored bytes, busy, eclipse, cumulative downlinked bytes.
std::string satellites_csv(const sim::RunResult& result);

// The same tables written to `out` as they are formatted, about a megabyte at a time (at
// 1,000 satellites satellites.csv is hundreds of megabytes; no need to hold it whole). They
// stop as soon as `out` goes bad; the caller checks its state (core/output_file.hpp).
void write_jobs_csv(const sim::RunResult& result, std::ostream& out);
void write_satellites_csv(const sim::RunResult& result, std::ostream& out);

}  // namespace lagrange::report
