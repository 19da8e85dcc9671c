#include "cli/fixed_decimal.hpp"

#include <bit>
#include <cstdint>
#include <cstring>
#include <iterator>

namespace lagrange::cli {
namespace {

using u128 = unsigned __int128;

constexpr uint64_t kScale = 1'000'000'000;  // 10^9: nine decimals
constexpr int kMantissaBits = 52;
constexpr int kExponentBias = 1075;  // unbiased exponent of the integer significand
constexpr uint64_t kMantissaMask = (uint64_t{1} << kMantissaBits) - 1;

// "00" .. "99": two digits per division.
constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// |x| * 10^9 rounded to the nearest integer, ties to even, computed exactly; false when it
// does not fit in 64 bits (or x is not finite).
bool scaled_magnitude(uint64_t bits, uint64_t& q) {
  const int biased = static_cast<int>((bits >> kMantissaBits) & 0x7ff);
  if (biased == 0x7ff) return false;
  const uint64_t mantissa = bits & kMantissaMask;
  // |x| = m * 2^e exactly.
  const uint64_t m = biased == 0 ? mantissa : mantissa | (uint64_t{1} << kMantissaBits);
  const int e = biased == 0 ? 1 - kExponentBias : biased - kExponentBias;
  const u128 product = static_cast<u128>(m) * kScale;  // < 2^83
  u128 rounded;
  if (e >= 0) {
    if (e > 40) return false;  // >= 2^93: far beyond 64 bits
    rounded = product << e;
  } else if (-e >= 90) {
    rounded = 0;  // product < 2^83 <= half of 2^-e: rounds to zero
  } else {
    const int s = -e;
    const u128 quotient = product >> s;
    const u128 remainder = product - (quotient << s);
    const u128 half = u128{1} << (s - 1);
    rounded = quotient;
    if (remainder > half || (remainder == half && (quotient & 1) != 0)) ++rounded;
  }
  if ((rounded >> 64) != 0) return false;
  q = static_cast<uint64_t>(rounded);
  return true;
}

}  // namespace

char* write_fixed9_fast(double x, char* out) {
  const uint64_t bits = std::bit_cast<uint64_t>(x);
  uint64_t q = 0;
  if (!scaled_magnitude(bits, q)) return nullptr;
  if ((bits >> 63) != 0) *out++ = '-';
  uint64_t integer = q / kScale;
  uint64_t fraction = q % kScale;
  // Integer digits, written backwards into a scratch then copied.
  char digits[20];
  char* p = digits + sizeof digits;
  while (integer >= 100) {
    p -= 2;
    std::memcpy(p, kDigitPairs + 2 * (integer % 100), 2);
    integer /= 100;
  }
  if (integer >= 10) {
    p -= 2;
    std::memcpy(p, kDigitPairs + 2 * integer, 2);
  } else {
    *--p = static_cast<char>('0' + integer);
  }
  const size_t n_integer = static_cast<size_t>(digits + sizeof digits - p);
  std::memcpy(out, p, n_integer);
  out += n_integer;
  *out = '.';
  // Nine decimals: the last eight in pairs, then the first.
  char* d = out + 10;
  for (int k = 0; k < 4; ++k) {
    d -= 2;
    std::memcpy(d, kDigitPairs + 2 * (fraction % 100), 2);
    fraction /= 100;
  }
  out[1] = static_cast<char>('0' + fraction);
  return out + 10;
}

void append_fixed9(fmt::memory_buffer& out, double x) {
  const size_t size = out.size();
  out.resize(size + kFixed9MaxFastChars);
  char* end = write_fixed9_fast(x, out.data() + size);
  if (end != nullptr) {
    out.resize(static_cast<size_t>(end - out.data()));
    return;
  }
  out.resize(size);
  fmt::format_to(std::back_inserter(out), "{:.9f}", x);
}

}  // namespace lagrange::cli
