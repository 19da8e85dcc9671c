// Test-only: the repository's catalogue (data/catalog), loaded once per test binary. A load
// failure fails the test that asked and gives an empty catalogue, so the rest still run.
#pragma once

#include <gtest/gtest.h>

#include "compute/catalog.hpp"

namespace lagrange::compute::test {

inline const Catalog& repository_catalog() {
  static const Catalog c = [] {
    auto loaded = Catalog::load(LAGRANGE_DATA_DIR);
    if (!loaded) ADD_FAILURE() << loaded.error().message;
    return loaded ? *loaded : Catalog{};
  }();
  return c;
}

}  // namespace lagrange::compute::test
