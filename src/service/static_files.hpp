// The dashboard's built assets (web/, built into web/dist) served under `/` by the HTTP layer.
//
// Only regular files inside `root` are served: a path with a "..", "." or empty segment, a
// backslash or a NUL answers 404, as does anything that resolves (through symlinks) outside
// the root. "/" is root/index.html. When the root has no index.html (the web app was not
// built), "/" answers 404 with an HTML page saying how to build it. Content types come from
// the file's extension (unknown ones: application/octet-stream). Thread-safe (reads files).
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "service/service.hpp"

namespace lagrange::service {

// The file `url_path` (already percent-decoded, starting with '/') names under `root`, or
// nullopt when it would leave the root or is not a regular file.
std::optional<std::filesystem::path> static_file(const std::filesystem::path& root,
                                                 std::string_view url_path);
std::string_view content_type_for(const std::filesystem::path& file);
// The answer to GET url_path: the file, the "not built" page, or a 404 problem.
Reply static_reply(const std::filesystem::path& root, std::string_view url_path);

}  // namespace lagrange::service
