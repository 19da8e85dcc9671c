// POST /v1/admin/faults on 127.0.0.1: admin only, 422 naming the field, the fault applies to
// the running engine, and a restart replays it from the journal to the same outcome.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "service/internal/test_server.hpp"

namespace lagrange::service {
namespace {

using nlohmann::json;
using testing::TestServer;
using testing::virtual_clock;

constexpr const char* kOutage =
    R"({"kind": "station_outage", "station": "Kashgar", "from": "2026-06-27T00:30:00Z", "to": "2026-06-27T02:00:00Z"})";
constexpr const char* kJob =
    R"({"kind": "compute_job", "operations": 1e15, "input_bytes": 1e6, "output_bytes": 1e6, "from": "Kashgar", "at": "2026-06-27T01:00:00Z", "name": "j"})";

json post(TestServer& server, const std::string& key, const std::string& path,
          const std::string& body, int expected) {
  auto res = server.client().Post(path, TestServer::bearer(key), body, "application/json");
  EXPECT_TRUE(res);
  if (!res) return json();
  EXPECT_EQ(res->status, expected) << res->body;
  return json::parse(res->body, nullptr, false);
}

json job(TestServer& server, const std::string& key, const std::string& id) {
  auto res = server.client().Get("/v1/jobs/" + id, TestServer::bearer(key));
  EXPECT_TRUE(res && res->status == 200);
  return res ? json::parse(res->body, nullptr, false) : json();
}

TEST(ServiceFaults, AdminOnlyAndBadInputIs422NamingTheField) {
  TestServer server(virtual_clock());
  const std::string key = server.add_tenant("probe");
  post(server, key, "/v1/admin/faults", kOutage, 401);
  const json typo = post(
      server, server.admin_key, "/v1/admin/faults",
      R"({"kind": "station_outage", "station": "Kashgr", "from": "2026-06-27T03:00:00Z"})", 422);
  EXPECT_EQ(typo["field"], "station");
  EXPECT_NE(typo["detail"].get<std::string>().find("did you mean 'Kashgar'?"), std::string::npos);
  const json kind =
      post(server, server.admin_key, "/v1/admin/faults",
           R"({"kind": "meteor", "satellite": 63982, "at": "2026-06-27T03:00:00Z"})", 422);
  EXPECT_EQ(kind["field"], "kind");
  server.advance_to("2026-06-27T04:00:00Z");
  const json past =
      post(server, server.admin_key, "/v1/admin/faults",
           R"({"kind": "satellite_loss", "satellite": 63982, "at": "2026-06-27T03:00:00Z"})", 422);
  EXPECT_EQ(past["field"], "at");
  post(server, server.admin_key, "/v1/admin/faults", "[1, 2]", 400);
}

TEST(ServiceFaults, AnInjectedOutageDropsWorkAtTheStationAndReplaysAfterARestart) {
  std::string straight;
  {
    TestServer server(virtual_clock());
    const std::string key = server.add_tenant("probe");
    server.advance_to("2026-06-27T00:10:00Z");
    const json injected = post(server, server.admin_key, "/v1/admin/faults", kOutage, 201);
    EXPECT_EQ(injected["fault"].get<std::string>().rfind("station_outage of Kashgar", 0), 0u);
    const std::string id = post(server, key, "/v1/jobs", kJob, 201)["id"];
    server.advance_to("2026-06-27T06:00:00Z");
    const json j = job(server, key, id);
    EXPECT_EQ(j["drop_reason"], "station_unavailable") << j.dump();
    // The admin's list has the outage, with the job it cost; a tenant may not read it.
    auto list = server.client().Get("/v1/admin/faults", TestServer::bearer(server.admin_key));
    ASSERT_TRUE(list && list->status == 200);
    const json faults = json::parse(list->body)["faults"];
    const json* outage = nullptr;
    for (const auto& f : faults) {
      if (f["kind"] == "station_outage") outage = &f;
    }
    ASSERT_NE(outage, nullptr) << faults.dump();
    EXPECT_EQ((*outage)["start"], "2026-06-27T00:30:00.000Z");
    EXPECT_EQ((*outage)["end"], "2026-06-27T02:00:00.000Z");
    EXPECT_GE((*outage)["jobs_dropped"].get<int>(), 1);
    EXPECT_EQ(server.client().Get("/v1/admin/faults", TestServer::bearer(key))->status, 401);
    straight = j.dump();
  }
  const auto dir = testing::temp_dir();
  std::string key;
  std::string id;
  {
    TestServer first(virtual_clock(), dir);
    key = first.add_tenant("probe");
    first.advance_to("2026-06-27T00:10:00Z");
    post(first, first.admin_key, "/v1/admin/faults", kOutage, 201);
    id = post(first, key, "/v1/jobs", kJob, 201)["id"];
    first.advance_to("2026-06-27T00:20:00Z");
  }
  {
    TestServer second(virtual_clock(), dir);
    second.advance_to("2026-06-27T06:00:00Z");
    EXPECT_EQ(job(second, key, id).dump(), straight);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lagrange::service
