// Every route and rule of the service, against the real server on 127.0.0.1.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <set>

#include "service/internal/test_server.hpp"

namespace lagrange::service {
namespace {

using nlohmann::json;
using testing::TestServer;
using testing::virtual_clock;

constexpr const char* kJob =
    R"({"kind": "compute_job", "operations": 1e14, "input_bytes": 1e6, "output_bytes": 1e6,
        "from": "Kashgar"})";

json body(const httplib::Result& res) {
  return json::parse(res->body, nullptr, false);
}

httplib::Result submit(const httplib::Client& c, const std::string& key,
                       const std::string& job = kJob, const std::string& idempotency = "") {
  auto h = TestServer::bearer(key);
  if (!idempotency.empty()) h.emplace("Idempotency-Key", idempotency);
  return const_cast<httplib::Client&>(c).Post("/v1/jobs", h, job, "application/json");
}

TEST(ServiceHttp, AdminKeyIsWrittenOwnerOnly) {
  TestServer server(virtual_clock());
  struct stat st {};
  ASSERT_EQ(stat((server.dir() / "admin.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  EXPECT_EQ(server.admin_key.size(), 67u);
  EXPECT_TRUE(std::filesystem::exists(server.dir() / "lagrange.db"));
}

TEST(ServiceHttp, TenantsAreMadeByTheAdminOnly) {
  TestServer server(virtual_clock());
  auto c = server.client();
  const std::string key = server.add_tenant("acme");
  EXPECT_EQ(key.substr(0, 3), "lg_");
  auto again = c.Post("/v1/tenants", TestServer::bearer(server.admin_key), R"({"name": "acme"})",
                      "application/json");
  EXPECT_EQ(again->status, 409);
  auto by_tenant =
      c.Post("/v1/tenants", TestServer::bearer(key), R"({"name": "evil"})", "application/json");
  EXPECT_EQ(by_tenant->status, 401);
  EXPECT_EQ(by_tenant->get_header_value("Content-Type"), "application/problem+json");
  auto clock_by_tenant = c.Get("/v1/admin/clock", TestServer::bearer(key));
  EXPECT_EQ(clock_by_tenant->status, 401);
  auto no_key = c.Post("/v1/tenants", R"({"name": "x"})", "application/json");
  EXPECT_EQ(no_key->status, 401);
  auto scenario_name = c.Post("/v1/tenants", TestServer::bearer(server.admin_key),
                              R"({"name": "coastguard"})", "application/json");
  EXPECT_EQ(scenario_name->status, 409);
  auto typo = c.Post("/v1/tenants", TestServer::bearer(server.admin_key),
                     R"({"name": "b", "quotas": {"ops_per_dya": 1}})", "application/json");
  EXPECT_EQ(typo->status, 422);
  EXPECT_EQ(body(typo)["field"], "quotas.ops_per_dya");
  EXPECT_NE(body(typo)["detail"].get<std::string>().find("ops_per_day"), std::string::npos);
}

TEST(ServiceHttp, JobsAreSubmittedReadAndCancelledByTheirOwner) {
  TestServer server(virtual_clock());
  auto c = server.client();
  const std::string a = server.add_tenant("a");
  const std::string b = server.add_tenant("b");
  auto res = submit(c, a);
  ASSERT_EQ(res->status, 201) << res->body;
  const json created = body(res);
  const std::string id = created["id"];
  EXPECT_EQ(created["status"], "accepted");
  EXPECT_EQ(created["submitted_at"], "2026-06-27T00:00:00.000Z");

  auto mine = c.Get("/v1/jobs/" + id, TestServer::bearer(a));
  ASSERT_EQ(mine->status, 200);
  EXPECT_EQ(body(mine)["kind"], "compute_job");
  EXPECT_DOUBLE_EQ(body(mine)["operations"].get<double>(),
                   0.0 + body(mine)["operations"].get<double>());

  // Another tenant's job answers exactly as a missing one.
  auto theirs = c.Get("/v1/jobs/" + id, TestServer::bearer(b));
  auto missing = c.Get("/v1/jobs/job-999999", TestServer::bearer(b));
  EXPECT_EQ(theirs->status, 404);
  EXPECT_EQ(theirs->body, missing->body);
  EXPECT_EQ(c.Delete("/v1/jobs/" + id, TestServer::bearer(b))->status, 404);
  EXPECT_EQ(c.Get("/v1/jobs/" + id)->status, 401);
  EXPECT_EQ(c.Get("/v1/jobs/" + id, TestServer::bearer("lg_wrong"))->status, 401);

  auto cancelled = c.Delete("/v1/jobs/" + id, TestServer::bearer(a));
  ASSERT_EQ(cancelled->status, 200) << cancelled->body;
  server.advance_to("2026-06-27T00:10:00Z");
  auto after = body(c.Get("/v1/jobs/" + id, TestServer::bearer(a)));
  EXPECT_EQ(after["status"], "dropped");
  EXPECT_EQ(after["drop_reason"], "cancelled");
  EXPECT_EQ(c.Delete("/v1/jobs/" + id, TestServer::bearer(a))->status, 409);
}

TEST(ServiceHttp, IdempotencyKeyGivesTheSameJobOrAConflict) {
  TestServer server(virtual_clock());
  auto c = server.client();
  const std::string a = server.add_tenant("a");
  auto first = submit(c, a, kJob, "order-1");
  auto second = submit(c, a, kJob, "order-1");
  ASSERT_EQ(first->status, 201);
  ASSERT_EQ(second->status, 200);
  EXPECT_EQ(body(first)["id"], body(second)["id"]);
  auto other = submit(c, a, R"({"kind": "compute_job", "operations": 1, "input_bytes": 1,
                                "output_bytes": 1, "from": "Kashgar"})",
                      "order-1");
  EXPECT_EQ(other->status, 409);
  // Keys are per tenant.
  const std::string b = server.add_tenant("b");
  EXPECT_EQ(submit(c, b, kJob, "order-1")->status, 201);
  auto list = body(c.Get("/v1/jobs", TestServer::bearer(a)));
  EXPECT_EQ(list["jobs"].size(), 1u);
}

TEST(ServiceHttp, BadRequestsAnswerProblemsNamingTheField) {
  TestServer server(virtual_clock());
  auto c = server.client();
  const std::string a = server.add_tenant("a");
  auto malformed = submit(c, a, "{\"kind\": ");
  EXPECT_EQ(malformed->status, 400);
  EXPECT_EQ(body(malformed)["status"], 400);
  auto typo = submit(c, a, R"({"kind": "compute_job", "opertions": 1})");
  EXPECT_EQ(typo->status, 422);
  EXPECT_EQ(body(typo)["field"], "opertions");
  auto station = submit(c, a, R"({"kind": "compute_job", "operations": 1, "input_bytes": 1,
                                  "output_bytes": 1, "from": "Kashgr"})");
  EXPECT_EQ(station->status, 422) << station->body;
  auto model = submit(c, a, R"({"kind": "llm_query", "model": "gpt-9", "prompt_tokens": 10,
                                "answer_tokens": 10, "from": "Kashgar"})");
  EXPECT_EQ(model->status, 422) << model->body;
  auto huge = submit(c, a, std::string(2 << 20, ' '));
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
  EXPECT_EQ(huge->get_header_value("Content-Type"), "application/problem+json");
  EXPECT_EQ(c.Get("/v1/nothing")->status, 404);
  auto limit = c.Get("/v1/jobs?limit=0", TestServer::bearer(a));
  EXPECT_EQ(limit->status, 422);
  EXPECT_EQ(body(limit)["field"], "limit");
  auto status = c.Get("/v1/jobs?status=done", TestServer::bearer(a));
  EXPECT_EQ(status->status, 422);
  EXPECT_NE(body(status)["detail"].get<std::string>().find("delivered"), std::string::npos);
}

TEST(ServiceHttp, RequestRateIsLimitedPerTenantWithRetryAfter) {
  TestServer server(virtual_clock());
  auto c = server.client();
  const std::string slow = server.add_tenant("slow", R"(, "quotas": {"requests_per_s": 1})");
  const std::string other = server.add_tenant("other");
  int limited = 0;
  for (int i = 0; i < 5; ++i) {
    auto res = submit(c, slow);
    if (res->status == 429) {
      ++limited;
      EXPECT_GE(std::stoi(res->get_header_value("Retry-After")), 1);
      EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
    }
  }
  EXPECT_GE(limited, 3);  // a bucket of one request, refilled at one per second
  EXPECT_EQ(submit(c, other)->status, 201);
}

TEST(ServiceHttp, JobListsArePagedAndOwn) {
  TestServer server(virtual_clock());
  auto c = server.client();
  const std::string a = server.add_tenant("a");
  const std::string b = server.add_tenant("b");
  std::set<std::string> mine;
  for (int i = 0; i < 5; ++i) {
    mine.insert(body(submit(c, a))["id"]);
    (void)submit(c, b);
  }
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto res = c.Get("/v1/jobs?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor),
                     TestServer::bearer(a));
    ASSERT_EQ(res->status, 200);
    auto page = body(res);
    for (const auto& j : page["jobs"]) EXPECT_TRUE(seen.insert(j["id"]).second);
    cursor = page["next_cursor"].is_string() ? page["next_cursor"].get<std::string>() : "";
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(seen, mine);
  EXPECT_EQ(pages, 3);
  auto accepted = body(c.Get("/v1/jobs?status=accepted", TestServer::bearer(a)));
  EXPECT_EQ(accepted["jobs"].size(), 5u);
}

TEST(ServiceHttp, ClockMovesOnlyWhenVirtual) {
  TestServer server(virtual_clock());
  auto c = server.client();
  server.advance_to("2026-06-27T06:00:00Z");
  auto now = body(c.Get("/v1/admin/clock", TestServer::bearer(server.admin_key)));
  EXPECT_EQ(now["now"], "2026-06-27T06:00:00.000Z");
  EXPECT_EQ(now["clock"], "virtual");
  auto back = c.Post("/v1/admin/clock", TestServer::bearer(server.admin_key),
                     R"({"advance_to": "2026-06-27T01:00:00Z"})", "application/json");
  EXPECT_EQ(back->status, 422);
  auto beyond = c.Post("/v1/admin/clock", TestServer::bearer(server.admin_key),
                       R"({"advance_to": "2026-07-27T01:00:00Z"})", "application/json");
  EXPECT_EQ(beyond->status, 422);

  ServiceOptions real;
  real.clock = ClockMode::kReal;
  TestServer realtime(real);
  auto refused =
      realtime.client().Post("/v1/admin/clock", TestServer::bearer(realtime.admin_key),
                             R"({"advance_to": "2026-06-27T01:00:00Z"})", "application/json");
  EXPECT_EQ(refused->status, 409);
}

TEST(ServiceHttp, ConstellationPassesAndAvailabilityDescribeTheWorld) {
  TestServer server(virtual_clock());
  auto c = server.client();
  const std::string a = server.add_tenant("a");
  const auto& world = *testing::three_body_world();
  auto sats = body(c.Get("/v1/constellation", TestServer::bearer(a)));
  ASSERT_EQ(sats["satellites"].size(), world.satellite_count());
  EXPECT_EQ(sats["stations"].size(), world.station_count());
  EXPECT_TRUE(sats["satellites"][0].contains("battery"));
  EXPECT_EQ(c.Get("/v1/constellation")->status, 401);

  auto passes = body(c.Get("/v1/passes?station=Kashgar", TestServer::bearer(a)));
  const auto node = *world.station_by_name("Kashgar");
  size_t expected = 0;
  for (const auto& ct : world.plan.contacts) {
    expected += ct.kind == access::ContactKind::kSatelliteToGround && ct.to == node;
  }
  EXPECT_GT(expected, 0u);
  EXPECT_EQ(passes["passes"].size(), expected);
  auto typo = c.Get("/v1/passes?station=Kashgr", TestServer::bearer(a));
  EXPECT_EQ(typo->status, 422);
  EXPECT_NE(body(typo)["detail"].get<std::string>().find("did you mean 'Kashgar'"),
            std::string::npos);

  // A 20 km swath covers a given point rarely: this one is seen once on the day.
  auto point = body(c.Get("/v1/availability?lat=-30&lon=20", TestServer::bearer(a)));
  const auto expected_opportunities = world.capture_opportunities({{{-30.0, 20.0}}});
  ASSERT_EQ(point["opportunities"].size(), expected_opportunities.size());
  ASSERT_GT(expected_opportunities.size(), 0u);
  EXPECT_EQ(point["opportunities"][0]["start"], format_iso8601(expected_opportunities[0].start));
  auto none_before =
      body(c.Get("/v1/availability?lat=-30&lon=20&to=2026-06-27T08:00:00Z", TestServer::bearer(a)));
  EXPECT_EQ(none_before["opportunities"].size(), 0u);
  EXPECT_EQ(c.Get("/v1/availability?lat=95&lon=0", TestServer::bearer(a))->status, 422);
}

TEST(ServiceHttp, UsageHealthMetricsAndOpenApi) {
  TestServer server(virtual_clock());
  auto c = server.client();
  const std::string a = server.add_tenant("a", R"(, "quotas": {"ops_per_day": 1e18})");
  ASSERT_EQ(submit(c, a)->status, 201);
  auto usage = body(c.Get("/v1/usage", TestServer::bearer(a)));
  EXPECT_EQ(usage["tenant"], "a");
  EXPECT_EQ(usage["quotas"]["ops_per_day"], 1e18);
  EXPECT_EQ(usage["jobs"]["submitted"], 1);
  EXPECT_EQ(c.Get("/healthz")->status, 200);
  auto metrics = c.Get("/metrics");
  EXPECT_NE(metrics->body.find("lagrange_submissions_total 1"), std::string::npos) << metrics->body;
  EXPECT_NE(metrics->body.find("lagrange_http_responses_total{code=\"201\"}"), std::string::npos);
  auto api = body(c.Get("/v1/openapi.json"));
  EXPECT_EQ(api["openapi"], "3.1.0");
  for (const char* path : {"/v1/tenants", "/v1/constellation", "/v1/passes", "/v1/availability",
                           "/v1/jobs", "/v1/jobs/{id}", "/v1/events", "/v1/usage",
                           "/v1/admin/clock", "/v1/openapi.json", "/healthz", "/metrics"}) {
    EXPECT_TRUE(api["paths"].contains(path)) << path;
  }
}

// Reads the SSE stream until `count` events came; returns their (id, data) pairs.
std::vector<std::pair<uint64_t, json>> read_events(TestServer& server, const std::string& key,
                                                   size_t count, const std::string& last_id = "") {
  auto c = server.client();
  auto h = TestServer::bearer(key);
  if (!last_id.empty()) h.emplace("Last-Event-ID", last_id);
  std::vector<std::pair<uint64_t, json>> events;
  std::string pending;
  int reads = 0;
  (void)c.Get("/v1/events", h, [&](const char* data, size_t n) {
    pending.append(data, n);
    size_t end = 0;
    while ((end = pending.find("\n\n")) != std::string::npos) {
      const std::string e = pending.substr(0, end);
      pending.erase(0, end + 2);
      if (e.rfind("id: ", 0) != 0) continue;
      const uint64_t id = std::stoull(e.substr(4));
      events.emplace_back(id, json::parse(e.substr(e.find("data: ") + 6)));
    }
    return events.size() < count && ++reads < 50;
  });
  return events;
}

TEST(ServiceHttp, EventsStreamOwnTransitionsAndResume) {
  TestServer server(virtual_clock());
  auto c = server.client();
  const std::string a = server.add_tenant("a");
  const std::string b = server.add_tenant("b");
  const std::string id = body(submit(c, a))["id"];
  (void)submit(c, b);
  server.advance_to("2026-06-27T12:00:00Z");
  auto job = body(c.Get("/v1/jobs/" + id, TestServer::bearer(a)));
  const size_t steps = job["timeline"].size();
  ASSERT_GE(steps, 2u) << job.dump();
  auto events = read_events(server, a, steps);
  ASSERT_EQ(events.size(), steps);
  for (size_t i = 0; i < steps; ++i) {
    EXPECT_EQ(events[i].first, i + 1);
    EXPECT_EQ(events[i].second["job"], id);
    EXPECT_EQ(events[i].second["stage"], job["timeline"][i]["stage"]);
  }
  auto resumed = read_events(server, a, steps - 1, "1");
  ASSERT_EQ(resumed.size(), steps - 1);
  EXPECT_EQ(resumed.front().first, 2u);
  EXPECT_EQ(c.Get("/v1/events")->status, 401);
}

TEST(ServiceHttp, HostileClientsGetAnAnswerOrAClosedSocket) {
  TestServer server(virtual_clock());
  const std::string a = server.add_tenant("a");
  auto raw = [&](const std::string& bytes, bool close_write) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(server.port()));
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    (void)!::write(fd, bytes.data(), bytes.size());
    if (close_write) shutdown(fd, SHUT_WR);
    std::string answer(4096, '\0');
    const ssize_t n = ::read(fd, answer.data(), answer.size());  // the server's timeout ends it
    close(fd);
    answer.resize(n > 0 ? static_cast<size_t>(n) : 0);
    return answer;
  };
  EXPECT_EQ(raw("\x01\x02 garbage\r\n\r\n", false).substr(0, 12), "HTTP/1.1 400");
  // A body announced over the limit is refused before it is read.
  const std::string endless = "POST /v1/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + a +
                              "\r\nContent-Length: 100000000000\r\n\r\n{";
  EXPECT_EQ(raw(endless, false).substr(0, 12), "HTTP/1.1 413");
  // A client that stops halfway through its headers is answered 400 or closed once the I/O
  // timeout (1 s here) passes, not waited for.
  const std::string stalled = raw("GET /healthz HTTP/1.1\r\nHost:", false);
  EXPECT_TRUE(stalled.empty() || stalled.substr(0, 12) == "HTTP/1.1 400") << stalled;
  // Many connections at once: every request is answered.
  std::vector<std::thread> clients;
  std::atomic<int> answered{0};
  for (int i = 0; i < 64; ++i) {
    clients.emplace_back([&] {
      auto c = server.client();
      if (auto res = c.Get("/healthz"); res && res->status == 200) ++answered;
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(answered, 64);
  auto c = server.client();
  EXPECT_EQ(submit(c, a, R"({"kind": "compute_job", "operations": [1,2]})")->status, 422);
  EXPECT_EQ(submit(c, a, "null")->status, 400);
  EXPECT_EQ(c.Get("/healthz")->status, 200);
}

}  // namespace
}  // namespace lagrange::service
