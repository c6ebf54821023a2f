// /v1/api-keys end to end: a key is shown once, works within its scopes, and stops when revoked.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ApiKeysTest, CreatedKeysWorkWithinTheirScopesUntilRevoked) {
  eventstore::testing::TempDir dir;
  ServerProcess server(dir.Sub("data"));
  ASSERT_TRUE(server.started());
  HttpClient client(server.port());
  std::map<std::string, std::string> admin{{"Authorization", "Bearer " + server.admin_key()}};

  Reply created = client.Post("/v1/api-keys",
                              R"({"name":"Reporting","scopes":["customers:read"],
                                  "expires_at":"2999-01-01T00:00:00Z"})",
                              admin);
  ASSERT_EQ(created.status, 201u) << created.body;
  std::string secret = Field(created.body, "key");
  std::string id = Field(created.body, "id");
  ASSERT_THAT(secret, ::testing::StartsWith("sk_"));
  std::map<std::string, std::string> reader{{"Authorization", "Bearer " + secret}};

  EXPECT_EQ(client.Get("/v1/me", reader).status, 200u);
  EXPECT_EQ(client.Post("/v1/customers", R"({"name":"X"})", reader).status, 403u);

  Reply list = client.Get("/v1/api-keys", admin);
  EXPECT_EQ(list.status, 200u);
  EXPECT_THAT(list.body, HasSubstr(id));
  EXPECT_THAT(list.body, Not(HasSubstr(secret)));  // shown once, never listed

  EXPECT_EQ(client.Post("/v1/api-keys", R"({"name":"Bad","scopes":["root"]})", admin).status, 422u);
  EXPECT_EQ(client.Post("/v1/api-keys/" + id + "/revoke", "", admin).status, 200u);
  Reply revoked = client.Get("/v1/me", reader);
  EXPECT_EQ(revoked.status, 401u);
  EXPECT_THAT(revoked.body, HasSubstr("api_key_revoked"));
  EXPECT_EQ(client.Post("/v1/api-keys/" + id + "/revoke", "", admin).status, 409u);
  EXPECT_EQ(client.Post("/v1/api-keys/ak_nope/revoke", "", admin).status, 404u);

  // After a restart the directory is rebuilt from the log: still revoked.
  EXPECT_EQ(server.Terminate(), 0);
  ServerProcess again(dir.Sub("data"));
  HttpClient second(again.port());
  EXPECT_EQ(second.Get("/v1/me", reader).status, 401u);
  EXPECT_EQ(second.Get("/v1/me", admin).status, 200u);
}

// A key may be given a limit of its own, narrower than its organization's, kept across restarts.
TEST(ApiKeysTest, AKeyWithItsOwnRateLimitIsHeldToIt) {
  eventstore::testing::TempDir dir;
  auto server = std::make_unique<ServerProcess>(dir.Sub("data"));
  ASSERT_TRUE(server->started());
  std::map<std::string, std::string> admin{{"Authorization", "Bearer " + server->admin_key()}};
  {
    HttpClient client(server->port());
    Reply refused = client.Post(
        "/v1/api-keys", R"({"name":"Slow","scopes":["customers:read"],"rate_limit_per_minute":0})",
        admin);
    EXPECT_EQ(refused.status, 422u);
    EXPECT_EQ(Field(refused.body, "param"), "rate_limit_per_minute");
    Reply created = client.Post(
        "/v1/api-keys", R"({"name":"Slow","scopes":["customers:read"],"rate_limit_per_minute":3})",
        admin);
    ASSERT_EQ(created.status, 201u) << created.body;
    EXPECT_THAT(created.body, HasSubstr("\"rate_limit_per_minute\":3"));
    Reply list = client.Get("/v1/api-keys", admin);
    EXPECT_THAT(list.body, HasSubstr("\"rate_limit_per_minute\":3"));
    EXPECT_THAT(list.body, HasSubstr("\"rate_limit_per_minute\":null"));  // the admin key's
    std::map<std::string, std::string> slow{
        {"Authorization", "Bearer " + Field(created.body, "key")}};
    EXPECT_EQ(server->Terminate(), 0);
    server = std::make_unique<ServerProcess>(dir.Sub("data"));
    HttpClient again(server->port());
    for (int i = 0; i < 3; ++i) {
      Reply reply = again.Get("/v1/customers", slow);
      EXPECT_EQ(reply.status, 200u);
      EXPECT_EQ(reply.Header("X-RateLimit-Limit"), "3");
    }
    EXPECT_EQ(again.Get("/v1/customers", slow).status, 429u);
    EXPECT_EQ(again.Get("/v1/customers", admin).status, 200u);
  }
}

// The key list reads the read models like every list: paging, status and name search.
TEST(ApiKeysTest, TheListFiltersByStatusAndSearchesNames) {
  eventstore::testing::TempDir dir;
  ServerProcess server(dir.Sub("data"));
  ASSERT_TRUE(server.started());
  std::map<std::string, std::string> auth{{"Authorization", "Bearer " + server.admin_key()}};
  HttpClient client(server.port());
  auto create = [&](const std::string& name) {
    Reply created = client.Post("/v1/api-keys",
                                R"({"name":")" + name + R"(","scopes":["customers:read"]})", auth);
    EXPECT_EQ(created.status, 201u) << created.body;
    return Field(created.body, "id");
  };
  std::string billing = create("Billing export");
  std::string crm = create("CRM sync");
  ASSERT_EQ(client.Post("/v1/api-keys/" + crm + "/revoke", "", auth).status, 200u);

  std::string revoked = client.Get("/v1/api-keys?status=revoked", auth).body;
  EXPECT_THAT(revoked, HasSubstr(crm));
  EXPECT_THAT(revoked, Not(HasSubstr(billing)));
  EXPECT_THAT(revoked, HasSubstr(R"("total_count":1)"));
  std::string active = client.Get("/v1/api-keys?status=active", auth).body;
  EXPECT_THAT(active, HasSubstr(billing));
  EXPECT_THAT(active, Not(HasSubstr(crm)));
  std::string searched = client.Get("/v1/api-keys?search=bill", auth).body;
  EXPECT_THAT(searched, HasSubstr(billing));
  EXPECT_THAT(searched, Not(HasSubstr(crm)));
  Reply page = client.Get("/v1/api-keys?limit=1", auth);
  EXPECT_THAT(page.body, HasSubstr(R"("has_more":true)"));
  EXPECT_THAT(page.body, Not(HasSubstr("sk_")));  // secrets are never listed
  EXPECT_EQ(client.Get("/v1/api-keys?status=lost", auth).status, 422u);
  EXPECT_EQ(client.Get("/v1/api-keys?colour=red", auth).status, 400u);
}

}  // namespace
}  // namespace factura::e2e
