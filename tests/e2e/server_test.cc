// The HTTP server as a client meets it: a real `factura serve` process on a loopback port.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using eventstore::testing::TempDir;
using ::testing::HasSubstr;

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() : server_(dir_.Sub("data"), {"--config", WriteConfig()}) {}

  std::string WriteConfig() {
    std::string path = dir_.Sub("factura.toml");
    FILE* file = std::fopen(path.c_str(), "w");
    std::fputs("read_timeout_ms = 500\nmax_body_bytes = 4096\nmax_header_bytes = 2048\n", file);
    std::fclose(file);
    return path;
  }

  TempDir dir_;
  ServerProcess server_;
};

TEST_F(ServerTest, HealthAndReadinessAnswerWithRequestIds) {
  ASSERT_TRUE(server_.started()) << server_.output();
  HttpClient client(server_.port());
  Reply health = client.Get("/healthz");
  EXPECT_EQ(health.status, 200u);
  EXPECT_EQ(health.body, R"({"status":"ok"})");
  EXPECT_THAT(health.Header("X-Request-ID"), ::testing::StartsWith("req_"));
  Reply ready = client.Get("/readyz", {{"X-Request-ID", "trace-123"}});
  EXPECT_EQ(ready.status, 200u);
  EXPECT_EQ(ready.Header("X-Request-ID"), "trace-123");
  EXPECT_THAT(ready.body, HasSubstr(R"("log_head":2)"));  // the bootstrap organization and key
}

TEST_F(ServerTest, UnknownRoutesAre404AndWrongMethods405WithAllow) {
  ASSERT_TRUE(server_.started());
  HttpClient client(server_.port());
  Reply missing = client.Get("/v1/nothing-here");
  EXPECT_EQ(missing.status, 404u);
  EXPECT_THAT(missing.body, HasSubstr(R"("code":"route_not_found")"));
  EXPECT_THAT(missing.body, HasSubstr(R"("request_id":"req_)"));
  Reply wrong = client.Post("/healthz", "{}");
  EXPECT_EQ(wrong.status, 405u);
  EXPECT_EQ(wrong.Header("Allow"), "GET");
}

TEST_F(ServerTest, ErrorMessagesFollowAcceptLanguageCodesDoNot) {
  ASSERT_TRUE(server_.started());
  HttpClient client(server_.port());
  Reply portuguese = client.Get("/v1/nothing", {{"Accept-Language", "pt-BR,pt;q=0.9,en;q=0.8"}});
  EXPECT_EQ(portuguese.status, 404u);
  EXPECT_THAT(portuguese.body, HasSubstr(R"("message":"Rota não encontrada")"));
  EXPECT_THAT(portuguese.body, HasSubstr(R"("code":"route_not_found")"));
  EXPECT_EQ(portuguese.Header("Content-Language"), "pt-BR");
  Reply spanish = client.Get("/v1/me", {{"Accept-Language", "es-ES"}});
  EXPECT_EQ(spanish.status, 401u);
  EXPECT_THAT(spanish.body, HasSubstr("Envíe su clave de API"));
  Reply fallback = client.Get("/v1/nothing", {{"Accept-Language", "de-DE"}});
  EXPECT_THAT(fallback.body, HasSubstr("No route for /v1/nothing"));
  EXPECT_EQ(fallback.Header("Content-Language"), "en-US");
}

TEST_F(ServerTest, OversizedBodiesAre413AndOversizedHeaders431) {
  ASSERT_TRUE(server_.started());
  std::string big_body = RawExchange(
      server_.port(),
      "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'a'));
  EXPECT_THAT(big_body, HasSubstr("HTTP/1.1 413"));
  EXPECT_THAT(big_body, HasSubstr(R"("code":"body_too_large")"));
  std::string big_header = RawExchange(
      server_.port(),
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Junk: " + std::string(3000, 'b') + "\r\n\r\n");
  EXPECT_THAT(big_header, HasSubstr("HTTP/1.1 431"));
}

TEST_F(ServerTest, SlowRequestsAreCutOffWith408AndGarbageGets400) {
  ASSERT_TRUE(server_.started());
  std::string slow = RawExchange(server_.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n");
  EXPECT_THAT(slow, HasSubstr("HTTP/1.1 408"));
  std::string garbage = RawExchange(server_.port(), "THIS IS NOT HTTP\r\n\r\n");
  EXPECT_THAT(garbage, HasSubstr("HTTP/1.1 400"));
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  ASSERT_TRUE(server_.started());
  std::string replies = RawExchange(
      server_.port(),
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-ID: first\r\n\r\n"
      "GET /readyz HTTP/1.1\r\nHost: x\r\nX-Request-ID: second\r\nConnection: close\r\n\r\n");
  size_t first = replies.find("X-Request-ID: first");
  size_t second = replies.find("X-Request-ID: second");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second);
}

TEST_F(ServerTest, ServesItsOpenApiDocumentWithoutAKey) {
  ASSERT_TRUE(server_.started());
  HttpClient client(server_.port());
  Reply document = client.Get("/openapi.json");
  EXPECT_EQ(document.status, 200u);
  EXPECT_THAT(document.Header("Content-Type"), HasSubstr("application/json"));
  EXPECT_THAT(document.body, HasSubstr(R"("openapi": "3.1.0")"));
  EXPECT_THAT(document.body, HasSubstr(R"("/v1/invoices/{id}/history")"));
  Reply yaml = client.Get("/openapi.yaml");
  EXPECT_EQ(yaml.status, 200u);
  EXPECT_THAT(yaml.Header("Content-Type"), HasSubstr("application/yaml"));
  EXPECT_THAT(yaml.body, HasSubstr("openapi: 3.1.0"));
  EXPECT_THAT(yaml.body, HasSubstr("/v1/invoices/{id}/history:"));
}

TEST_F(ServerTest, MetricsCountRequestsByRouteAndStatus) {
  ASSERT_TRUE(server_.started());
  HttpClient client(server_.port());
  client.Get("/healthz");
  client.Get("/healthz");
  client.Get("/nope");
  Reply metrics = client.Get("/metrics");
  EXPECT_EQ(metrics.status, 200u);
  EXPECT_THAT(metrics.Header("Content-Type"), HasSubstr("text/plain"));
  EXPECT_THAT(
      metrics.body,
      HasSubstr(R"(factura_http_requests_total{method="GET",route="healthz",status="200"} 2)"));
  EXPECT_THAT(metrics.body, HasSubstr("factura_http_request_duration_seconds_bucket"));
  EXPECT_THAT(metrics.body, HasSubstr("factura_event_log_head_position"));
  // The bootstrap wrote the organization and the admin key.
  EXPECT_THAT(metrics.body, HasSubstr("factura_event_store_events_total 2"));
  EXPECT_THAT(metrics.body, HasSubstr("factura_event_store_commits_total"));
  EXPECT_THAT(metrics.body, HasSubstr("factura_event_store_write_queue_depth"));
  EXPECT_THAT(metrics.body, HasSubstr("factura_read_model_lag_seconds_bucket"));
  EXPECT_THAT(metrics.body, HasSubstr("factura_read_model_checkpoint_position"));
  // The histograms of group commits agree with the totals: one observation per commit, and the
  // batch sizes add up to the appends.
  auto value = [&](const std::string& name) {
    auto at = metrics.body.find("\n" + name + " ");
    EXPECT_NE(at, std::string::npos) << name;
    return at == std::string::npos ? -1.0 : std::stod(metrics.body.substr(at + name.size() + 2));
  };
  double commits = value("factura_event_store_commits_total");
  EXPECT_GE(commits, 1.0);
  EXPECT_EQ(value("factura_event_store_commit_duration_seconds_count"), commits);
  EXPECT_EQ(value("factura_event_store_batch_appends_count"), commits);
  EXPECT_EQ(value("factura_event_store_batch_appends_sum"),
            value("factura_event_store_appends_total"));
  EXPECT_THAT(metrics.body,
              HasSubstr("factura_event_store_commit_duration_seconds_bucket{le=\"+Inf\"}"));
}

TEST_F(ServerTest, SigtermStopsGracefullyWithExitZero) {
  ASSERT_TRUE(server_.started());
  HttpClient client(server_.port());
  EXPECT_EQ(client.Get("/healthz").status, 200u);  // an idle keep-alive connection stays open
  EXPECT_EQ(server_.Terminate(), 0);
}

TEST(ServerConfigTest, BadSettingsAreRefusedNamingTheSetting) {
  TempDir dir;
  std::string path = dir.Sub("bad.toml");
  FILE* file = std::fopen(path.c_str(), "w");
  std::fputs("io_threads = 0\n", file);
  std::fclose(file);
  ServerProcess server(dir.Sub("data"), {"--config", path});
  EXPECT_FALSE(server.started());
  EXPECT_EQ(server.Terminate(), 2);
}

}  // namespace
}  // namespace factura::e2e

namespace factura::e2e {
namespace {

// Plans are set by the operator, offline; the organization's minute is shared by its keys and a
// key's own limit narrows it.
TEST(RateLimitTest, ThePlanAndAKeysOwnLimitHoldThen429WithRetryAfter) {
  eventstore::testing::TempDir dir;
  std::string data = dir.Sub("data");
  std::string admin, organization;
  {
    ServerProcess first(data);
    ASSERT_TRUE(first.started()) << first.output();
    admin = first.admin_key();
    organization = first.organization_id();
    first.Terminate();
  }
  std::string refused = RunFactura("--data-dir " + data + " organizations plan --org " +
                                   organization + " --plan gold 2>&1; echo exit=$?");
  EXPECT_THAT(refused, ::testing::HasSubstr("starter, professional and enterprise"));
  EXPECT_THAT(refused, ::testing::HasSubstr("exit=2"));
  EXPECT_EQ(RunFactura("--data-dir " + data + " organizations plan --org " + organization +
                       " --plan starter --rate-limit-per-minute 4"),
            "");
  std::istringstream created(RunFactura("--data-dir " + data + " keys create --org " +
                                        organization +
                                        " --scopes customers:read --rate-limit-per-minute 2"));
  std::string ignored, narrow;
  created >> ignored >> ignored >> narrow;
  ASSERT_THAT(narrow, ::testing::StartsWith("sk_"));

  ServerProcess server(data);
  ASSERT_TRUE(server.started()) << server.output();
  HttpClient client(server.port());
  auto auth = [](const std::string& key) {
    return std::map<std::string, std::string>{{"Authorization", "Bearer " + key}};
  };
  for (int remaining = 1; remaining >= 0; --remaining) {
    Reply reply = client.Get("/v1/customers", auth(narrow));
    EXPECT_EQ(reply.status, 200u);
    EXPECT_EQ(reply.Header("X-RateLimit-Limit"), "2");
    EXPECT_EQ(reply.Header("X-RateLimit-Remaining"), std::to_string(remaining));
    EXPECT_FALSE(reply.Header("X-RateLimit-Reset").empty());
  }
  Reply limited = client.Get("/v1/customers", auth(narrow));
  EXPECT_EQ(limited.status, 429u);
  EXPECT_THAT(limited.body, ::testing::HasSubstr("\"code\":\"rate_limit_exceeded\""));
  EXPECT_THAT(limited.body, ::testing::HasSubstr("\"type\":\"rate_limit_error\""));
  EXPECT_GE(std::stoi(limited.Header("Retry-After")), 1);
  // The body says when too, as a number of seconds (the header's).
  EXPECT_THAT(limited.body,
              ::testing::HasSubstr("\"retry_after\":" + limited.Header("Retry-After")));

  // The admin key has the organization's 4 a minute, of which the narrow key used 2.
  Reply settings = client.Get("/v1/organization", auth(admin));
  EXPECT_EQ(settings.status, 200u);
  EXPECT_EQ(settings.Header("X-RateLimit-Limit"), "4");
  EXPECT_EQ(settings.Header("X-RateLimit-Remaining"), "1");
  EXPECT_THAT(settings.body, ::testing::HasSubstr("\"plan\":\"starter\""));
  EXPECT_THAT(settings.body, ::testing::HasSubstr("\"rate_limit_per_minute\":4"));
  EXPECT_EQ(client.Get("/v1/customers", auth(admin)).status, 200u);
  EXPECT_EQ(client.Get("/v1/customers", auth(admin)).status, 429u);
  EXPECT_EQ(client.Get("/healthz").status, 200u);  // public routes are not metered
}

}  // namespace
}  // namespace factura::e2e
