// FNV-1a 64: a small, stable, platform-independent hash of bytes (stream labels, pinned
// output hashes). Not for security.
#pragma once

#include <cstdint>
#include <string_view>

namespace lagrange {

constexpr uint64_t fnv1a64(std::string_view bytes) {
  uint64_t h = 14695981039346656037ull;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace lagrange
