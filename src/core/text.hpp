// Text that comes from users' files and goes back to their terminals.
//
// `printable` makes a message safe to print: bytes that would drive the terminal (control
// characters other than newline and tab, DEL, and bytes that are not valid UTF-8) become
// `\xNN`, so a binary file named as a scenario cannot recolour or clear the screen. Valid
// UTF-8 (station names like "São Paulo") passes unchanged.
//
// `read_text_file` reads a whole file with the answers a user needs when it cannot: it is a
// directory, it does not exist (with strerror), it is larger than `max_bytes` (a device like
// /dev/zero or a mistaken multi-gigabyte file must not be read into memory until bad_alloc).
// Errors start with the path.
//
// `closest_name` is the suggestion of every "did you mean" message: the candidate nearest to
// `word` by edit distance (Levenshtein), if it is near enough for a typo (at most
// max(2, |word|/3) edits), else "". Ties go to the first candidate, so suggestions are
// deterministic. Thread-safe (no shared state).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace lagrange {

std::string printable(std::string_view text);

// The largest text file the readers accept by default: 256 MiB, ~1.6 million TLE sets (the
// whole public catalogue is ~5 MB).
inline constexpr size_t kMaxTextFileBytes = size_t{256} << 20;

Result<std::string> read_text_file(const std::string& path, size_t max_bytes = kMaxTextFileBytes);

size_t edit_distance(std::string_view a, std::string_view b);
std::string closest_name(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace lagrange
