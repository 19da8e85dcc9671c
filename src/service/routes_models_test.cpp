// Users' models through the service on 127.0.0.1, with real ONNX files from Debian's
// libonnx-testdata: an upload is checked by the real binary in a helper process (201, or 422
// with the check's reasons), a tenant sees only its own models, a deployment's progress
// advances with the virtual clock, a rollback is a command, and a restart replays all of it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "service/internal/test_server.hpp"

namespace lagrange::service {
namespace {

using nlohmann::json;
using testing::TestServer;
using testing::virtual_clock;

const std::filesystem::path kCases = "/usr/share/libonnx-testdata/data/pytorch-converted";

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string conv2d() {
  return file_bytes(kCases / "test_Conv2d" / "model.onnx");
}

json upload(TestServer& server, const std::string& key, const std::string& query,
            const std::string& body, int expected) {
  auto res = server.client().Post("/v1/models?" + query, TestServer::bearer(key), body,
                                  "application/octet-stream");
  EXPECT_TRUE(res) << httplib::to_string(res.error());
  if (!res) return json();
  EXPECT_EQ(res->status, expected) << res->body;
  return json::parse(res->body, nullptr, false);
}

json get(TestServer& server, const std::string& key, const std::string& path, int expected) {
  auto res = server.client().Get(path, TestServer::bearer(key));
  EXPECT_TRUE(res);
  if (!res) return json();
  EXPECT_EQ(res->status, expected) << res->body;
  return json::parse(res->body, nullptr, false);
}

json post(TestServer& server, const std::string& key, const std::string& path,
          const std::string& body, int expected) {
  auto res = server.client().Post(path, TestServer::bearer(key), body, "application/json");
  EXPECT_TRUE(res);
  if (!res) return json();
  EXPECT_EQ(res->status, expected) << res->body;
  return json::parse(res->body, nullptr, false);
}

int installed_targets(const json& model) {
  int n = 0;
  for (const auto& d : model["deployments"]) {
    for (const auto& t : d["targets"]) n += t["installed_at"].is_null() ? 0 : 1;
  }
  return n;
}

TEST(ServiceModels, AnAcceptedUploadIs201AndTheSameNameAgainIsTheNextVersion) {
  ASSERT_TRUE(std::filesystem::exists(kCases)) << "install libonnx-testdata";
  TestServer server(virtual_clock());
  const std::string key = server.add_tenant("acme");
  const json first = upload(server, key, "name=conv&precision=fp16", conv2d(), 201);
  EXPECT_EQ(first["id"], "model-1");
  EXPECT_EQ(first["name"], "conv");
  EXPECT_EQ(first["version"], 1);
  EXPECT_EQ(first["check"]["verdict"], "accept");
  // Checked against the accelerators of the scenario's classes, each once.
  std::set<std::string> wanted, checked;
  for (const auto& c : testing::three_body_world()->scenario.classes)
    wanted.insert(c.accelerator.spec.id);
  for (const auto& a : first["check"]["accelerators"]) checked.insert(a["id"]);
  EXPECT_EQ(checked, wanted);
  EXPECT_EQ(first["check"]["accelerators"].size(), wanted.size());
  const json second = upload(server, key, "name=conv&precision=fp16", conv2d(), 201);
  EXPECT_EQ(second["id"], "model-2");
  EXPECT_EQ(second["version"], 2);
  const json list = get(server, key, "/v1/models", 200);
  ASSERT_EQ(list["models"].size(), 2u);
  EXPECT_EQ(list["models"][1]["version"], 2);
  // The file is kept under the data directory, for deployments and for replay.
  size_t kept = 0;
  for (const auto& e : std::filesystem::directory_iterator(server.dir() / "models")) {
    kept += e.path().extension() == ".onnx" ? 1 : 0;
  }
  EXPECT_EQ(kept, 2u);
}

TEST(ServiceModels, ARejectedOrMalformedUploadIs422WithReasonsAndKeepsNothing) {
  TestServer server(virtual_clock());
  const std::string key = server.add_tenant("acme");
  const json junk = upload(server, key, "name=junk", "this is not ONNX", 422);
  ASSERT_TRUE(junk["reasons"].is_array());
  ASSERT_FALSE(junk["reasons"].empty());
  const std::string reason = junk["reasons"][0];
  EXPECT_NE(reason.find("not an ONNX model"), std::string::npos) << reason;
  EXPECT_EQ(reason.find(server.dir().string()), std::string::npos) << "the server's path leaks";
  // OpenCV cannot run an Embedding (a Gather over a weight table): the check rejects it.
  const json gap =
      upload(server, key, "name=emb", file_bytes(kCases / "test_Embedding" / "model.onnx"), 422);
  EXPECT_EQ(gap["check"]["verdict"], "reject");
  EXPECT_FALSE(gap["reasons"].empty());
  upload(server, key, "name=bad%20name", conv2d(), 422);
  upload(server, key, "name=conv&precision=fp64", conv2d(), 422);
  upload(server, key, "name=empty", "", 400);
  upload(server, "", "name=conv", conv2d(), 401);
  EXPECT_TRUE(get(server, key, "/v1/models", 200)["models"].empty());
  const auto left = std::distance(std::filesystem::directory_iterator(server.dir() / "models"),
                                  std::filesystem::directory_iterator());
  EXPECT_EQ(left, 0u);
}

TEST(ServiceModels, WithoutAModelCheckerUploadsAre503AndNothingIsStarted) {
  // A program embedding the service without naming a checker: no helper process is run.
  const auto dir = testing::temp_dir();
  ServiceOptions options = virtual_clock();
  options.data_dir = dir;
  ASSERT_TRUE(options.model_checker.empty());
  auto opened = Service::open(testing::three_body_world(), options);
  ASSERT_TRUE(opened) << opened.error().message;
  auto service = std::move(*opened);
  Request make_tenant;
  make_tenant.bearer = testing::read_line(dir / "admin.key");
  make_tenant.body = R"({"name": "acme"})";
  const Reply tenant = service->create_tenant(make_tenant);
  ASSERT_EQ(tenant.status, 201) << tenant.body;
  Request model;
  model.bearer = json::parse(tenant.body)["api_key"];
  model.body = conv2d();
  model.query = {{"name", "conv"}};
  const Reply upload = service->upload_model(model);
  EXPECT_EQ(upload.status, 503) << upload.body;
  EXPECT_NE(upload.body.find("no model checker"), std::string::npos) << upload.body;
  EXPECT_FALSE(std::filesystem::exists(dir / "models")) << "nothing was stored";
  service.reset();
  std::filesystem::remove_all(dir);
}

TEST(ServiceModels, AnUploadOverTheCapIs413AndOtherRoutesKeepTheirs) {
  TestServer server(virtual_clock(), {}, testing::three_body_world(), 64 << 10);
  const std::string key = server.add_tenant("acme");
  upload(server, key, "name=big", std::string(65 << 10, 'x'), 413);
  upload(server, key, "name=conv&precision=fp16", conv2d(), 201);
  // A job body over 1 MB is still refused though uploads may be bigger than that by default.
  TestServer plain(virtual_clock());
  const std::string k2 = plain.add_tenant("acme");
  post(plain, k2, "/v1/jobs", std::string(2 << 20, ' '), 413);
}

TEST(ServiceModels, ATenantsModelsMayTakeNoMoreThanItsStorageAndAnotherTenantKeepsItsOwn) {
  ServiceOptions options = virtual_clock();
  const std::string conv = conv2d();
  options.model_bytes_per_tenant = conv.size() * 3 / 2;  // room for one copy, not two
  TestServer server(options);
  const std::string acme = server.add_tenant("acme");
  const std::string rival = server.add_tenant("rival");
  upload(server, acme, "name=conv&precision=fp16", conv, 201);
  const json refused = upload(server, acme, "name=conv&precision=fp16", conv, 403);
  const std::string detail = refused["detail"];
  EXPECT_NE(detail.find("past the"), std::string::npos) << detail;
  EXPECT_NE(detail.find("a tenant may keep"), std::string::npos) << detail;
  upload(server, rival, "name=conv&precision=fp16", conv, 201);
  EXPECT_EQ(get(server, acme, "/v1/models", 200)["models"].size(), 1u);
  size_t kept = 0;
  for (const auto& e : std::filesystem::directory_iterator(server.dir() / "models")) {
    kept += e.path().extension() == ".onnx" ? 1 : 0;
  }
  EXPECT_EQ(kept, 2u) << "a refused upload is not kept";
}

TEST(ServiceModels, ACheckPastItsTimeLimitIsKilledAnd422NamesTheLimit) {
  ServiceOptions options = virtual_clock();
  options.model_check_limit = std::chrono::milliseconds(0);  // killed at its first look
  TestServer server(options);
  const std::string key = server.add_tenant("acme");
  const json late = upload(server, key, "name=conv&precision=fp16", conv2d(), 422);
  EXPECT_NE(late["detail"].get<std::string>().find("ran past its limit"), std::string::npos)
      << late.dump();
  EXPECT_TRUE(get(server, key, "/v1/models", 200)["models"].empty());
}

TEST(ServiceModels, AnotherTenantsModelIsNotFound) {
  TestServer server(virtual_clock());
  const std::string acme = server.add_tenant("acme");
  const std::string rival = server.add_tenant("rival");
  upload(server, acme, "name=conv&precision=fp16", conv2d(), 201);
  get(server, rival, "/v1/models/model-1", 404);
  get(server, rival, "/v1/models/model-9", 404);
  get(server, rival, "/v1/models/nonsense", 404);
  post(server, rival, "/v1/models/model-1/deploy", "{}", 404);
  EXPECT_TRUE(get(server, rival, "/v1/models", 200)["models"].empty());
  // The same name in two tenants is two models, each at version 1.
  EXPECT_EQ(upload(server, rival, "name=conv&precision=fp16", conv2d(), 201)["version"], 1);
  EXPECT_EQ(get(server, acme, "/v1/models/model-1", 200)["model"], "user/acme/conv");
  EXPECT_EQ(get(server, rival, "/v1/models/model-2", 200)["model"], "user/rival/conv");
}

TEST(ServiceModels, ADeploymentProgressesWithTheClockAndARollbackIsACommand) {
  TestServer server(virtual_clock());
  const std::string key = server.add_tenant("acme");
  upload(server, key, "name=conv&precision=fp16", conv2d(), 201);
  upload(server, key, "name=conv&precision=fp16", conv2d(), 201);
  post(server, key, "/v1/models/model-1/deploy", "[1]", 400);
  post(server, key, "/v1/models/model-1/deploy", R"({"satellites": ["nowhere"]})", 422);
  post(server, key, "/v1/models/model-1/deploy", R"({"class": "nope"})", 422);
  post(server, key, "/v1/models/model-1/deploy", R"({"colour": "red"})", 422);
  const json d = post(server, key, "/v1/models/model-1/deploy", R"({"all": true})", 202);
  EXPECT_EQ(d["deployment"], 0);
  const json before = get(server, key, "/v1/models/model-1", 200);
  ASSERT_EQ(before["deployments"].size(), 1u);
  const size_t targets = before["deployments"][0]["targets"].size();
  ASSERT_GT(targets, 0u);
  EXPECT_EQ(installed_targets(before), 0);
  server.advance_to("2026-06-27T08:00:00Z");
  const json after = get(server, key, "/v1/models/model-1", 200);
  EXPECT_GT(installed_targets(after), 0) << after.dump();
  EXPECT_EQ(after["deployed_satellites"], installed_targets(after));
  // Version 2 everywhere, then a rollback makes version 1 active again where it was.
  post(server, key, "/v1/models/model-2/deploy", "", 202);
  server.advance_to("2026-06-27T16:00:00Z");
  const int on_two = get(server, key, "/v1/models/model-2", 200)["deployed_satellites"];
  ASSERT_GT(on_two, 0);
  post(server, key, "/v1/models/model-2/rollback", "", 202);
  server.advance_to("2026-06-27T16:01:00Z");
  EXPECT_LT(get(server, key, "/v1/models/model-2", 200)["deployed_satellites"].get<int>(), on_two);
}

TEST(ServiceModels, ARestartReplaysUploadsDeploymentsAndRollbacks) {
  const auto dir = testing::temp_dir();
  json before;
  std::string key;
  {
    TestServer server(virtual_clock(), dir);
    key = server.add_tenant("acme");
    upload(server, key, "name=conv&precision=fp16", conv2d(), 201);
    upload(server, key, "name=conv&precision=fp16", conv2d(), 201);
    post(server, key, "/v1/models/model-1/deploy", "", 202);
    server.advance_to("2026-06-27T08:00:00Z");
    post(server, key, "/v1/models/model-2/deploy", "", 202);
    server.advance_to("2026-06-27T16:00:00Z");
    post(server, key, "/v1/models/model-2/rollback", "", 202);
    server.advance_to("2026-06-27T20:00:00Z");
    before = get(server, key, "/v1/models/model-2", 200);
  }
  {
    TestServer again(virtual_clock(), dir);
    const json after = get(again, key, "/v1/models/model-2", 200);
    EXPECT_EQ(after, before);
    EXPECT_EQ(get(again, key, "/v1/models", 200)["models"].size(), 2u);
  }
  std::filesystem::remove_all(dir);
}

TEST(ServiceModels, AnEoTaskNamingUserNameRunsTheTenantsOwnModel) {
  TestServer server(virtual_clock());
  const std::string acme = server.add_tenant("acme");
  const std::string rival = server.add_tenant("rival");
  upload(server, acme, "name=conv&precision=fp16", conv2d(), 201);
  const std::string task =
      R"({"kind": "eo_task", "target": {"point": [31.2, 121.5]}, "model": "user/conv", "deliver_to": {"station": "Hangzhou"}, "capture_window_s": 43200})";
  post(server, acme, "/v1/jobs", task, 201);
  // The rival has no model of that name, and cannot reach acme's by its full name.
  EXPECT_EQ(post(server, rival, "/v1/jobs", task, 422)["field"], "model");
  std::string by_full_name = task;
  by_full_name.replace(by_full_name.find("user/conv"), 9, "user/acme/conv");
  EXPECT_EQ(post(server, rival, "/v1/jobs", by_full_name, 422)["field"], "model");
}

}  // namespace
}  // namespace lagrange::service
