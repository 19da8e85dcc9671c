#include "report/outputs.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>
#include <thread>

#include "report/csv.hpp"
#include "report/czml.hpp"
#include "report/html_report.hpp"
#include "report/summary_json.hpp"
#include "scenario/scenario.hpp"

namespace lagrange::report {
namespace {

std::string known_files() {
  std::string names;
  for (std::string_view f : scenario::kOutputFiles) {
    names += (names.empty() ? "" : ", ") + std::string(f);
  }
  return names;
}

Status write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    return Error{path.string() + ": cannot open for writing: " + std::strerror(errno)};
  }
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) return Error{path.string() + ": write failed: " + std::strerror(errno)};
  return ok_status();
}

}  // namespace

Result<std::string> render_output(const sim::RunResult& result, std::string_view file) {
  if (file == "summary.json") return summary_json_text(result);
  if (file == "jobs.csv") return jobs_csv(result);
  if (file == "satellites.csv") return satellites_csv(result);
  if (file == "report.html") return html_report(result);
  if (file == "scenario.czml") return czml_text(result);
  return Error{"unknown output file '" + std::string(file) + "'; known: " + known_files()};
}

Result<std::vector<std::filesystem::path>> write_outputs(const sim::RunResult& result,
                                                         std::span<const std::string> files,
                                                         const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error{dir.string() + ": cannot create the output directory: " + ec.message()};
  if (!std::filesystem::is_directory(dir, ec)) {
    return Error{dir.string() + ": not a directory"};
  }
  // The files are rendered side by side (each only reads the result; at 1,000 satellites the
  // CSVs and the CZML take seconds each), then written in the order asked.
  std::vector<Result<std::string>> texts(files.size(), Result<std::string>(Error{"not rendered"}));
  {
    std::vector<std::jthread> renderers;
    for (size_t i = 0; i < files.size(); ++i) {
      renderers.emplace_back([&, i] { texts[i] = render_output(result, files[i]); });
    }
  }
  std::vector<std::filesystem::path> written;
  for (size_t i = 0; i < files.size(); ++i) {
    if (!texts[i]) return texts[i].error();
    const std::filesystem::path path = dir / files[i];
    if (auto status = write_file(path, *texts[i]); !status) return status.error();
    written.push_back(path);
  }
  return written;
}

}  // namespace lagrange::report
