// Determinism as a contract (Jolt's way): the output files of named scenarios hash to pinned
// values. A change that alters a result on purpose updates the pins in the same commit and
// says why; any other change that moves them is a bug (an unordered iteration, an
// uninitialised value, a tie broken by address).
//
// The default day (three-body, four policies), rendered in this process from a fresh run.
#include <gtest/gtest.h>

#include "core/hash.hpp"

#include <cstdint>
#include <string>

#include "report/outputs.hpp"
#include "scenario/scenario.hpp"
#include "sim/internal/test_world.hpp"
#include "sim/run.hpp"

namespace lagrange::report {
namespace {

uint64_t fnv1a(const std::string& bytes) {
  return fnv1a64(bytes);
}

struct Pin {
  std::string_view file;
  uint64_t hash;
};

// Pinned on the default day as of the live engine, the ground network and `adaptive`
// (FNV-1a 64, core/hash.hpp).
constexpr Pin kThreeBody[] = {
    {"summary.json", 0x9bfc602da0233862ull},   {"jobs.csv", 0xec6810f365c2a0f6ull},
    {"satellites.csv", 0x3c57ab5bea843f4eull}, {"report.html", 0x14e6e61222421829ull},
    {"scenario.czml", 0xd3df6311e3fa9542ull},
};

TEST(PinnedOutputs, ThreeBodyDayHashesToItsPins) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "pinned bytes are those of the release build (-O3, FMA contraction); the "
                  "sanitizer build rounds some sums differently";
#endif
  auto result = sim::run_scenario(sim::test::builtin("three-body"), sim::test::catalog());
  ASSERT_TRUE(result.ok()) << result.error().message;
  for (const Pin& pin : kThreeBody) {
    auto text = render_output(*result, pin.file);
    ASSERT_TRUE(text.ok()) << pin.file;
    EXPECT_EQ(fnv1a(*text), pin.hash)
        << pin.file << " hashes to 0x" << std::hex << fnv1a(*text) << std::dec
        << ": if the change of results is intended, pin the new hash and say why";
  }
}

}  // namespace
}  // namespace lagrange::report
