#include "service/static_files.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <utility>

namespace lagrange::service {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kTypes = {{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".czml", "application/json"},
    {".map", "application/json"},
    {".xml", "application/xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".svg", "image/svg+xml"},
    {".ico", "image/x-icon"},
    {".wasm", "application/wasm"},
    {".ktx2", "image/ktx2"},
    {".txt", "text/plain; charset=utf-8"},
}};

constexpr const char* kNotBuilt = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lagrange: dashboard not built</title></head>
<body><h1>The dashboard is not built</h1>
<p>This server found no built web app (index.html) in <code>%s</code>.
Run <code>make</code> in the repository (it runs <code>npm ci</code> and <code>vite build</code>
in <code>web/</code>), or start <code>lagrange serve --web DIR</code> with the built directory.
The API is served under <code>/v1</code> either way.</p></body></html>
)";

// Every segment is a plain name: nothing that could climb out or alias another file.
bool plain_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos)
    return false;
  size_t start = 1;
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    const std::string_view segment = path.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return true;
}

std::string escape_html(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::optional<fs::path> static_file(const fs::path& root, std::string_view url_path) {
  if (root.empty()) return std::nullopt;
  if (url_path == "/") url_path = "/index.html";
  if (!plain_path(url_path)) return std::nullopt;
  std::error_code ec;
  const fs::path base = fs::canonical(root, ec);
  if (ec) return std::nullopt;
  const fs::path file = fs::canonical(base / fs::path(url_path.substr(1)), ec);
  if (ec || !fs::is_regular_file(file, ec)) return std::nullopt;
  // Inside the root, also after symlinks are followed.
  const auto [root_end, ignored] =
      std::mismatch(base.begin(), base.end(), file.begin(), file.end());
  if (root_end != base.end()) return std::nullopt;
  return file;
}

std::string_view content_type_for(const fs::path& file) {
  const std::string ext = file.extension().string();
  for (const auto& [e, type] : kTypes) {
    if (e == ext) return type;
  }
  return "application/octet-stream";
}

Reply static_reply(const fs::path& root, std::string_view url_path) {
  const auto file = static_file(root, url_path);
  if (!file) {
    std::error_code ec;
    if ((url_path == "/" || url_path == "/index.html") &&
        !fs::is_regular_file(root / "index.html", ec)) {
      Reply r;
      r.status = 404;
      r.content_type = "text/html; charset=utf-8";
      std::string page = kNotBuilt;
      page.replace(page.find("%s"), 2, escape_html(root.empty() ? "(none)" : root.string()));
      r.body = std::move(page);
      return r;
    }
    return problem_reply(not_found("no such file"));
  }
  std::ifstream in(*file, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  Reply r;
  r.content_type = std::string(content_type_for(*file));
  r.body = body.str();
  // index.html names the hashed bundles of the current build: always revalidate it.
  if (file->filename() == "index.html") r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

}  // namespace lagrange::service
