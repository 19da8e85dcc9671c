// Shared by the sim tests: the catalogue and scenarios loaded once.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "compute/catalog.hpp"
#include "scenario/scenario.hpp"

namespace lagrange::sim::test {

inline const compute::Catalog& catalog() {
  static const compute::Catalog c = [] {
    auto loaded = compute::Catalog::load(LAGRANGE_DATA_DIR);
    EXPECT_TRUE(loaded.ok()) << loaded.error().message;
    return std::move(loaded).value();
  }();
  return c;
}

inline scenario::Scenario parse(const std::string& yaml) {
  auto s = scenario::parse_scenario(yaml, "test.yaml", {},
                                    scenario::LoadContext{LAGRANGE_DATA_DIR, &catalog()});
  EXPECT_TRUE(s.ok()) << s.error().message;
  return std::move(s).value();
}

inline scenario::Scenario builtin(const std::string& name) {
  auto s = scenario::load_scenario(std::string(LAGRANGE_DATA_DIR) + "/scenarios/" + name + ".yaml",
                                   scenario::LoadContext{LAGRANGE_DATA_DIR, &catalog()});
  EXPECT_TRUE(s.ok()) << s.error().message;
  return std::move(s).value();
}

}  // namespace lagrange::sim::test
