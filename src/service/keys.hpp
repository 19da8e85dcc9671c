// API keys: 32 random bytes from /dev/urandom, written as "lg_" + 64 hex digits, kept only as
// their SHA-256 (hex). Comparisons of hashes run in constant time so a caller cannot learn a
// stored hash byte by byte from response times. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace lagrange::service {

Result<std::string> new_api_key();
std::string sha256_hex(std::string_view text);
// Equal length and bytes, in time that depends only on the length.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace lagrange::service
