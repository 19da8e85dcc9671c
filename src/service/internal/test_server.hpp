// Tests: the real service on 127.0.0.1 at a free port, over a fresh data directory, with a
// client. The three-body world is built once per test program.
#pragma once

#include <httplib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "compute/catalog.hpp"
#include "scenario/scenario.hpp"
#include "service/http_server.hpp"
#include "service/service.hpp"
#include "sim/run.hpp"

namespace lagrange::service::testing {

inline std::filesystem::path temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "lagrange-serve-XXXXXX").string();
  return mkdtemp(pattern.data());
}

inline std::shared_ptr<const sim::World> three_body_world() {
  static const std::shared_ptr<const sim::World> world = [] {
    auto catalog = compute::Catalog::load(LAGRANGE_DATA_DIR);
    auto path = scenario::resolve_scenario("three-body", LAGRANGE_DATA_DIR);
    auto s = scenario::load_scenario(*path, {LAGRANGE_DATA_DIR, &*catalog});
    return *sim::build_world(*s, *catalog);
  }();
  return world;
}

inline std::string read_line(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

class TestServer {
 public:
  explicit TestServer(ServiceOptions options = {}, std::filesystem::path dir = {},
                      std::shared_ptr<const sim::World> world = three_body_world(),
                      size_t max_model_bytes = 0)
      : dir_(dir.empty() ? temp_dir() : dir), owns_dir_(dir.empty()) {
    if (options.data_dir.empty()) options.data_dir = dir_;
    // Model uploads are checked by the real binary (not /proc/self/exe, this test program,
    // which would run the tests again in every check), as found by ctest's LAGRANGE_BIN or
    // in the build tree.
    const char* bin = std::getenv("LAGRANGE_BIN");
    options.model_checker = bin != nullptr
                                ? std::filesystem::path(bin)
                                : std::filesystem::path(LAGRANGE_BINARY_DIR) / "bin" / "lagrange";
    auto s = Service::open(std::move(world), options);
    if (!s) throw std::runtime_error(s.error().message);
    service_ = std::move(*s);
    HttpOptions http;
    http.port = 0;
    http.threads = 16;
    http.io_timeout_s = 1;
    http.event_wait_ms = 200;
    if (max_model_bytes > 0) http.max_model_bytes = max_model_bytes;
    server_ = std::make_unique<HttpServer>(*service_, http);
    if (!server_->bind()) throw std::runtime_error("bind");
    thread_ = std::thread([this] { server_->run(); });
    admin_key = read_line(dir_ / "admin.key");
  }
  ~TestServer() {
    server_->stop();
    thread_.join();
    server_.reset();
    service_.reset();
    if (owns_dir_) std::filesystem::remove_all(dir_);
  }

  int port() const { return server_->port(); }
  const std::filesystem::path& dir() const { return dir_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port());
    c.set_read_timeout(30, 0);
    return c;
  }
  static httplib::Headers bearer(const std::string& key) {
    return {{"Authorization", "Bearer " + key}};
  }

  // A new tenant's key.
  std::string add_tenant(const std::string& name, const std::string& extra = "") {
    auto res = client().Post("/v1/tenants", bearer(admin_key),
                             "{\"name\": \"" + name + "\"" + extra + "}", "application/json");
    if (!res || res->status != 201) throw std::runtime_error("tenant " + name);
    return nlohmann::json::parse(res->body)["api_key"];
  }
  void advance_to(const std::string& iso) {
    auto res = client().Post("/v1/admin/clock", bearer(admin_key),
                             "{\"advance_to\": \"" + iso + "\"}", "application/json");
    if (!res || res->status != 200) throw std::runtime_error("clock " + iso);
  }

  std::string admin_key;

 private:
  std::filesystem::path dir_;
  bool owns_dir_;
  std::unique_ptr<Service> service_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

inline ServiceOptions virtual_clock() {
  ServiceOptions o;
  o.clock = ClockMode::kVirtual;
  return o;
}

}  // namespace lagrange::service::testing
