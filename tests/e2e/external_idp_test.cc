// Single sign-on through an external identity provider (seed 003's gateway, issue 18): tokens a
// configured issuer signed with a key of its JWKS file name a Factura user by e-mail and act with
// their role; every forged, misdirected or stale token is refused; replacing the file rotates
// the keys without a restart.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/support/identity_testing.h"
#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"
#include "tests/support/test_idp.h"

namespace factura::e2e {
namespace {

using ::testing::HasSubstr;
using Headers = std::map<std::string, std::string>;

constexpr char kIssuer[] = "https://idp.example.com";

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Claims(const std::string& email, int64_t expires_in = 300,
                   const std::string& audience = "factura", const std::string& extra = "") {
  return R"({"iss":")" + std::string(kIssuer) + R"(","aud":")" + audience +
         R"(","sub":"idp-user-1","email":")" + email + R"(","iat":)" + std::to_string(Now()) +
         R"(,"exp":)" + std::to_string(Now() + expires_in) + extra + "}";
}

TEST(ExternalIdpTest, TokensOfTheProviderActAsTheUserAndForgeriesAreRefused) {
  eventstore::testing::TempDir dir;
  std::string jwks = dir.Sub("idp-jwks.json");
  testing::TestIdp idp("key-2026-1");
  testing::WriteJwks(jwks, idp.Jwk());
  ServerProcess server(dir.Sub("data"), {"--idp-issuer", kIssuer, "--idp-audience", "factura",
                                         "--idp-jwks-file", jwks});
  ASSERT_TRUE(server.started()) << server.output();
  HttpClient client(server.port());
  Reply founded = client.Post(
      "/v1/auth/register",
      R"({"email":"olga@example.com","password":"correct horse battery staple","name":"Olga"})");
  ASSERT_EQ(founded.status, 201u) << founded.body;
  std::string olga = Field(founded.body, "id");

  // The provider vouches for Olga: she acts as herself, with her role, in her organization.
  Reply me = client.Get("/v1/me", Bearer(idp.Sign(Claims("Olga@Example.com"))));
  ASSERT_EQ(me.status, 200u) << me.body;
  EXPECT_THAT(me.body, HasSubstr(R"("roles":["owner"])"));
  EXPECT_THAT(me.body, HasSubstr(olga));
  Reply created = client.Post("/v1/customers", R"({"name":"Café"})",
                              Bearer(idp.Sign(Claims("olga@example.com"))));
  EXPECT_EQ(created.status, 201u) << created.body;

  testing::TestIdp stranger("key-2026-1");  // the same kid, another key
  std::string good = idp.Sign(Claims("olga@example.com"));
  struct Row {
    const char* what;
    std::string token;
    std::string code;
  };
  std::vector<Row> rows{
      {"expired", idp.Sign(Claims("olga@example.com", -400)), "token_expired"},
      {"another audience", idp.Sign(Claims("olga@example.com", 300, "someone-else")),
       "invalid_token"},
      {"signed by another key", stranger.Sign(Claims("olga@example.com")), "invalid_token"},
      {"an unknown kid", idp.Sign(Claims("olga@example.com"), R"({"alg":"RS256","kid":"nope"})"),
       "invalid_token"},
      {"alg none", testing::UnsignedJwt(Claims("olga@example.com")), "invalid_token"},
      {"HS256 keyed with the public key",
       testing::Hs256Jwt(Claims("olga@example.com"), idp.PublicPem()), "invalid_token"},
      {"a tampered payload", testing::WithPayload(good, Claims("sam@example.com")),
       "invalid_token"},
      {"an e-mail nobody has", idp.Sign(Claims("nobody@example.com")), "unknown_user"},
      {"an unverified e-mail",
       idp.Sign(Claims("olga@example.com", 300, "factura", R"(,"email_verified":false)")),
       "invalid_token"},
  };
  for (const Row& row : rows) {
    Reply refused = client.Get("/v1/me", Bearer(row.token));
    EXPECT_EQ(refused.status, 401u) << row.what;
    EXPECT_EQ(Field(refused.body, "code"), row.code) << row.what;
  }
  // An organization she is not in, by claim or by header, is not found.
  Reply elsewhere =
      client.Get("/v1/me", Bearer(idp.Sign(Claims("olga@example.com", 300, "factura",
                                                  R"(,"org_id":"org_0000000000000000000000")"))));
  EXPECT_EQ(elsewhere.status, 404u);

  // Rotation: the provider publishes a new key and drops the old one.
  testing::TestIdp next("key-2026-2");
  std::this_thread::sleep_for(
      std::chrono::milliseconds(1100));  // the file is looked at once a second
  testing::WriteJwks(jwks, next.Jwk());
  Reply rotated = client.Get("/v1/me", Bearer(next.Sign(Claims("olga@example.com"))));
  EXPECT_EQ(rotated.status, 200u) << rotated.body;
  EXPECT_EQ(client.Get("/v1/me", Bearer(good)).status, 401u) << "the dropped key's tokens die";
}

TEST(ExternalIdpTest, AServerWithAnUnreadableJwksDoesNotStart) {
  eventstore::testing::TempDir dir;
  testing::WriteJwks(dir.Sub("bad.json"), R"({"kty":"RSA","n":"AQAB","e":"AQAB"})");
  ServerProcess server(dir.Sub("data"), {"--idp-issuer", kIssuer, "--idp-audience", "factura",
                                         "--idp-jwks-file", dir.Sub("bad.json")});
  EXPECT_FALSE(server.started());
}

}  // namespace
}  // namespace factura::e2e
