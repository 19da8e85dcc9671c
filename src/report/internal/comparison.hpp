// The policy comparison as rows of text: one row per metric, one column per policy, in run
// order. The terminal table (summary_table.hpp) and the HTML report draw the same rows, so the
// two always agree.
#pragma once

#include <string>
#include <vector>

#include "sim/run_result.hpp"

namespace lagrange::report::internal {

struct ComparisonRow {
  std::string label;                // "Latency p50"; indented sub-rows start with two spaces
  std::vector<std::string> values;  // one per policy run
  bool section = false;             // a heading row ("Tenants"); values are empty
};

struct Comparison {
  std::vector<std::string> policies;
  std::vector<ComparisonRow> rows;
};

Comparison compare_policies(const sim::RunResult& result);

}  // namespace lagrange::report::internal
