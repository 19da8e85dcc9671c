// The service over HTTP/1.1 (cpp-httplib): routes of docs/service.md onto Service.
//
// Bounds against hostile clients: bodies over `max_body_bytes` answer 413 before they are
// read; each read or write on a socket times out after `io_timeout_s` (a client that stops
// sending is closed); `threads` workers serve connections (a keep-alive connection holds a
// worker until it closes, goes idle for `keep_alive_s` or has made `keep_alive_requests`
// requests; further connections wait for a worker); unknown routes answer 404, all
// errors as problem+json. Listens on loopback unless told otherwise.
//
// Thread-safe: `stop` may be called from any thread (e.g. a signal watcher).
#pragma once

#include <atomic>
#include <filesystem>

#include <memory>
#include <string>

#include "core/result.hpp"
#include "service/service.hpp"

namespace httplib {
class Server;
}

namespace lagrange::service {

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (see HttpServer::port)
  size_t threads = 64;
  size_t max_body_bytes = 1 << 20;
  size_t max_model_bytes = size_t{256} << 20;  // POST /v1/models only
  int io_timeout_s = 5;
  int keep_alive_s = 5;
  size_t keep_alive_requests = 10'000;
  int event_wait_ms = 15'000;  // SSE: a comment line after this long without events
  // The dashboard's built assets, served under `/` (static_files.hpp); empty: none, and `/`
  // answers the "not built" page.
  std::filesystem::path web_dir;
};

class HttpServer {
 public:
  HttpServer(Service& service, HttpOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the socket; the error names the address.
  Status bind();
  int port() const { return port_; }
  // Serves until stop(); call after bind().
  void run();
  void stop();

 private:
  void add_routes();
  Service& service_;
  HttpOptions options_;
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
  // cpp-httplib's stop() acts only once listening has begun: these let a stop that comes
  // before the listening thread gets there still end it (http_server.cpp, stop()).
  std::atomic<bool> running_{false};
  std::atomic<bool> stopping_{false};
};

}  // namespace lagrange::service
