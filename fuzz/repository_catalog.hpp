// The repository's own compute catalogue (data/catalog/), loaded once for every harness that
// resolves catalogue ids against it.
#pragma once
#include <cstdlib>
#include <utility>

#include "compute/catalog.hpp"

namespace lagrange::fuzz {

inline const compute::Catalog& repository_catalog() {
  static const compute::Catalog catalog = [] {
    auto loaded = compute::Catalog::load(LAGRANGE_DATA_DIR);
    if (!loaded) std::abort();  // the harness is broken, not the parser
    return std::move(loaded).value();
  }();
  return catalog;
}

}  // namespace lagrange::fuzz
