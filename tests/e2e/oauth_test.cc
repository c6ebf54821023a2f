// OAuth 2.0 end to end (seed 000 §2.1, issue 18): a third-party application registered by an
// organization, the consent page, the authorization code with PKCE exchanged at the token
// endpoint as seed 000 shows it, refresh rotation, client credentials, revocation (RFC 7009), the
// server's metadata (RFC 8414), and the security rows — a code used twice, a PKCE verifier that
// does not match, a redirect URI one character off, a scope escalation at the consent step —
// each a real request to the real server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sodium.h>

#include "tests/support/identity_testing.h"
#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using Headers = std::map<std::string, std::string>;

constexpr char kCallback[] = "https://app.example.com/callback";
// RFC 7636 Appendix B: a verifier and its S256 challenge.
constexpr char kVerifier[] = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr char kChallenge[] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

Headers Form(Headers headers = {}) {
  headers["Content-Type"] = "application/x-www-form-urlencoded";
  return headers;
}

Headers Basic(const std::string& id, const std::string& secret) {
  std::string plain = id + ":" + secret;
  std::string encoded(sodium_base64_ENCODED_LEN(plain.size(), sodium_base64_VARIANT_ORIGINAL),
                      '\0');
  sodium_bin2base64(encoded.data(), encoded.size(),
                    reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  encoded.resize(std::strlen(encoded.c_str()));
  return {{"Authorization", "Basic " + encoded}};
}

std::string Encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

std::string Query(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string query;
  for (const auto& [key, value] : params) {
    if (!query.empty()) query += '&';
    query += key + "=" + Encode(value);
  }
  return query;
}

// The value of `name` in a URL's query (percent-decoding only what these tests meet).
std::string QueryValue(const std::string& url, const std::string& name) {
  size_t at = url.find("?" + name + "=");
  if (at == std::string::npos) at = url.find("&" + name + "=");
  if (at == std::string::npos) return "";
  at += name.size() + 2;
  std::string value = url.substr(at, url.find('&', at) - at);
  std::string decoded;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '%' && i + 2 < value.size()) {
      decoded += static_cast<char>(std::stoi(value.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      decoded += value[i] == '+' ? ' ' : value[i];
    }
  }
  return decoded;
}

struct Founded {
  std::string access;
  std::string organization_id;
};

Founded Found(HttpClient& client, const std::string& email) {
  Reply reply = client.Post("/v1/auth/register", R"({"email":")" + email + R"(","password":")" +
                                                     kPassword + R"(","name":"Founder"})");
  EXPECT_EQ(reply.status, 201u) << reply.body;
  std::string access = Field(reply.body, "access_token");
  return {access, Field(client.Get("/v1/organizations", Bearer(access)).body, "id")};
}

struct Client {
  std::string id;
  std::string secret;
};

Client Register(
    HttpClient& http, const std::string& access, const std::string& type,
    const std::string& scopes = R"(["invoices:read","invoices:write","payments:read"])") {
  Reply reply = http.Post("/v1/oauth/clients",
                          R"({"name":"Ledger Sync","type":")" + type + R"(","redirect_uris":[")" +
                              kCallback + R"("],"scopes":)" + scopes + "}",
                          Bearer(access));
  EXPECT_EQ(reply.status, 201u) << reply.body;
  return {Field(reply.body, "id"), Field(reply.body, "client_secret")};
}

std::vector<std::pair<std::string, std::string>> AuthorizationRequest(
    const Client& client, const std::string& scope, bool pkce = true,
    const std::string& redirect_uri = kCallback) {
  std::vector<std::pair<std::string, std::string>> params{{"response_type", "code"},
                                                          {"client_id", client.id},
                                                          {"redirect_uri", redirect_uri},
                                                          {"scope", scope},
                                                          {"state", "af0ifjsldkj"}};
  if (pkce) {
    params.emplace_back("code_challenge", kChallenge);
    params.emplace_back("code_challenge_method", "S256");
  }
  return params;
}

// The person's consent through the page's form: where the browser is sent back to.
Reply Consent(HttpClient& http, std::vector<std::pair<std::string, std::string>> params,
              const std::string& email, const std::string& decision = "allow") {
  params.emplace_back("email", email);
  params.emplace_back("password", kPassword);
  params.emplace_back("decision", decision);
  return http.Post("/oauth/authorize", Query(params), Form());
}

std::string CodeFrom(const Reply& consent) {
  EXPECT_EQ(consent.status, 303u) << consent.body;
  std::string location = consent.Header("Location");
  EXPECT_THAT(location, StartsWith(std::string(kCallback) + "?"));
  EXPECT_EQ(QueryValue(location, "state"), "af0ifjsldkj");
  return QueryValue(location, "code");
}

// Seed 000's step 2, as JSON.
Reply Exchange(HttpClient& http, const Client& client, const std::string& code,
               const std::string& verifier = kVerifier,
               const std::string& redirect_uri = kCallback) {
  std::string body = R"({"grant_type":"authorization_code","code":")" + code +
                     R"(","client_id":")" + client.id + R"(","redirect_uri":")" + redirect_uri +
                     R"(")";
  if (!client.secret.empty()) body += R"(,"client_secret":")" + client.secret + R"(")";
  if (!verifier.empty()) body += R"(,"code_verifier":")" + verifier + R"(")";
  return http.Post("/oauth/token", body + "}");
}

TEST(OAuthTest, AuthorizationCodeWithPkceRefreshAndCodeReuse) {
  eventstore::testing::TempDir dir;
  ServerProcess server(dir.Sub("data"));
  ASSERT_TRUE(server.started());
  HttpClient http(server.port());
  Founded olga = Found(http, "olga@example.com");
  Client app = Register(http, olga.access, "confidential");
  ASSERT_THAT(app.id, StartsWith("oac_"));
  ASSERT_THAT(app.secret, StartsWith("ocs_"));
  Reply listed = http.Get("/v1/oauth/clients", Bearer(olga.access));
  EXPECT_THAT(listed.body, HasSubstr(app.id));
  EXPECT_THAT(listed.body, Not(HasSubstr(app.secret))) << "the secret is shown once";

  // The consent page names the application and what it asks for, and cannot be framed.
  auto request = AuthorizationRequest(app, "invoices:read payments:read");
  Reply page = http.Get("/oauth/authorize?" + Query(request));
  ASSERT_EQ(page.status, 200u) << page.body << page.Header("Location");
  EXPECT_THAT(page.Header("Content-Type"), StartsWith("text/html"));
  EXPECT_THAT(page.body, HasSubstr("Ledger Sync"));
  EXPECT_THAT(page.body, HasSubstr("<li>payments:read</li>"));
  EXPECT_THAT(page.body, HasSubstr(R"(name="code_challenge" value=")" + std::string(kChallenge)));
  EXPECT_EQ(page.Header("X-Frame-Options"), "DENY");
  EXPECT_THAT(page.Header("Content-Security-Policy"), HasSubstr("frame-ancestors 'none'"));

  // Denied: back to the client with access_denied and no code.
  Reply denied = Consent(http, request, "olga@example.com", "deny");
  ASSERT_EQ(denied.status, 303u);
  EXPECT_EQ(QueryValue(denied.Header("Location"), "error"), "access_denied");
  EXPECT_EQ(QueryValue(denied.Header("Location"), "code"), "");

  std::string code = CodeFrom(Consent(http, request, "olga@example.com"));
  ASSERT_THAT(code, StartsWith("ses_"));
  Reply tokens = Exchange(http, app, code);
  ASSERT_EQ(tokens.status, 200u) << tokens.body;
  EXPECT_EQ(Field(tokens.body, "token_type"), "Bearer");
  EXPECT_EQ(Field(tokens.body, "scope"), "invoices:read payments:read");
  EXPECT_EQ(AnyField(tokens.body, "expires_in"), "900");
  EXPECT_EQ(tokens.Header("Cache-Control"), "no-store");
  std::string access = Field(tokens.body, "access_token");
  std::string refresh = Field(tokens.body, "refresh_token");

  // The application does what it was given in Olga's organization, and nothing more.
  EXPECT_EQ(http.Get("/v1/invoices", Bearer(access)).status, 200u);
  Reply write = http.Post("/v1/customers", R"({"name":"Café"})", Bearer(access));
  EXPECT_EQ(write.status, 403u) << "customers:write was not consented to";
  Reply me = http.Get("/v1/me", Bearer(access));
  EXPECT_THAT(me.body, HasSubstr(R"("oauth_client":{"id":")" + app.id));
  EXPECT_THAT(me.body, HasSubstr(R"("permissions":["invoices:read","payments:read"])"));

  // Refresh rotates (with HTTP Basic and a form, as RFC 6749 sends it); a narrower scope may be
  // asked for, a wider one not.
  Reply wider = http.Post("/oauth/token",
                          Query({{"grant_type", "refresh_token"},
                                 {"refresh_token", refresh},
                                 {"scope", "invoices:read invoices:write"}}),
                          Form(Basic(app.id, app.secret)));
  EXPECT_EQ(wider.status, 400u);
  EXPECT_EQ(Field(wider.body, "error"), "invalid_scope");
  Reply refreshed = http.Post("/oauth/token",
                              Query({{"grant_type", "refresh_token"},
                                     {"refresh_token", refresh},
                                     {"scope", "invoices:read"}}),
                              Form(Basic(app.id, app.secret)));
  ASSERT_EQ(refreshed.status, 200u) << refreshed.body;
  EXPECT_EQ(Field(refreshed.body, "scope"), "invoices:read");
  std::string next = Field(refreshed.body, "refresh_token");
  EXPECT_NE(next, refresh);
  EXPECT_EQ(http.Get("/v1/payments", Bearer(Field(refreshed.body, "access_token"))).status, 403u);
  // The user's own refresh endpoint does not take a client's token.
  EXPECT_EQ(http.Post("/v1/auth/refresh", R"({"refresh_token":")" + next + R"("})").status, 401u);

  // The code comes back: refused, and everything it gave is revoked.
  Reply reused = Exchange(http, app, code);
  EXPECT_EQ(reused.status, 400u);
  EXPECT_EQ(Field(reused.body, "error"), "invalid_grant");
  EXPECT_EQ(http.Get("/v1/invoices", Bearer(access)).status, 401u);
  Reply after =
      http.Post("/oauth/token", Query({{"grant_type", "refresh_token"}, {"refresh_token", next}}),
                Form(Basic(app.id, app.secret)));
  EXPECT_EQ(Field(after.body, "error"), "invalid_grant");
}

TEST(OAuthTest, ClientCredentialsRevocationMetadataAndClientDeletion) {
  eventstore::testing::TempDir dir;
  ServerProcess server(dir.Sub("data"));
  ASSERT_TRUE(server.started());
  HttpClient http(server.port());
  Founded olga = Found(http, "olga@example.com");

  Reply metadata = http.Get("/.well-known/oauth-authorization-server");
  ASSERT_EQ(metadata.status, 200u);
  EXPECT_EQ(Field(metadata.body, "issuer"), "http://127.0.0.1");
  EXPECT_EQ(Field(metadata.body, "token_endpoint"), "http://127.0.0.1/oauth/token");
  EXPECT_THAT(metadata.body, HasSubstr(R"("code_challenge_methods_supported":["S256"])"));
  EXPECT_THAT(metadata.body, HasSubstr("client_credentials"));

  Client service =
      Register(http, olga.access, "confidential", R"(["customers:write","customers:read"])");
  Reply wrong = http.Post("/oauth/token", "grant_type=client_credentials",
                          Form(Basic(service.id, service.secret + "x")));
  EXPECT_EQ(wrong.status, 401u);
  EXPECT_EQ(Field(wrong.body, "error"), "invalid_client");
  EXPECT_THAT(wrong.Header("WWW-Authenticate"), StartsWith("Basic"));
  Reply escalated = http.Post("/oauth/token", "grant_type=client_credentials&scope=invoices%3Aread",
                              Form(Basic(service.id, service.secret)));
  EXPECT_EQ(Field(escalated.body, "error"), "invalid_scope");
  Reply granted = http.Post("/oauth/token", "grant_type=client_credentials",
                            Form(Basic(service.id, service.secret)));
  ASSERT_EQ(granted.status, 200u) << granted.body;
  EXPECT_EQ(granted.body.find("refresh_token"), std::string::npos);
  std::string machine = Field(granted.body, "access_token");
  Reply created = http.Post("/v1/customers", R"({"name":"Café"})", Bearer(machine));
  EXPECT_EQ(created.status, 201u) << created.body;
  EXPECT_EQ(http.Get("/v1/invoices", Bearer(machine)).status, 403u);

  // A public client has no secret, so no client credentials; it must use PKCE.
  Client spa = Register(http, olga.access, "public");
  EXPECT_TRUE(spa.secret.empty());
  Reply unauthorized = http.Post(
      "/oauth/token", Query({{"grant_type", "client_credentials"}, {"client_id", spa.id}}), Form());
  EXPECT_EQ(Field(unauthorized.body, "error"), "unauthorized_client");
  Reply no_pkce =
      Consent(http, AuthorizationRequest(spa, "invoices:read", false), "olga@example.com");
  ASSERT_EQ(no_pkce.status, 303u);
  EXPECT_EQ(QueryValue(no_pkce.Header("Location"), "error"), "invalid_request");

  // A front end consents with the user's own access token and gets the URL back as JSON.
  Reply consented =
      http.Post("/oauth/authorize",
                R"({"response_type":"code","client_id":")" + spa.id + R"(","redirect_uri":")" +
                    kCallback + R"(","scope":"invoices:read","state":"s1","code_challenge":")" +
                    kChallenge + R"(","code_challenge_method":"S256","decision":"allow"})",
                Bearer(olga.access));
  ASSERT_EQ(consented.status, 200u) << consented.body;
  std::string code = QueryValue(Field(consented.body, "redirect_uri"), "code");
  Reply tokens = Exchange(http, spa, code);
  ASSERT_EQ(tokens.status, 200u) << tokens.body;
  std::string access = Field(tokens.body, "access_token");
  std::string refresh = Field(tokens.body, "refresh_token");
  ASSERT_EQ(http.Get("/v1/invoices", Bearer(access)).status, 200u);

  // Revocation: unknown tokens and other clients' tokens are answered alike and change nothing.
  EXPECT_EQ(http.Post("/oauth/revoke",
                      Query({{"token", "ses_nothing.secret"}, {"client_id", spa.id}}), Form())
                .status,
            200u);
  EXPECT_EQ(http.Post("/oauth/revoke", Query({{"token", refresh}}),
                      Form(Basic(service.id, service.secret)))
                .status,
            200u);
  EXPECT_EQ(http.Get("/v1/invoices", Bearer(access)).status, 200u)
      << "another client cannot revoke";
  ASSERT_EQ(http.Post("/oauth/revoke",
                      Query({{"token", refresh},
                             {"token_type_hint", "refresh_token"},
                             {"client_id", spa.id}}),
                      Form())
                .status,
            200u);
  EXPECT_EQ(http.Get("/v1/invoices", Bearer(access)).status, 401u) << "revoked at once";
  Reply dead = http.Post(
      "/oauth/token",
      Query({{"grant_type", "refresh_token"}, {"refresh_token", refresh}, {"client_id", spa.id}}),
      Form());
  EXPECT_EQ(Field(dead.body, "error"), "invalid_grant");

  // Deleting a client ends every token it holds.
  ASSERT_EQ(http.Send(boost::beast::http::verb::delete_, "/v1/oauth/clients/" + service.id, "",
                      Bearer(olga.access))
                .status,
            204u);
  EXPECT_EQ(http.Get("/v1/customers", Bearer(machine)).status, 401u);
  EXPECT_EQ(http.Get("/v1/oauth/clients/" + service.id, Bearer(olga.access)).status, 404u);
}

TEST(OAuthTest, SecurityTable) {
  eventstore::testing::TempDir dir;
  ServerProcess server(dir.Sub("data"));
  ASSERT_TRUE(server.started());
  HttpClient http(server.port());
  Founded olga = Found(http, "olga@example.com");
  Founded bob = Found(http, "bob@example.com");
  Client app = Register(http, olga.access, "confidential");

  // A redirect URI one character off is never redirected to: the page refuses it outright.
  for (const std::string& uri : {std::string(kCallback) + "/", std::string(kCallback) + "s",
                                 std::string("https://app.example.com/callbacK")}) {
    Reply off = http.Get("/oauth/authorize?" +
                         Query(AuthorizationRequest(app, "invoices:read", true, uri)));
    EXPECT_EQ(off.status, 400u) << uri;
    EXPECT_EQ(off.Header("Location"), "") << uri;
    EXPECT_EQ(Field(off.body, "error"), "invalid_request") << uri;
    EXPECT_EQ(
        Consent(http, AuthorizationRequest(app, "invoices:read", true, uri), "olga@example.com")
            .status,
        400u)
        << uri;
  }

  // A PKCE verifier that does not match, or none, and a redirect URI off at the token endpoint:
  // refused without spending the code, which then still works.
  std::string code =
      CodeFrom(Consent(http, AuthorizationRequest(app, "invoices:read"), "olga@example.com"));
  std::string other_verifier = std::string(kVerifier).replace(0, 1, "e");
  for (const auto& [verifier, uri] : std::vector<std::pair<std::string, std::string>>{
           {other_verifier, kCallback},
           {"", kCallback},
           {kVerifier, std::string(kCallback) + "/"}}) {
    Reply refused = Exchange(http, app, code, verifier, uri);
    EXPECT_EQ(refused.status, 400u) << verifier << " " << uri;
    EXPECT_EQ(Field(refused.body, "error"), "invalid_grant");
  }
  // Another client cannot redeem it either.
  Client other = Register(http, olga.access, "confidential");
  EXPECT_EQ(Field(Exchange(http, other, code).body, "error"), "invalid_grant");
  EXPECT_EQ(Exchange(http, app, code).status, 200u);

  // Consent cannot give more than one has: a viewer consenting to invoices:write.
  Reply invited = http.Post("/v1/invitations", R"({"email":"sam@example.com","role":"viewer"})",
                            Bearer(olga.access));
  ASSERT_EQ(invited.status, 201u);
  ASSERT_EQ(http.Post("/v1/invitations/accept", R"({"token":")" + Field(invited.body, "token") +
                                                    R"(","password":")" + kPassword +
                                                    R"(","name":"Sam"})")
                .status,
            200u);
  Reply escalation =
      Consent(http, AuthorizationRequest(app, "invoices:read invoices:write"), "sam@example.com");
  ASSERT_EQ(escalation.status, 303u);
  EXPECT_EQ(QueryValue(escalation.Header("Location"), "error"), "invalid_scope");
  EXPECT_EQ(QueryValue(escalation.Header("Location"), "code"), "");
  // Nor more than the client was registered for, nor an unknown scope.
  for (const char* scope : {"customers:write", "*:*"}) {
    Reply beyond = Consent(http, AuthorizationRequest(app, scope), "olga@example.com");
    ASSERT_EQ(beyond.status, 303u) << scope;
    EXPECT_EQ(QueryValue(beyond.Header("Location"), "error"), "invalid_scope") << scope;
  }
  // Bob, of another organization, cannot consent to Olga's client, and cannot see it.
  Reply foreign = Consent(http, AuthorizationRequest(app, "invoices:read"), "bob@example.com");
  EXPECT_EQ(QueryValue(foreign.Header("Location"), "error"), "access_denied");
  EXPECT_EQ(http.Get("/v1/oauth/clients/" + app.id, Bearer(bob.access)).status, 404u);
  EXPECT_EQ(
      http.Post("/v1/oauth/clients/" + app.id, R"({"name":"Mine now"})", Bearer(bob.access)).status,
      404u);
  EXPECT_EQ(
      http.Post("/v1/oauth/clients/" + app.id + "/rotate-secret", "", Bearer(bob.access)).status,
      404u);
  EXPECT_EQ(http.Send(boost::beast::http::verb::delete_, "/v1/oauth/clients/" + app.id, "",
                      Bearer(bob.access))
                .status,
            404u);
  EXPECT_THAT(http.Get("/v1/oauth/clients/" + app.id, Bearer(olga.access)).body,
              HasSubstr(R"("name":"Ledger Sync")"))
      << "another organization changed nothing";
  // A wrong password at the consent page is refused, with no code.
  auto request = AuthorizationRequest(app, "invoices:read");
  request.emplace_back("email", "olga@example.com");
  request.emplace_back("password", "not her password at all");
  request.emplace_back("decision", "allow");
  Reply bad_password = http.Post("/oauth/authorize", Query(request), Form());
  EXPECT_EQ(bad_password.status, 401u);
  EXPECT_EQ(bad_password.Header("Location"), "");

  // A client's token is bound to the organization consented in.
  Reply tokens = Exchange(
      http, app,
      CodeFrom(Consent(http, AuthorizationRequest(app, "invoices:read"), "olga@example.com")));
  Headers elsewhere = Bearer(Field(tokens.body, "access_token"));
  elsewhere["X-Org-Id"] = bob.organization_id;
  EXPECT_EQ(http.Get("/v1/invoices", elsewhere).status, 404u);
  // A client's access token cannot consent for more on the user's behalf.
  Reply by_client =
      http.Post("/oauth/authorize",
                R"({"response_type":"code","client_id":")" + app.id + R"(","redirect_uri":")" +
                    kCallback + R"(","scope":"invoices:write","decision":"allow"})",
                Bearer(Field(tokens.body, "access_token")));
  EXPECT_EQ(by_client.status, 401u);

  // Registering: scopes one does not have, redirect URIs that are not absolute https.
  Reply key = http.Post("/v1/api-keys", R"({"name":"admin","scopes":["users:manage"]})",
                        Bearer(olga.access));
  ASSERT_EQ(key.status, 201u) << key.body;
  Reply not_yours = http.Post(
      "/v1/oauth/clients",
      R"({"name":"X","redirect_uris":["https://x.example/cb"],"scopes":["invoices:write"]})",
      Bearer(Field(key.body, "key")));
  EXPECT_EQ(not_yours.status, 422u);
  EXPECT_EQ(Field(not_yours.body, "param"), "scopes[0]");
  Reply insecure = http.Post(
      "/v1/oauth/clients",
      R"({"name":"X","redirect_uris":["http://x.example/cb"],"scopes":["invoices:read"]})",
      Bearer(olga.access));
  EXPECT_EQ(insecure.status, 422u);
  EXPECT_EQ(Field(insecure.body, "param"), "redirect_uris[0]");
}

}  // namespace
}  // namespace factura::e2e
