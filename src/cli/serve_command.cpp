// `lagrange serve [SCENARIO] --data DIR`: the live twin of a scenario as an open multi-tenant
// service over HTTP (docs/service.md). Prints "listening on http://HOST:PORT" on stdout once
// the socket is bound (with --listen HOST:0 the port is the one the system chose), stops
// cleanly on SIGINT or SIGTERM. Exit codes: 0 stopped, 1 bad scenario, data directory or
// address, 2 usage error.
#include <fmt/format.h>
#include <signal.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "cli/commands.hpp"
#include "compute/catalog.hpp"
#include "scenario/scenario.hpp"
#include "service/http_server.hpp"
#include "service/service.hpp"
#include "sim/run.hpp"

namespace lagrange::cli {
namespace {

constexpr int kExitInput = 1;
constexpr int kExitUsage = 2;

struct ServeOptions {
  std::string scenario = std::string(scenario::kDefaultScenario);
  std::string data;
  std::string listen = "127.0.0.1:8080";
  std::string clock = "real";
  double speed = 1.0;
  std::string policy;
  size_t threads = 64;
  bool fsync = false;
  std::string web;  // empty: found next to the binary (web_dir_default)
};

int fail(int code, const std::string& message) {
  std::cerr << "lagrange serve: " << message << "\n";
  return code;
}

Result<std::pair<std::string, int>> parse_listen(const std::string& text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return Error{"--listen: expected HOST:PORT, got '" + text + "'"};
  const std::string port = text.substr(colon + 1);
  char* end = nullptr;
  const long p = std::strtol(port.c_str(), &end, 10);
  if (port.empty() || *end != '\0' || p < 0 || p > 65535) {
    return Error{"--listen: the port must be 0 to 65535, got '" + port + "'"};
  }
  return std::make_pair(text.substr(0, colon), static_cast<int>(p));
}

Result<std::shared_ptr<const sim::World>> load_world(const ServeOptions& o) {
  const auto data_dir = compute::default_data_dir();
  auto catalog = compute::Catalog::load(data_dir);
  if (!catalog) return Error{catalog.error().message + " (set LAGRANGE_DATA to the data dir)"};
  auto path = scenario::resolve_scenario(o.scenario, data_dir);
  if (!path) return path.error();
  auto s = scenario::load_scenario(*path, {data_dir, &*catalog});
  if (!s) return s.error();
  return sim::build_world(*s, *catalog);
}

// The dashboard's built assets when --web is not given: `web/` next to the binary (an
// installed copy), else the source tree's web/dist that `make` builds.
std::filesystem::path web_dir_default() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec && std::filesystem::is_regular_file(exe.parent_path() / "web" / "index.html", ec)) {
    return exe.parent_path() / "web";
  }
  return LAGRANGE_DEFAULT_WEB_DIR;
}

int serve(const ServeOptions& o) {
  auto address = parse_listen(o.listen);
  if (!address) return fail(kExitUsage, address.error().message);
  if (o.speed <= 0) return fail(kExitUsage, "--speed must be > 0");
  // Signals are taken by one watcher thread: block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::cerr << "lagrange serve: building the world of " << o.scenario << "\n";
  auto world = load_world(o);
  if (!world) return fail(kExitInput, world.error().message);
  service::ServiceOptions so;
  so.data_dir = o.data;
  so.policy = o.policy;
  so.clock = o.clock == "virtual" ? service::ClockMode::kVirtual : service::ClockMode::kReal;
  so.speed = o.speed;
  so.durable_fsync = o.fsync;
  so.model_checker = "/proc/self/exe";  // uploads are checked by this binary, in a helper
  auto svc = service::Service::open(*world, so);
  if (!svc) return fail(kExitInput, svc.error().message);
  service::HttpOptions ho;
  ho.host = address->first;
  ho.port = address->second;
  ho.threads = o.threads;
  ho.web_dir = o.web.empty() ? web_dir_default() : std::filesystem::path(o.web);
  if (!std::filesystem::is_regular_file(ho.web_dir / "index.html")) {
    std::cerr << "lagrange serve: no dashboard in " << ho.web_dir.string()
              << " (run make, or give --web DIR); serving the API only\n";
  }
  service::HttpServer server(**svc, ho);
  if (auto bound = server.bind(); !bound) return fail(kExitInput, bound.error().message);
  std::cout << fmt::format("listening on http://{}:{}", ho.host, server.port()) << std::endl;
  std::cerr << fmt::format("lagrange serve: admin key in {}/admin.key; stop with Ctrl-C\n", o.data);
  std::thread watcher([&server, signals] {
    int received = 0;
    sigwait(&signals, &received);
    server.stop();
  });
  server.run();
  // run() also returns if the server failed: wake the watcher so it can be joined.
  pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Serve the live twin of a scenario to tenants over HTTP (docs/service.md)");
  cmd->add_option("scenario", o->scenario,
                  "A built-in scenario's name or a scenario YAML file (default: three-body)");
  cmd->add_option("--data", o->data, "Directory of the store (lagrange.db) and admin.key")
      ->required();
  cmd->add_option("--listen", o->listen, "HOST:PORT to listen on (port 0: any free one)");
  cmd->add_option("--clock", o->clock,
                  "real: sim time runs with the wall clock; virtual: moved by POST /v1/admin/clock")
      ->check(CLI::IsMember({"real", "virtual"}));
  cmd->add_option("--speed", o->speed, "Real clock: sim seconds per wall second (default 1)");
  cmd->add_option("--policy", o->policy, "Scheduling policy (default: the scenario's first)");
  cmd->add_option("--threads", o->threads, "HTTP worker threads (default 64)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--web", o->web,
                  "Directory of the built dashboard, served at / (default: web/ next to the "
                  "binary, else the source tree's web/dist)");
  cmd->add_flag("--fsync", o->fsync,
                "fsync the journal on every commit (survives power loss, slower)");
  cmd->callback([o, &exit_code] { exit_code = serve(*o); });
}

}  // namespace lagrange::cli
