// Durability, replay and reproducibility: restarts in process, kill -9 of the real binary
// during a burst, and the virtual clock against the batch run of the same jobs.
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <map>
#include <mutex>

#include "service/internal/test_server.hpp"
#include "sim/run.hpp"

namespace lagrange::service {
namespace {

using nlohmann::json;
using testing::TestServer;
using testing::virtual_clock;

// The jobs of the scripted tenant: (arrival, body without "at").
struct Scripted {
  std::string at;
  std::string body;
};
std::vector<Scripted> script() {
  return {
      {"2026-06-27T01:00:00Z",
       R"({"kind": "compute_job", "operations": 2e15, "input_bytes": 2e6, "output_bytes": 5e6, "from": "Kashgar", "name": "j1"})"},
      {"2026-06-27T03:30:00Z",
       R"({"kind": "llm_query", "model": "qwen3-8b", "prompt_tokens": 300, "answer_tokens": 200, "from": "Sanya", "name": "q1"})"},
      {"2026-06-27T05:00:00Z",
       R"({"kind": "eo_task", "target": {"point": [31.2, 121.5]}, "model": "yolov8s", "deliver_to": {"station": "Hangzhou"}, "capture_window_s": 43200, "name": "e1"})"},
      {"2026-06-27T05:00:00Z",
       R"({"kind": "compute_job", "operations": 1e16, "input_bytes": 1e6, "output_bytes": 1e7, "from": "Beijing-Miyun", "name": "j2"})"},
      {"2026-06-27T09:15:00Z",
       R"({"kind": "llm_query", "model": "qwen3-8b", "prompt_tokens": 800, "answer_tokens": 50, "from": "Kashgar", "name": "q2"})"},
  };
}

std::string with_at(const Scripted& s) {
  json j = json::parse(s.body);
  j["at"] = s.at;
  return j.dump();
}

Instant iso(const std::string& s) {
  return *parse_iso8601(s);
}

std::string minus_minute(const std::string& at) {
  return format_iso8601(iso(at) - Duration::seconds(60));
}

// Submits script()[from, to) in order, each a minute ahead of its arrival.
void play(TestServer& server, const std::string& key, size_t from, size_t to) {
  auto c = server.client();
  const auto jobs = script();
  for (size_t i = from; i < to; ++i) {
    server.advance_to(minus_minute(jobs[i].at));
    auto res = c.Post("/v1/jobs", TestServer::bearer(key), with_at(jobs[i]), "application/json");
    ASSERT_EQ(res->status, 201) << res->body;
  }
}

json all_jobs(TestServer& server, const std::string& key) {
  auto res = server.client().Get("/v1/jobs?limit=1000", TestServer::bearer(key));
  return json::parse(res->body)["jobs"];
}

TEST(ServiceRestart, AReopenedStoreReplaysToTheSameRun) {
  const auto jobs = script();
  json straight;
  {
    TestServer server(virtual_clock());
    const std::string key = server.add_tenant("probe");
    play(server, key, 0, jobs.size());
    server.advance_to("2026-06-27T23:00:00Z");
    straight = all_jobs(server, key);
  }
  const auto dir = testing::temp_dir();
  std::string key;
  {
    TestServer first(virtual_clock(), dir);
    key = first.add_tenant("probe");
    play(first, key, 0, 2);
    first.advance_to("2026-06-27T04:00:00Z");
  }
  {
    TestServer second(virtual_clock(), dir);
    EXPECT_EQ(all_jobs(second, key).size(), 2u);
    play(second, key, 2, jobs.size());
    second.advance_to("2026-06-27T23:00:00Z");
    EXPECT_EQ(all_jobs(second, key), straight);
  }
  std::filesystem::remove_all(dir);
}

// The scenario of the batch run: three-body plus a tenant whose workloads are the script's
// jobs, each scheduled once at its time.
scenario::Scenario batch_scenario(const compute::Catalog& catalog) {
  const std::filesystem::path dir = std::filesystem::path(LAGRANGE_DATA_DIR) / "scenarios";
  YAML::Node doc = YAML::LoadFile((dir / "three-body.yaml").string());
  YAML::Node tenant;
  tenant["name"] = "probe";
  for (const auto& s : script()) {
    const json j = json::parse(s.body);
    YAML::Node w = YAML::Load(j.dump());  // JSON is YAML
    w["arrivals"]["process"] = "schedule";
    w["arrivals"]["at"].push_back(s.at);
    tenant["workloads"].push_back(w);
  }
  doc["tenants"].push_back(tenant);
  YAML::Emitter out;
  out << doc;
  auto s = scenario::parse_scenario(out.c_str(), "probe.yaml", dir, {LAGRANGE_DATA_DIR, &catalog});
  if (!s) throw std::runtime_error(s.error().message);
  return *s;
}

TEST(ServiceRestart, VirtualClockRunEqualsTheBatchRunOfTheSameJobs) {
  auto catalog = compute::Catalog::load(LAGRANGE_DATA_DIR);
  const auto scenario = batch_scenario(*catalog);
  auto world = sim::build_world(scenario, *catalog);
  ASSERT_TRUE(world.ok()) << world.error().message;
  const std::string policy(scenario::policy_name(scenario.policies.front()));
  auto batch = sim::run_policy(**world, policy);
  ASSERT_TRUE(batch.ok());
  std::map<std::string, sim::JobRecord> expected;  // by workload name
  const uint32_t probe = static_cast<uint32_t>(scenario.work.tenants.size() - 1);
  for (const auto& job : batch->jobs) {
    if (job.tenant == probe) expected[job.workload] = job;
  }
  ASSERT_EQ(expected.size(), script().size());

  TestServer server(virtual_clock());
  const std::string key = server.add_tenant("probe");
  play(server, key, 0, script().size());
  server.advance_to(format_iso8601(scenario.end));
  size_t delivered = 0;
  for (const auto& job : all_jobs(server, key)) {
    const sim::JobRecord& want = expected.at(job["name"]);
    SCOPED_TRACE(job.dump());
    EXPECT_EQ(job["submitted_at"], format_iso8601(want.submitted));
    if (want.is_delivered()) {
      ++delivered;
      EXPECT_EQ(job["status"], "delivered");
      EXPECT_EQ(job["delivered_at"], format_iso8601(*want.delivered));
      EXPECT_EQ(job["delivered_to"], want.delivered_to);
      EXPECT_DOUBLE_EQ(job["energy_j"].get<double>(), want.energy_j);
      EXPECT_DOUBLE_EQ(job["downlink_bytes"].get<double>(), want.downlink_bytes);
    } else if (want.drop != sim::DropReason::kUnfinished) {
      EXPECT_EQ(job["drop_reason"], std::string(sim::drop_reason_name(want.drop)));
    }
  }
  EXPECT_GE(delivered, 1u);  // the comparison is not vacuous
}

// The real binary as a child process; its stdout's first line gives the port.
struct Child {
  pid_t pid = -1;
  int port = 0;
};

Child start_serve(const std::filesystem::path& dir) {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe");
  const char* bin = std::getenv("LAGRANGE_BIN");
  if (bin == nullptr) throw std::runtime_error("LAGRANGE_BIN is not set");
  Child child;
  child.pid = fork();
  if (child.pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    const int null = ::open("/dev/null", O_WRONLY);
    dup2(null, STDERR_FILENO);
    close(out[0]);
    const std::string data = dir.string();
    execl(bin, bin, "serve", "three-body", "--data", data.c_str(), "--listen", "127.0.0.1:0",
          "--clock", "virtual", "--threads", "16", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string line;
  char ch = 0;
  while (::read(out[0], &ch, 1) == 1 && ch != '\n') line += ch;
  close(out[0]);
  const size_t colon = line.rfind(':');
  if (line.rfind("listening on", 0) != 0 || colon == std::string::npos) {
    throw std::runtime_error("serve did not start: '" + line + "'");
  }
  child.port = std::stoi(line.substr(colon + 1));
  return child;
}

constexpr const char* kBurstJob =
    R"({"kind": "compute_job", "operations": 1e14, "input_bytes": 1e6, "output_bytes": 1e6, "from": "Kashgar"})";

TEST(ServiceRestart, KillNineDuringABurstLosesAndDoublesNothing) {
  const auto dir = testing::temp_dir();
  Child child = start_serve(dir);
  const std::string admin = testing::read_line(dir / "admin.key");
  httplib::Client setup("127.0.0.1", child.port);
  auto made = setup.Post("/v1/tenants", TestServer::bearer(admin), R"({"name": "burst"})",
                         "application/json");
  ASSERT_EQ(made->status, 201);
  const std::string key = json::parse(made->body)["api_key"];

  std::mutex mutex;
  std::map<std::string, std::string> accepted;  // idempotency key -> job id
  std::atomic<bool> dead{false};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&, t] {
      httplib::Client c("127.0.0.1", child.port);
      for (int i = 0; !dead && i < 100'000; ++i) {
        const std::string k = fmt::format("c{}-{}", t, i);
        auto h = TestServer::bearer(key);
        h.emplace("Idempotency-Key", k);
        auto res = c.Post("/v1/jobs", h, kBurstJob, "application/json");
        if (!res) continue;  // the server is gone (or the connection was cut)
        if (res->status == 201) {
          std::lock_guard lock(mutex);
          accepted[k] = json::parse(res->body)["id"];
        }
      }
    });
  }
  for (;;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::lock_guard lock(mutex);
    if (accepted.size() >= 300) break;
  }
  kill(child.pid, SIGKILL);
  int status = 0;
  waitpid(child.pid, &status, 0);
  dead = true;
  for (auto& t : clients) t.join();
  ASSERT_TRUE(WIFSIGNALED(status));

  Child again = start_serve(dir);
  httplib::Client c("127.0.0.1", again.port);
  std::map<std::string, int> present;
  std::string cursor;
  for (;;) {
    auto res = c.Get("/v1/jobs?limit=1000" + (cursor.empty() ? "" : "&cursor=" + cursor),
                     TestServer::bearer(key));
    ASSERT_EQ(res->status, 200);
    auto page = json::parse(res->body);
    for (const auto& j : page["jobs"]) ++present[j["id"]];
    if (!page["next_cursor"].is_string()) break;
    cursor = page["next_cursor"];
  }
  for (const auto& [k, id] : accepted) {
    EXPECT_EQ(present[id], 1) << id;
  }
  EXPECT_GE(present.size(), accepted.size());
  // Idempotency keys survived: the same request names the same job, without a new one.
  size_t checked = 0;
  for (const auto& [k, id] : accepted) {
    if (++checked > 50) break;
    auto h = TestServer::bearer(key);
    h.emplace("Idempotency-Key", k);
    auto res = c.Post("/v1/jobs", h, kBurstJob, "application/json");
    ASSERT_EQ(res->status, 200) << res->body;
    EXPECT_EQ(json::parse(res->body)["id"], id);
  }
  kill(again.pid, SIGTERM);
  waitpid(again.pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lagrange::service
