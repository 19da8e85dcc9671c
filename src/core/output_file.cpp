#include "core/output_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <system_error>

namespace lagrange {
namespace {

// The system's reason for the last failed call, or a generic one when errno was not set.
std::string reason(int error_number) {
  return error_number != 0 ? std::strerror(error_number) : "input/output error";
}

Error file_error(const std::filesystem::path& path, const char* what, int error_number) {
  return Error{path.string() + ": " + what + ": " + reason(error_number)};
}

}  // namespace

Status write_output_file(const std::filesystem::path& path,
                         const std::function<void(std::ostream&)>& write) {
  errno = 0;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return file_error(path, "cannot open for writing", errno);
  errno = 0;
  write(out);
  if (!out) return file_error(path, "write failed", errno);
  errno = 0;
  out.close();  // flushes the last bytes: a full disk often shows only here
  if (!out) return file_error(path, "write failed", errno);
  return ok_status();
}

Status prepare_output_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec)) {
    return Error{dir.string() + ": exists and is not a directory"};
  }
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error{dir.string() + ": cannot create the output directory: " + ec.message()};
  const std::filesystem::path probe = dir / ".lagrange-write-probe";
  const Status written =
      write_output_file(probe, [](std::ostream& out) { out << "lagrange write probe\n"; });
  std::filesystem::remove(probe, ec);
  if (!written) {
    return Error{dir.string() + ": the output directory is not writable (" +
                 written.error().message + ")"};
  }
  return ok_status();
}

}  // namespace lagrange
