#include "service/check_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <thread>

extern char** environ;

namespace lagrange::service {
namespace {

std::string read_capped(const std::filesystem::path& path, size_t cap) {
  std::ifstream in(path, std::ios::binary);
  std::string s(cap, '\0');
  in.read(s.data(), static_cast<std::streamsize>(cap));
  s.resize(static_cast<size_t>(in.gcount()));
  return s;
}

}  // namespace

Result<CheckRun> run_model_check(const std::filesystem::path& exe,
                                 const std::filesystem::path& file, const std::string& precision,
                                 const std::vector<std::string>& accelerators,
                                 std::chrono::milliseconds limit) {
  std::vector<std::string> args = {exe.string(), "model", "check",       file.string(),
                                   "--format",   "json",  "--precision", precision};
  for (const auto& a : accelerators) {
    args.push_back("--accelerator");
    args.push_back(a);
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string out_path = file.string() + ".check.out";
  const std::string err_path = file.string() + ".check.err";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return Error{exe.string() + ": cannot start the model check helper"};
  CheckRun run;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  for (;;) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0) return Error{"the model check helper could not be waited for"};
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      run.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!run.timed_out && WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  run.out = read_capped(out_path, size_t{1} << 20);
  run.err = read_capped(err_path, size_t{64} << 10);
  std::error_code ec;
  std::filesystem::remove(out_path, ec);
  std::filesystem::remove(err_path, ec);
  return run;
}

}  // namespace lagrange::service
