#include "report/outputs.hpp"

#include <thread>

#include "core/output_file.hpp"
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

Error unknown_file(std::string_view file) {
  return Error{"unknown output file '" + std::string(file) + "'; known: " + known_files()};
}

bool is_known(std::string_view file) {
  for (std::string_view f : scenario::kOutputFiles) {
    if (f == file) return true;
  }
  return false;
}

// The CSVs go to the file as they are formatted; the others are rendered whole first.
Status write_file(const sim::RunResult& result, const std::string& file,
                  const std::filesystem::path& path) {
  if (file == "jobs.csv") {
    return write_output_file(path, [&](std::ostream& out) { write_jobs_csv(result, out); });
  }
  if (file == "satellites.csv") {
    return write_output_file(path, [&](std::ostream& out) { write_satellites_csv(result, out); });
  }
  auto text = render_output(result, file);
  if (!text) return text.error();
  return write_output_file(path, [&](std::ostream& out) {
    out.write(text->data(), static_cast<std::streamsize>(text->size()));
  });
}

}  // namespace

Result<std::string> render_output(const sim::RunResult& result, std::string_view file) {
  if (file == "summary.json") return summary_json_text(result);
  if (file == "jobs.csv") return jobs_csv(result);
  if (file == "satellites.csv") return satellites_csv(result);
  if (file == "report.html") return html_report(result);
  if (file == "scenario.czml") return czml_text(result);
  return unknown_file(file);
}

Result<std::vector<std::filesystem::path>> write_outputs(const sim::RunResult& result,
                                                         std::span<const std::string> files,
                                                         const std::filesystem::path& dir) {
  for (const auto& file : files) {
    if (!is_known(file)) {
      return unknown_file(file);
    }
  }
  if (auto ready = prepare_output_directory(dir); !ready) return ready.error();
  // The files are written side by side (each only reads the result; at 1,000 satellites the
  // CSVs and the CZML take seconds each).
  std::vector<Status> statuses(files.size());
  {
    std::vector<std::jthread> writers;
    for (size_t i = 0; i < files.size(); ++i) {
      writers.emplace_back([&, i] { statuses[i] = write_file(result, files[i], dir / files[i]); });
    }
  }
  std::vector<std::filesystem::path> written;
  for (size_t i = 0; i < files.size(); ++i) {
    if (!statuses[i]) return statuses[i].error();
    written.push_back(dir / files[i]);
  }
  return written;
}

}  // namespace lagrange::report
