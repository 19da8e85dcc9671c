#include "service/http_server.hpp"

#include <algorithm>
#include <thread>

#include <httplib.h>
#include <netinet/tcp.h>

#include <nlohmann/json.hpp>

#include "service/static_files.hpp"

namespace lagrange::service {
namespace {

Request to_request(const httplib::Request& req) {
  Request r;
  const std::string auth = req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.size() > kBearer.size() && std::string_view(auth).substr(0, kBearer.size()) == kBearer) {
    r.bearer = auth.substr(kBearer.size());
  }
  r.body = req.body;
  for (const auto& [k, v] : req.params) r.query.emplace(k, v);  // first of repeated keys
  r.idempotency_key = req.get_header_value("Idempotency-Key");
  return r;
}

void write(const Reply& reply, httplib::Response& res) {
  res.status = reply.status;
  for (const auto& [k, v] : reply.headers) res.set_header(k, v);
  res.set_content(reply.body, reply.content_type);
}

Problem problem_for_status(int status) {
  switch (status) {
    case 404:
      return not_found("no such route");
    case 405:
      return Problem{405, "method not allowed", "this route does not take that method", {}, {}};
    case 413:
      return too_large("the body is over 1 MB");
    case 414:
      return Problem{414, "URI too long", "the request line is too long", {}, {}};
    default:
      return Problem{status, "error", "the request could not be served", {}, {}};
  }
}

}  // namespace

HttpServer::HttpServer(Service& service, HttpOptions options)
    : service_(service),
      options_(std::move(options)),
      server_(std::make_unique<httplib::Server>()) {
  auto& s = *server_;
  const size_t threads = options_.threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // Model uploads have their own cap (max_model_bytes); every other route keeps
  // max_body_bytes. httplib has one cap for all routes, so a body declared over
  // kRefuseUnread x max_body_bytes on another route is refused before it is read (the client
  // may see a reset); one between the two caps is read, then refused 413 (add_routes).
  s.set_payload_max_length(std::max(options_.max_body_bytes, options_.max_model_bytes));
  s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    constexpr size_t kRefuseUnread = 16;
    if (req.method == "POST" && req.path == "/v1/models") {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    const std::string length = req.get_header_value("Content-Length");
    const bool digits = !length.empty() && length.size() < 19 &&
                        length.find_first_not_of("0123456789") == std::string::npos;
    if (digits && std::stoull(length) > kRefuseUnread * options_.max_body_bytes) {
      write(problem_reply(problem_for_status(413)), res);
      res.status = 413;
      res.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  s.set_read_timeout(options_.io_timeout_s, 0);
  s.set_write_timeout(options_.io_timeout_s, 0);
  s.set_keep_alive_timeout(options_.keep_alive_s);
  s.set_keep_alive_max_count(options_.keep_alive_requests);
  // cpp-httplib writes headers and body separately: with Nagle's algorithm and delayed ACKs
  // each answer waits ~40 ms (measured, docs/PERFORMANCE.md). Accepted sockets inherit
  // TCP_NODELAY from the listening socket on Linux.
  s.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  });
  s.set_error_handler([this](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) write(problem_reply(problem_for_status(res.status)), res);
    service_.count_reply(res.status);
  });
  s.set_exception_handler(
      [this](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        write(problem_reply(Problem{500, "internal error", "the request failed", {}, {}}), res);
        service_.count_reply(500);
      });
  add_routes();
}

HttpServer::~HttpServer() {
  stop();
}

void HttpServer::add_routes() {
  auto& s = *server_;
  using Req = const httplib::Request&;
  using Res = httplib::Response&;
  // A body over max_body_bytes (on any route but the upload) is refused before the route runs.
  auto post = [this, &s](const std::string& pattern, httplib::Server::Handler handler) {
    s.Post(pattern, [this, handler](Req q, Res r) {
      if (q.body.size() > options_.max_body_bytes) {
        write(problem_reply(problem_for_status(413)), r);
        r.status = 413;  // counted by the error handler, as every answer over 400
        return;
      }
      handler(q, r);
    });
  };
  // Answers below 400 are counted here; the error handler counts the rest.
  auto serve = [this](Res res, const Reply& reply) {
    write(reply, res);
    if (reply.status < 400) service_.count_reply(reply.status);
  };
  post("/v1/tenants", [=, this](Req q, Res r) { serve(r, service_.create_tenant(to_request(q))); });
  s.Get("/v1/constellation",
        [=, this](Req q, Res r) { serve(r, service_.constellation(to_request(q))); });
  s.Get("/v1/passes", [=, this](Req q, Res r) { serve(r, service_.passes(to_request(q))); });
  s.Get("/v1/availability",
        [=, this](Req q, Res r) { serve(r, service_.availability(to_request(q))); });
  post("/v1/jobs", [=, this](Req q, Res r) { serve(r, service_.submit_job(to_request(q))); });
  s.Get("/v1/jobs", [=, this](Req q, Res r) { serve(r, service_.list_jobs(to_request(q))); });
  s.Get(R"(/v1/jobs/([^/]+))",
        [=, this](Req q, Res r) { serve(r, service_.get_job(to_request(q), q.matches[1].str())); });
  s.Delete(R"(/v1/jobs/([^/]+))", [=, this](Req q, Res r) {
    serve(r, service_.cancel_job(to_request(q), q.matches[1].str()));
  });
  s.Get("/v1/usage", [=, this](Req q, Res r) { serve(r, service_.usage(to_request(q))); });
  s.Get("/v1/admin/clock",
        [=, this](Req q, Res r) { serve(r, service_.get_clock(to_request(q))); });
  post("/v1/admin/clock", [=, this](Req q, Res r) { serve(r, service_.set_clock(to_request(q))); });
  s.Get("/v1/tracks", [=, this](Req q, Res r) { serve(r, service_.tracks(to_request(q))); });
  s.Get("/v1/links", [=, this](Req q, Res r) { serve(r, service_.links(to_request(q))); });
  s.Get(R"(/v1/satellites/([^/]+))", [=, this](Req q, Res r) {
    serve(r, service_.satellite(to_request(q), q.matches[1].str()));
  });
  s.Get("/v1/admin/series",
        [=, this](Req q, Res r) { serve(r, service_.admin_series(to_request(q))); });
  s.Get("/v1/admin/tenants",
        [=, this](Req q, Res r) { serve(r, service_.admin_tenants(to_request(q))); });
  post("/v1/admin/faults",
       [=, this](Req q, Res r) { serve(r, service_.inject_fault(to_request(q))); });
  s.Get("/v1/admin/faults", [=, this](Req q, Res r) { serve(r, service_.faults(to_request(q))); });
  s.Post("/v1/models", [=, this](Req q, Res r) {
    if (q.body.size() > options_.max_model_bytes) {
      write(problem_reply(too_large("the model is over the upload cap")), r);
      r.status = 413;
      return;
    }
    serve(r, service_.upload_model(to_request(q)));
  });
  s.Get("/v1/models", [=, this](Req q, Res r) { serve(r, service_.list_models(to_request(q))); });
  s.Get(R"(/v1/models/([^/]+))", [=, this](Req q, Res r) {
    serve(r, service_.get_model(to_request(q), q.matches[1].str()));
  });
  post(R"(/v1/models/([^/]+)/deploy)", [=, this](Req q, Res r) {
    serve(r, service_.deploy_model(to_request(q), q.matches[1].str(), false));
  });
  post(R"(/v1/models/([^/]+)/rollback)", [=, this](Req q, Res r) {
    serve(r, service_.deploy_model(to_request(q), q.matches[1].str(), true));
  });
  s.Get("/v1/openapi.json", [=](Req, Res r) { serve(r, Service::openapi()); });
  s.Get("/healthz", [=, this](Req, Res r) { serve(r, service_.healthz()); });
  s.Get("/metrics", [=, this](Req, Res r) { serve(r, service_.metrics()); });
  s.Get("/v1/events", [this](Req q, Res res) {
    const Request request = to_request(q);
    uint32_t tenant = 0;
    if (auto refused = service_.open_events(request, tenant)) {
      write(*refused, res);
      return;
    }
    uint64_t after = 0;
    const std::string last = q.has_header("Last-Event-ID") ? q.get_header_value("Last-Event-ID")
                                                           : q.get_param_value("last_event_id");
    if (!last.empty()) after = std::strtoull(last.c_str(), nullptr, 10);
    auto cursor = std::make_shared<uint64_t>(after);
    const int wait_ms = options_.event_wait_ms;
    res.set_header("Cache-Control", "no-store");
    res.set_chunked_content_provider(
        "text/event-stream",
        [this, tenant, cursor, wait_ms](size_t, httplib::DataSink& sink) {
          EventBatch batch = service_.next_events(tenant, *cursor, wait_ms);
          *cursor = batch.last_id;
          if (!sink.write(batch.text.data(), batch.text.size()) || !batch.open) {
            sink.done();
            return false;
          }
          return true;
        },
        [this](bool) { service_.close_events(); });
    service_.count_reply(200);
  });
  // Last: the dashboard's files, for every GET path outside /v1/ not matched above.
  s.Get(R"(/(?!v1/).*)",
        [=, this](Req q, Res r) { serve(r, static_reply(options_.web_dir, q.path)); });
}

Status HttpServer::bind() {
  if (options_.port == 0) {
    port_ = server_->bind_to_any_port(options_.host);
    if (port_ <= 0) return Error{"cannot listen on " + options_.host + " (any port)"};
    return ok_status();
  }
  if (!server_->bind_to_port(options_.host, options_.port)) {
    return Error{"cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                 " (in use, or not an address of this machine)"};
  }
  port_ = options_.port;
  return ok_status();
}

void HttpServer::run() {
  running_ = true;
  if (!stopping_) server_->listen_after_bind();
  running_ = false;
}

// A stop before run() has started listening would find nothing to stop and leave the listener
// waiting in accept() for ever: wait until it listens (or has given up), then stop it.
void HttpServer::stop() {
  service_.begin_shutdown();
  stopping_ = true;
  while (running_ && !server_->is_running()) std::this_thread::yield();
  server_->stop();
}

}  // namespace lagrange::service
