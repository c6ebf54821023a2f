// No secret in the log (issue 18): after webhooks are created and rotated, API keys created
// (with idempotency keys, whose stored replies carry the new key), users registered, logged in,
// refreshed, invited and reset, OAuth clients registered and authorized, neither an export of the
// log nor any byte of the data directory outside `keys/` holds a secret, a password or a token in
// clear — while every secret still works.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/identity_testing.h"
#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Headers = std::map<std::string, std::string>;

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

TEST(SecretsAtRestTest, NoSecretIsInTheLogAnExportOrTheDataDirectory) {
  eventstore::testing::TempDir dir;
  std::string data = dir.Sub("data");
  std::vector<std::pair<std::string, std::string>> secrets;  // what, value
  {
    ServerProcess server(data);
    ASSERT_TRUE(server.started());
    HttpClient client(server.port());
    Headers admin{{"Authorization", "Bearer " + server.admin_key()}};
    secrets.emplace_back("the bootstrap API key", server.admin_key());

    Headers once = admin;
    once["Idempotency-Key"] = "webhook-1";
    Reply webhook =
        client.Post("/v1/webhooks", R"({"url":"https://example.com/hook","events":["*"]})", once);
    ASSERT_EQ(webhook.status, 201u) << webhook.body;
    std::string secret = Field(webhook.body, "secret");
    ASSERT_THAT(secret, ::testing::StartsWith("whsec_"));
    secrets.emplace_back("a webhook secret", secret);
    secrets.emplace_back("a webhook secret's key", secret.substr(6));
    // The stored reply still answers a retry with the same secret.
    Reply replayed =
        client.Post("/v1/webhooks", R"({"url":"https://example.com/hook","events":["*"]})", once);
    EXPECT_EQ(replayed.Header("Idempotent-Replayed"), "true");
    EXPECT_EQ(Field(replayed.body, "secret"), secret);
    Reply rotated = client.Post("/v1/webhooks/" + Field(webhook.body, "id") + "/rotate-secret",
                                R"({"overlap_hours":1})", admin);
    ASSERT_EQ(rotated.status, 200u) << rotated.body;
    secrets.emplace_back("a rotated webhook secret", Field(rotated.body, "secret"));

    Headers key_once = admin;
    key_once["Idempotency-Key"] = "key-1";
    Reply key =
        client.Post("/v1/api-keys", R"({"name":"CI","scopes":["customers:read"]})", key_once);
    ASSERT_EQ(key.status, 201u) << key.body;
    secrets.emplace_back("a new API key", Field(key.body, "key"));
    EXPECT_EQ(
        Field(client.Post("/v1/api-keys", R"({"name":"CI","scopes":["customers:read"]})", key_once)
                  .body,
              "key"),
        Field(key.body, "key"));
    EXPECT_EQ(
        client.Get("/v1/customers", {{"Authorization", "Bearer " + Field(key.body, "key")}}).status,
        200u);

    Reply founded =
        client.Post("/v1/auth/register", R"({"email":"olga@example.com","password":")" +
                                             std::string(kPassword) + R"(","name":"Olga"})");
    ASSERT_EQ(founded.status, 201u) << founded.body;
    secrets.emplace_back("a password", kPassword);
    std::string access = Field(founded.body, "access_token");
    Headers olga{{"Authorization", "Bearer " + access}};
    std::string refresh = Field(founded.body, "refresh_token");
    Reply refreshed = client.Post("/v1/auth/refresh", R"({"refresh_token":")" + refresh + R"("})");
    ASSERT_EQ(refreshed.status, 200u);
    for (const std::string& token : {refresh, Field(refreshed.body, "refresh_token")}) {
      secrets.emplace_back("a refresh token's secret", token.substr(token.find('.') + 1));
    }
    secrets.emplace_back("an access token", Field(refreshed.body, "access_token"));
    Reply invited =
        client.Post("/v1/invitations", R"({"email":"sam@example.com","role":"viewer"})",
                    {{"Authorization", "Bearer " + Field(refreshed.body, "access_token")}});
    ASSERT_EQ(invited.status, 201u) << invited.body;
    std::string invitation = Field(invited.body, "token");
    secrets.emplace_back("an invitation token's secret",
                         invitation.substr(invitation.find('.') + 1));
    Reply joined = client.Post(
        "/v1/invitations/accept",
        R"({"token":")" + invitation + R"(","password":"sam's own long secret","name":"Sam"})");
    ASSERT_EQ(joined.status, 200u) << joined.body;
    secrets.emplace_back("a second password", "sam's own long secret");
    Reply reset =
        client.Post("/v1/users/" + Field(joined.body, "id") + "/password-reset", "",
                    {{"Authorization", "Bearer " + Field(refreshed.body, "access_token")}});
    ASSERT_EQ(reset.status, 201u) << reset.body;
    std::string reset_token = Field(reset.body, "reset_token");
    secrets.emplace_back("a reset token's secret", reset_token.substr(reset_token.find('.') + 1));
    ASSERT_EQ(client
                  .Post("/v1/auth/password-reset",
                        R"({"token":")" + reset_token + R"(","new_password":"a third password"})")
                  .status,
              204u);
    secrets.emplace_back("a reset password", "a third password");

    // An OAuth client's secret, an authorization code and the tokens it gave.
    Headers owner{{"Authorization", "Bearer " + Field(refreshed.body, "access_token")}};
    Reply app = client.Post(
        "/v1/oauth/clients",
        R"({"name":"App","redirect_uris":["https://app.example.com/cb"],"scopes":["invoices:read"]})",
        owner);
    ASSERT_EQ(app.status, 201u) << app.body;
    std::string client_id = Field(app.body, "id");
    secrets.emplace_back("an OAuth client secret", Field(app.body, "client_secret"));
    Reply consent = client.Post("/oauth/authorize",
                                R"({"response_type":"code","client_id":")" + client_id +
                                    R"(","scope":"invoices:read","decision":"allow"})",
                                owner);
    ASSERT_EQ(consent.status, 200u) << consent.body;
    std::string redirect = Field(consent.body, "redirect_uri");
    std::string code = redirect.substr(redirect.find("code=") + 5);
    code = code.substr(0, code.find('&'));
    secrets.emplace_back("an authorization code's secret", code.substr(code.find('.') + 1));
    Reply granted = client.Post("/oauth/token", R"({"grant_type":"authorization_code","code":")" +
                                                    code + R"(","client_id":")" + client_id +
                                                    R"(","client_secret":")" +
                                                    Field(app.body, "client_secret") + R"("})");
    ASSERT_EQ(granted.status, 200u) << granted.body;
    std::string app_refresh = Field(granted.body, "refresh_token");
    secrets.emplace_back("an OAuth refresh token's secret",
                         app_refresh.substr(app_refresh.find('.') + 1));
    secrets.emplace_back("an OAuth access token", Field(granted.body, "access_token"));
    server.Terminate();
  }

  std::string exported = RunFactura("--data-dir " + data + " events export");
  ASSERT_THAT(exported, HasSubstr("WebhookEndpointCreated"));
  ASSERT_THAT(exported, HasSubstr("sealed:v1:")) << "the secrets are there, sealed";
  ASSERT_THAT(exported, HasSubstr("UserRegistered"));
  ASSERT_THAT(exported, HasSubstr("OAuthCodeIssued"));
  for (const auto& [what, value] : secrets) {
    EXPECT_THAT(exported, Not(HasSubstr(value))) << what << " is in the export";
  }
  // Every byte of the store (log, idempotency records, read models, outbox), keys/ aside.
  for (const auto& entry : std::filesystem::recursive_directory_iterator(data)) {
    if (!entry.is_regular_file()) continue;
    if (entry.path().parent_path().filename() == "keys") continue;
    std::string bytes = ReadAll(entry.path());
    for (const auto& [what, value] : secrets) {
      EXPECT_EQ(bytes.find(value), std::string::npos) << what << " is in " << entry.path();
    }
  }
  // The master key and the token signing key are files of their own, for the server alone.
  for (const char* name : {"master.key", "token-signing-key.pem"}) {
    auto status = std::filesystem::status(data + "/keys/" + name);
    EXPECT_EQ(status.permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write)
        << name;
  }
}

}  // namespace
}  // namespace factura::e2e
