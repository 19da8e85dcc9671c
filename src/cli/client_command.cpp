// `lagrange client submit|jobs|watch`: a small terminal client of `lagrange serve`.
//   submit FILE   POST the job in FILE (JSON, docs/service.md) and print the answer
//   jobs          list the caller's jobs (all pages), one line each
//   watch         follow the caller's job events (Server-Sent Events) until interrupted
// The key is read from --key-file (first line). Exit codes: 0 done, 1 the server refused
// (its problem detail on stderr) or could not be reached, 2 usage error.
#include <fmt/format.h>
#include <httplib.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli/commands.hpp"

namespace lagrange::cli {
namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

struct ClientOptions {
  std::string server = "http://127.0.0.1:8080";
  std::string key_file;
  std::string file;             // submit
  std::string idempotency_key;  // submit
  std::string status;           // jobs
  std::string last_event_id;    // watch
};

int fail(int code, const std::string& message) {
  std::cerr << "lagrange client: " << message << "\n";
  return code;
}

std::optional<std::string> read_first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line) || line.empty()) return std::nullopt;
  return line;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The problem's detail, else the status line.
std::string refusal(const httplib::Result& res) {
  if (!res) return "cannot reach the server: " + httplib::to_string(res.error());
  auto j = nlohmann::json::parse(res->body, nullptr, false);
  if (j.is_object() && j.contains("detail")) {
    return fmt::format("{} {}: {}", res->status, j.value("title", ""),
                       j["detail"].get<std::string>());
  }
  return fmt::format("HTTP {}", res->status);
}

int with_client(const ClientOptions& o,
                const std::function<int(httplib::Client&, const httplib::Headers&)>& body) {
  auto key = read_first_line(o.key_file);
  if (!key) return fail(kExitUsage, "--key-file: cannot read a key from '" + o.key_file + "'");
  httplib::Client client(o.server);
  if (!client.is_valid()) return fail(kExitUsage, "--server: not a URL: '" + o.server + "'");
  client.set_read_timeout(60, 0);
  httplib::Headers headers = {{"Authorization", "Bearer " + *key}};
  return body(client, headers);
}

int submit(const ClientOptions& o) {
  auto text = read_file(o.file);
  if (!text) return fail(kExitUsage, "cannot read '" + o.file + "'");
  return with_client(o, [&](httplib::Client& c, httplib::Headers h) {
    if (!o.idempotency_key.empty()) h.emplace("Idempotency-Key", o.idempotency_key);
    auto res = c.Post("/v1/jobs", h, *text, "application/json");
    if (!res || res->status >= 300) return fail(kExitFailed, refusal(res));
    std::cout << res->body << "\n";
    return 0;
  });
}

int jobs(const ClientOptions& o) {
  return with_client(o, [&](httplib::Client& c, const httplib::Headers& h) {
    std::string cursor;
    std::cout << fmt::format("{:<14} {:<12} {:<22} {:<25} {}\n", "id", "kind", "status",
                             "submitted_at", "delivered_at");
    for (;;) {
      httplib::Params params = {{"limit", "1000"}};
      if (!cursor.empty()) params.emplace("cursor", cursor);
      if (!o.status.empty()) params.emplace("status", o.status);
      auto res = c.Get("/v1/jobs", params, h);
      if (!res || res->status != 200) return fail(kExitFailed, refusal(res));
      auto page = nlohmann::json::parse(res->body, nullptr, false);
      if (!page.is_object()) return fail(kExitFailed, "the server's answer is not JSON");
      for (const auto& j : page["jobs"]) {
        std::cout << fmt::format(
            "{:<14} {:<12} {:<22} {:<25} {}\n", j.value("id", ""), j.value("kind", ""),
            j.value("status", ""), j.value("submitted_at", ""),
            j["delivered_at"].is_string() ? j["delivered_at"].get<std::string>() : "-");
      }
      if (!page["next_cursor"].is_string()) return 0;
      cursor = page["next_cursor"].get<std::string>();
    }
  });
}

int watch(const ClientOptions& o) {
  return with_client(o, [&](httplib::Client& c, httplib::Headers h) {
    if (!o.last_event_id.empty()) h.emplace("Last-Event-ID", o.last_event_id);
    c.set_read_timeout(3600, 0);
    std::string pending;
    auto res = c.Get("/v1/events", h, [&](const char* data, size_t n) {
      pending.append(data, n);
      size_t end = 0;
      while ((end = pending.find("\n\n")) != std::string::npos) {
        const std::string event = pending.substr(0, end);
        pending.erase(0, end + 2);
        const size_t at = event.find("data: ");
        const size_t id = event.find("id: ");
        if (at == std::string::npos) continue;
        std::cout << (id != std::string::npos ? event.substr(id + 4, event.find('\n', id) - id - 4)
                                              : "")
                  << " " << event.substr(at + 6) << std::endl;
      }
      return true;
    });
    if (!res || res->status != 200) return fail(kExitFailed, refusal(res));
    return 0;
  });
}

}  // namespace

void add_client_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ClientOptions>();
  CLI::App* cmd = app.add_subcommand("client", "Talk to a running `lagrange serve`");
  cmd->require_subcommand(1);
  auto common = [o](CLI::App* sub) {
    sub->add_option("--server", o->server, "The service's URL (default http://127.0.0.1:8080)");
    sub->add_option("--key-file", o->key_file, "File whose first line is the API key")->required();
  };
  CLI::App* s = cmd->add_subcommand("submit", "Submit the job in a JSON file");
  s->add_option("file", o->file, "The job, as JSON (docs/service.md)")->required();
  s->add_option("--idempotency-key", o->idempotency_key, "Same key and body: the same job, once");
  common(s);
  s->callback([o, &exit_code] { exit_code = submit(*o); });
  CLI::App* j = cmd->add_subcommand("jobs", "List your jobs");
  j->add_option("--status", o->status, "Only jobs in this stage");
  common(j);
  j->callback([o, &exit_code] { exit_code = jobs(*o); });
  CLI::App* w = cmd->add_subcommand("watch", "Follow your jobs' events");
  w->add_option("--last-event-id", o->last_event_id, "Resume after this event id");
  common(w);
  w->callback([o, &exit_code] { exit_code = watch(*o); });
}

}  // namespace lagrange::cli
