// The dashboard's read-only routes and the static files, against the real server on
// 127.0.0.1 (routes_dashboard.cpp, static_files.cpp).
#include <gtest/gtest.h>

#include <fstream>

#include "service/internal/test_server.hpp"
#include "service/static_files.hpp"

namespace lagrange::service {
namespace {

using nlohmann::json;
using testing::TestServer;
using testing::virtual_clock;

constexpr const char* kJob =
    R"({"kind": "compute_job", "operations": 1e14, "input_bytes": 1e6, "output_bytes": 1e6,
        "from": "Kashgar"})";

json get(const TestServer& server, const std::string& key, const std::string& path, int status) {
  auto c = server.client();
  auto res = c.Get(path, TestServer::bearer(key));
  EXPECT_TRUE(res) << path;
  if (!res) return nullptr;
  EXPECT_EQ(res->status, status) << path << ": " << res->body;
  return json::parse(res->body, nullptr, false);
}

TEST(DashboardHttp, TracksAreTheTwinsOwnSamples) {
  TestServer server(virtual_clock());
  const std::string key = server.add_tenant("acme");
  const auto world = testing::three_body_world();
  const json t = get(
      server, key, "/v1/tracks?from=2026-06-27T00:00:00Z&to=2026-06-27T01:00:00Z&step_s=120", 200);
  ASSERT_EQ(t["satellites"].size(), world->satellite_count());
  EXPECT_EQ(t["step_s"], 2 * world->scenario.outputs.sample_interval.to_seconds());
  const auto& first = t["satellites"][0];
  EXPECT_EQ(first["name"], world->plan.nodes[0].name);
  const auto& p = first["positions"];
  ASSERT_GE(p.size(), 8u);
  ASSERT_EQ(p.size() % 4, 0u);
  // The positions are those the twin tracked at the same instants.
  const auto epoch = *parse_iso8601(t["epoch"].get<std::string>());
  const Instant at = epoch + Duration::from_seconds(p[4].get<double>());
  const auto& track = world->tracks[0];
  auto it = std::find_if(track.begin(), track.end(), [&](const auto& q) { return q.time == at; });
  ASSERT_NE(it, track.end());
  EXPECT_DOUBLE_EQ(p[5].get<double>(), it->longitude_deg);
  EXPECT_DOUBLE_EQ(p[6].get<double>(), it->latitude_deg);
  EXPECT_DOUBLE_EQ(p[7].get<double>(), it->altitude_km * 1e3);
  EXPECT_EQ(p[4].get<double>() - p[0].get<double>(), t["step_s"].get<double>());
  // Bad parameters name the field; no key is 401.
  EXPECT_EQ(get(server, key, "/v1/tracks?step_s=-1", 422)["field"], "step_s");
  EXPECT_EQ(get(server, key, "/v1/tracks?from=yesterday", 422)["field"], "from");
  get(server, "", "/v1/tracks", 401);
}

TEST(DashboardHttp, LinksAndSatelliteAgreeWithTheConstellation) {
  TestServer server(virtual_clock());
  const std::string key = server.add_tenant("acme");
  server.advance_to("2026-06-27T03:00:00Z");
  const json links = get(server, key, "/v1/links", 200);
  EXPECT_EQ(links["at"], "2026-06-27T03:00:00.000Z");
  const json constellation = get(server, key, "/v1/constellation", 200);
  std::set<std::string> names;
  for (const auto& s : constellation["satellites"]) names.insert(s["name"]);
  for (const auto& l : links["lasers"]) {
    EXPECT_TRUE(names.count(l["a"]) && names.count(l["b"])) << l;
    EXPECT_NE(l["a"], l["b"]);
  }
  const auto& first = constellation["satellites"][0];
  const json sat = get(server, key, "/v1/satellites/" + first["name"].get<std::string>(), 200);
  EXPECT_EQ(sat["norad_id"], first["norad_id"]);
  EXPECT_EQ(sat["battery"], first["battery"]);
  EXPECT_EQ(sat["stored_bytes"], first["stored_bytes"]);
  EXPECT_EQ(sat["queue_length"], first["queue_length"]);
  EXPECT_GT(sat["storage_bytes"].get<double>(), 0.0);
  for (const auto& p : sat["next_passes"]) EXPECT_GT(p["end"].get<std::string>(), "2026-06-27T03");
  const json by_norad = get(server, key, "/v1/satellites/" + first["norad_id"].dump(), 200);
  EXPECT_EQ(by_norad["name"], first["name"]);
  get(server, key, "/v1/satellites/no-such-sat", 404);
}

TEST(DashboardHttp, AdminSeesSeriesAndEveryTenantsUse) {
  TestServer server(virtual_clock());
  const std::string key = server.add_tenant("acme", R"(, "quotas": {"ops_per_day": 1e18})");
  auto c = server.client();
  auto res = c.Post("/v1/jobs", TestServer::bearer(key), kJob, "application/json");
  ASSERT_EQ(res->status, 201);
  const std::string id = json::parse(res->body)["id"];
  server.advance_to("2026-06-27T12:00:00Z");
  get(server, key, "/v1/admin/series", 401);
  get(server, key, "/v1/admin/tenants", 401);
  const json series = get(server, server.admin_key, "/v1/admin/series", 200);
  // A sample every 300 s from the window start to now, also after one long clock jump.
  ASSERT_EQ(series["samples"].size(), 12u * 12 + 1);
  EXPECT_EQ(series["samples"][1]["at"], "2026-06-27T00:05:00.000Z");
  const size_t sats = series["satellites"].size();
  for (const auto& s : series["samples"]) {
    ASSERT_EQ(s["battery"].size(), sats);
    for (const auto& b : s["battery"]) EXPECT_TRUE(b >= 0.0 && b <= 1.0);
  }
  const json job = json::parse(c.Get("/v1/jobs/" + id, TestServer::bearer(key))->body);
  ASSERT_EQ(job["status"], "delivered");
  // Every job's downlink per station (the scenario's work too): cumulative, so never falling,
  // and at the station our job was delivered to at least its bytes.
  const auto& down = series["downlink_bytes"][job["delivered_to"].get<std::string>()];
  ASSERT_EQ(down.size(), series["samples"].size());
  EXPECT_EQ(down[0], 0.0);
  for (size_t i = 1; i < down.size(); ++i) EXPECT_GE(down[i], down[i - 1]);
  EXPECT_GE(down.back().get<double>(), job["downlink_bytes"].get<double>());
  const json tenants = get(server, server.admin_key, "/v1/admin/tenants", 200);
  const json* acme = nullptr;
  for (const auto& t : tenants["tenants"]) {
    if (t["name"] == "acme") acme = &t;
  }
  ASSERT_NE(acme, nullptr);
  EXPECT_EQ((*acme)["source"], "service");
  EXPECT_EQ((*acme)["quotas"]["ops_per_day"], 1e18);
  EXPECT_EQ((*acme)["jobs"]["delivered"], 1);
  EXPECT_EQ((*acme)["used"]["downlink_bytes"], job["downlink_bytes"]);
  EXPECT_GT(tenants["tenants"].size(), 1u);  // the scenario's own tenants too
}

TEST(DashboardHttp, StaticFilesStayInsideTheirRoot) {
  const auto dir = testing::temp_dir();
  const auto root = dir / "dist";
  std::filesystem::create_directories(root / "assets");
  std::ofstream(root / "index.html") << "<!doctype html><title>x</title>";
  std::ofstream(root / "assets" / "app.js") << "console.log(1)";
  std::ofstream(dir / "secret.txt") << "secret";
  std::filesystem::create_symlink(dir / "secret.txt", root / "link.txt");
  EXPECT_EQ(static_file(root, "/"), std::filesystem::canonical(root / "index.html"));
  EXPECT_TRUE(static_file(root, "/assets/app.js"));
  EXPECT_FALSE(static_file(root, "/../secret.txt"));
  EXPECT_FALSE(static_file(root, "/assets/../../secret.txt"));
  EXPECT_FALSE(static_file(root, "/link.txt"));  // a symlink out of the root
  EXPECT_FALSE(static_file(root, "/assets"));    // a directory
  EXPECT_FALSE(static_file(root, "//etc/passwd"));
  EXPECT_EQ(content_type_for("a/b.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("x.wasm"), "application/wasm");
  EXPECT_EQ(content_type_for("x.bin"), "application/octet-stream");

  TestServer server(virtual_clock());  // its HTTP options have no web_dir: "not built"
  auto c = server.client();
  auto page = c.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 404);
  EXPECT_NE(page->body.find("The dashboard is not built"), std::string::npos);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(c.Get("/healthz")->status, 200);  // the API is there
  std::filesystem::remove_all(dir);
}

TEST(DashboardHttp, TheServerServesTheBuiltFiles) {
  const auto dir = testing::temp_dir();
  std::ofstream(dir / "index.html") << "<!doctype html><title>dash</title>";
  std::ofstream(dir / "style.css") << "body{}";
  ServiceOptions so = virtual_clock();
  so.data_dir = dir / "data";
  std::filesystem::create_directories(so.data_dir);
  auto svc = Service::open(testing::three_body_world(), so);
  ASSERT_TRUE(svc);
  HttpOptions ho;
  ho.port = 0;
  ho.web_dir = dir;
  HttpServer http(**svc, ho);
  ASSERT_TRUE(http.bind());
  std::thread t([&] { http.run(); });
  httplib::Client c("127.0.0.1", http.port());
  auto index = c.Get("/");
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->body, "<!doctype html><title>dash</title>");
  EXPECT_EQ(index->get_header_value("Content-Type"), "text/html; charset=utf-8");
  auto css = c.Get("/style.css");
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(c.Get("/%2e%2e/data/admin.key")->status, 404);
  EXPECT_EQ(c.Get("/data/../index.html")->status, 404);
  EXPECT_EQ(c.Get("/v1/nothing")->status, 404);  // API paths never fall through to files
  http.stop();
  t.join();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lagrange::service
