// People end to end (issue 18): register → approve → login → /v1/me → refresh (rotation; reuse
// burns the family) → logout; deactivation ends live tokens; the login throttle engages and
// releases; password change and reset; roles; and a security table of forged and misused
// credentials, each row a real request to the real server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "api/identity/access_tokens.h"
#include "tests/support/identity_testing.h"
#include "tests/support/jwt_forgery.h"
#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Headers = std::map<std::string, std::string>;

std::string Code(const Reply& reply) { return Field(reply.body, "code"); }

struct Login {
  std::string access;
  std::string refresh;
  std::string user_id;
};

Login LoginOf(const Reply& reply) {
  return {Field(reply.body, "access_token"), Field(reply.body, "refresh_token"),
          Field(reply.body, "id")};
}

// Registers someone who founds their own organization: active at once, with tokens.
Login Found(HttpClient& client, const std::string& email, const std::string& organization) {
  Reply reply =
      client.Post("/v1/auth/register", R"({"email":")" + email + R"(","password":")" + kPassword +
                                           R"(","name":"Founder","organization_name":")" +
                                           organization + R"("})");
  EXPECT_EQ(reply.status, 201u) << reply.body;
  return LoginOf(reply);
}

Reply LogIn(HttpClient& client, const std::string& email, const std::string& password) {
  return client.Post("/v1/auth/login",
                     R"({"email":")" + email + R"(","password":")" + password + R"("})");
}

TEST(IdentityTest, RegisterApproveLoginRefreshLogout) {
  eventstore::testing::TempDir dir;
  ServerProcess server(dir.Sub("data"));
  ASSERT_TRUE(server.started());
  HttpClient client(server.port());

  Login owner = Found(client, "olga@example.com", "Olga's Bakery");
  ASSERT_FALSE(owner.access.empty());
  Reply me = client.Get("/v1/me", Bearer(owner.access));
  ASSERT_EQ(me.status, 200u) << me.body;
  EXPECT_THAT(me.body, HasSubstr(R"("roles":["owner"])"));
  EXPECT_THAT(me.body, HasSubstr(R"("name":"Olga's Bakery")"));
  std::string organization = Field(me.body.substr(me.body.find("\"organization\"")), "id");

  // Someone asks to join: pending, no tokens, cannot log in yet.
  Reply joined = client.Post("/v1/auth/register",
                             R"({"email":"Sam@Example.com","password":")" + std::string(kPassword) +
                                 R"(","name":"Sam","organization_id":")" + organization + R"("})");
  ASSERT_EQ(joined.status, 201u) << joined.body;
  EXPECT_EQ(Field(joined.body, "status"), "pending");
  EXPECT_THAT(joined.body, Not(HasSubstr("access_token")));
  std::string sam = Field(joined.body, "id");
  Reply early = LogIn(client, "sam@example.com", kPassword);
  EXPECT_EQ(early.status, 403u);
  EXPECT_EQ(Code(early), "account_pending");
  // The same e-mail in another case is taken, and says nothing more.
  Reply again =
      client.Post("/v1/auth/register", R"({"email":"SAM@example.com","password":")" +
                                           std::string(kPassword) + R"(","name":"Other"})");
  EXPECT_EQ(again.status, 409u);
  EXPECT_EQ(Code(again), "email_taken");

  // The owner sees the request and approves it as an accountant.
  Reply pending = client.Get("/v1/users?status=pending", Bearer(owner.access));
  ASSERT_EQ(pending.status, 200u) << pending.body;
  EXPECT_THAT(pending.body, HasSubstr(sam));
  EXPECT_THAT(pending.body, Not(HasSubstr("password")));
  Reply approved = client.Post("/v1/users/" + sam + "/approve", R"({"role":"accountant"})",
                               Bearer(owner.access));
  ASSERT_EQ(approved.status, 200u) << approved.body;
  EXPECT_EQ(Field(approved.body, "status"), "active");
  EXPECT_EQ(Field(approved.body, "role"), "accountant");
  EXPECT_THAT(client.Get("/v1/users?status=pending", Bearer(owner.access)).body,
              Not(HasSubstr(sam)));

  Reply logged = LogIn(client, "sam@example.com", kPassword);
  ASSERT_EQ(logged.status, 200u) << logged.body;
  EXPECT_EQ(Field(logged.body, "token_type"), "Bearer");
  EXPECT_EQ(AnyField(logged.body, "expires_in"), "900");
  EXPECT_EQ(logged.Header("Cache-Control"), "no-store");
  Login accountant = LoginOf(logged);
  Reply profile = client.Get("/v1/me", Bearer(accountant.access));
  ASSERT_EQ(profile.status, 200u);
  EXPECT_THAT(profile.body, HasSubstr(R"("roles":["accountant"])"));
  EXPECT_THAT(profile.body, HasSubstr(R"("can_manage_settings":false)"));

  // The accountant works, and the log names them as the actor.
  Reply customer = client.Post("/v1/customers", R"({"name":"ACME","email":"ap@acme.test"})",
                               Bearer(accountant.access));
  ASSERT_EQ(customer.status, 201u) << customer.body;
  Reply invoice =
      client.Post("/v1/invoices",
                  R"({"customer_id":")" + Field(customer.body, "id") +
                      R"(","line_items":[{"description":"Bread","quantity":1,"unit_price":5}]})",
                  Bearer(accountant.access));
  ASSERT_EQ(invoice.status, 201u) << invoice.body;
  EXPECT_EQ(Field(invoice.body, "created_by"), sam);
  Reply history = client.Get("/v1/invoices/" + Field(invoice.body, "id") + "/history",
                             Bearer(accountant.access));
  EXPECT_THAT(history.body, HasSubstr(R"("actor":")" + sam + "\""));
  // But not the organization's settings, nor its members.
  EXPECT_EQ(client
                .Send(boost::beast::http::verb::patch, "/v1/organization", R"({"name":"Mine"})",
                      Bearer(accountant.access))
                .status,
            403u);
  EXPECT_EQ(client.Get("/v1/users", Bearer(accountant.access)).status, 403u);

  // Refresh rotates: the new pair works, the old refresh token is spent.
  Reply refreshed =
      client.Post("/v1/auth/refresh", R"({"refresh_token":")" + accountant.refresh + R"("})");
  ASSERT_EQ(refreshed.status, 200u) << refreshed.body;
  Login second = LoginOf(refreshed);
  EXPECT_NE(second.refresh, accountant.refresh);
  EXPECT_EQ(client.Get("/v1/me", Bearer(second.access)).status, 200u);
  // Reusing the spent one burns the whole family: the newest tokens die with it.
  Reply reused =
      client.Post("/v1/auth/refresh", R"({"refresh_token":")" + accountant.refresh + R"("})");
  EXPECT_EQ(reused.status, 401u);
  EXPECT_EQ(Code(reused), "refresh_token_reused");
  EXPECT_EQ(client.Get("/v1/me", Bearer(second.access)).status, 401u);
  EXPECT_EQ(
      client.Post("/v1/auth/refresh", R"({"refresh_token":")" + second.refresh + R"("})").status,
      401u);

  // Logout ends the session at once: its access token is refused on the next request.
  Login third = LoginOf(LogIn(client, "sam@example.com", kPassword));
  ASSERT_EQ(client.Get("/v1/me", Bearer(third.access)).status, 200u);
  EXPECT_EQ(client.Post("/v1/auth/logout", "", Bearer(third.access)).status, 204u);
  Reply after = client.Get("/v1/me", Bearer(third.access));
  EXPECT_EQ(after.status, 401u);
  EXPECT_EQ(Code(after), "session_ended");
  EXPECT_EQ(
      client.Post("/v1/auth/refresh", R"({"refresh_token":")" + third.refresh + R"("})").status,
      401u);

  // Everything survives a restart: users, roles, sessions ended and live.
  Login fourth = LoginOf(LogIn(client, "sam@example.com", kPassword));
  server.Terminate();
  ServerProcess restarted(dir.Sub("data"));
  ASSERT_TRUE(restarted.started());
  HttpClient fresh(restarted.port());
  EXPECT_EQ(fresh.Get("/v1/me", Bearer(fourth.access)).status, 200u);
  EXPECT_EQ(fresh.Get("/v1/me", Bearer(third.access)).status, 401u);
  EXPECT_THAT(fresh.Get("/v1/me", Bearer(fourth.access)).body,
              HasSubstr(R"("roles":["accountant"])"));
}

TEST(IdentityTest, DeactivationEndsLiveTokensAndRejectedUsersCannotLogIn) {
  eventstore::testing::TempDir dir;
  ServerProcess server(dir.Sub("data"));
  ASSERT_TRUE(server.started());
  HttpClient client(server.port());
  Login owner = Found(client, "owner@example.com", "Deact Ltd");
  std::string organization =
      Field(client.Get("/v1/organizations", Bearer(owner.access)).body, "id");
  auto join = [&](const std::string& email) {
    Reply joined =
        client.Post("/v1/auth/register", R"({"email":")" + email + R"(","password":")" + kPassword +
                                             R"(","name":"Member","organization_id":")" +
                                             organization + R"(","role":"sales"})");
    EXPECT_EQ(joined.status, 201u) << joined.body;
    return Field(joined.body, "id");
  };
  std::string member = join("member@example.com");
  std::string stranger = join("stranger@example.com");
  ASSERT_EQ(client.Post("/v1/users/" + member + "/approve", "", Bearer(owner.access)).status, 200u);
  Reply rejected = client.Post("/v1/users/" + stranger + "/reject", "", Bearer(owner.access));
  EXPECT_EQ(Field(rejected.body, "status"), "rejected");
  EXPECT_EQ(Code(LogIn(client, "stranger@example.com", kPassword)), "user_inactive");

  Login live = LoginOf(LogIn(client, "member@example.com", kPassword));
  ASSERT_EQ(client.Get("/v1/me", Bearer(live.access)).status, 200u);
  EXPECT_THAT(client.Get("/v1/me", Bearer(live.access)).body, HasSubstr(R"("roles":["sales"])"));
  ASSERT_EQ(client.Post("/v1/users/" + member + "/deactivate", "", Bearer(owner.access)).status,
            200u);
  EXPECT_EQ(client.Get("/v1/me", Bearer(live.access)).status, 401u);
  EXPECT_EQ(
      client.Post("/v1/auth/refresh", R"({"refresh_token":")" + live.refresh + R"("})").status,
      401u);
  EXPECT_EQ(Code(LogIn(client, "member@example.com", kPassword)), "user_inactive");
  // Reactivated, the person logs in again; the old session stays over.
  ASSERT_EQ(client.Post("/v1/users/" + member + "/activate", "", Bearer(owner.access)).status,
            200u);
  EXPECT_EQ(client.Get("/v1/me", Bearer(live.access)).status, 401u);
  EXPECT_EQ(LogIn(client, "member@example.com", kPassword).status, 200u);
  // The owner cannot be deactivated, and a wrong transition is a 409.
  std::string owner_id = owner.user_id;
  Reply self = client.Post("/v1/users/" + owner_id + "/deactivate", "", Bearer(owner.access));
  EXPECT_EQ(self.status, 409u);
  EXPECT_EQ(Code(self), "cannot_change_owner");
  EXPECT_EQ(Code(client.Post("/v1/users/" + member + "/approve", "", Bearer(owner.access))),
            "invalid_status_transition");
}

TEST(IdentityTest, LoginThrottleEngagesAndReleasesAndAnswersAlikeForUnknownAccounts) {
  eventstore::testing::TempDir dir;
  ServerProcess server(dir.Sub("data"), {"--login-free-failures", "2", "--login-lock-after", "4",
                                         "--login-lock-seconds", "2"});
  ASSERT_TRUE(server.started());
  HttpClient client(server.port());
  Found(client, "victim@example.com", "Victim Co");

  Reply wrong = LogIn(client, "victim@example.com", "not the password at all");
  Reply unknown = LogIn(client, "nobody@example.com", "not the password at all");
  EXPECT_EQ(wrong.status, 401u);
  EXPECT_EQ(unknown.status, 401u);
  // Same code and message for a wrong password and an unknown e-mail.
  EXPECT_EQ(wrong.body.substr(0, wrong.body.find("request_id")),
            unknown.body.substr(0, unknown.body.find("request_id")));

  EXPECT_EQ(LogIn(client, "victim@example.com", "still not it, sorry").status, 401u);
  // The third failure costs a delay: the next attempt, even with the right password, waits.
  EXPECT_EQ(LogIn(client, "victim@example.com", "third wrong password").status, 401u);
  Reply throttled = LogIn(client, "victim@example.com", kPassword);
  EXPECT_EQ(throttled.status, 429u) << throttled.body;
  EXPECT_EQ(Code(throttled), "login_throttled");
  EXPECT_FALSE(throttled.Header("Retry-After").empty());
  std::this_thread::sleep_for(std::chrono::seconds(std::stoi(throttled.Header("Retry-After"))));
  // Released, the right password works (and clears the account's count).
  ASSERT_EQ(LogIn(client, "victim@example.com", kPassword).status, 200u);

  // An unknown account is throttled the same way, so throttling reveals nothing either.
  for (int i = 0; i < 3; ++i) LogIn(client, "ghost@example.com", "guessing guessing");
  EXPECT_EQ(LogIn(client, "ghost@example.com", "guessing again!").status, 429u);
}

TEST(IdentityTest, PasswordChangeEndsOtherSessionsAndResetTokensAreSingleUse) {
  eventstore::testing::TempDir dir;
  ServerProcess server(dir.Sub("data"));
  ASSERT_TRUE(server.started());
  HttpClient client(server.port());
  Login first = Found(client, "pat@example.com", "Pat & Co");
  Login second = LoginOf(LogIn(client, "pat@example.com", kPassword));

  Reply weak = client.Post(
      "/v1/auth/password",
      R"({"current_password":")" + std::string(kPassword) + R"(","new_password":"password123"})",
      Bearer(first.access));
  EXPECT_EQ(weak.status, 422u);
  EXPECT_EQ(Code(weak), "password_too_common");
  Reply wrong =
      client.Post("/v1/auth/password",
                  R"({"current_password":"not mine at all","new_password":"a much better secret"})",
                  Bearer(first.access));
  EXPECT_EQ(Code(wrong), "invalid_current_password");
  Reply changed = client.Post("/v1/auth/password",
                              R"({"current_password":")" + std::string(kPassword) +
                                  R"(","new_password":"a much better secret"})",
                              Bearer(first.access));
  ASSERT_EQ(changed.status, 200u) << changed.body;
  Login renewed = LoginOf(changed);
  EXPECT_EQ(client.Get("/v1/me", Bearer(first.access)).status, 401u);
  EXPECT_EQ(client.Get("/v1/me", Bearer(second.access)).status, 401u);
  EXPECT_EQ(client.Get("/v1/me", Bearer(renewed.access)).status, 200u);
  EXPECT_EQ(LogIn(client, "pat@example.com", kPassword).status, 401u);
  ASSERT_EQ(LogIn(client, "pat@example.com", "a much better secret").status, 200u);

  // A member forgets their password: the owner issues a reset token (until e-mail carries it).
  std::string organization =
      Field(client.Get("/v1/organizations", Bearer(renewed.access)).body, "id");
  Reply joined = client.Post("/v1/auth/register",
                             R"({"email":"kim@example.com","password":")" + std::string(kPassword) +
                                 R"(","name":"Kim","organization_id":")" + organization + R"("})");
  std::string kim = Field(joined.body, "id");
  ASSERT_EQ(client.Post("/v1/users/" + kim + "/approve", "", Bearer(renewed.access)).status, 200u);
  Reply reset = client.Post("/v1/users/" + kim + "/password-reset", "", Bearer(renewed.access));
  ASSERT_EQ(reset.status, 201u) << reset.body;
  std::string token = Field(reset.body, "reset_token");
  std::string body = R"({"token":")" + token + R"(","new_password":"kim's brand new one"})";
  EXPECT_EQ(client
                .Post("/v1/auth/password-reset",
                      R"({"token":")" + token + R"(x","new_password":"kim's brand new one"})")
                .status,
            400u);
  EXPECT_EQ(client.Post("/v1/auth/password-reset", body).status, 204u);
  Reply twice = client.Post("/v1/auth/password-reset", body);
  EXPECT_EQ(twice.status, 400u);
  EXPECT_EQ(Code(twice), "invalid_reset_token");
  EXPECT_EQ(LogIn(client, "kim@example.com", "kim's brand new one").status, 200u);
}

// Each row a real request with a credential that must not work.
TEST(IdentityTest, SecurityTable) {
  eventstore::testing::TempDir dir;
  std::string data = dir.Sub("data");
  ServerProcess server(data);
  ASSERT_TRUE(server.started());
  HttpClient client(server.port());
  Login owner = Found(client, "alice@example.com", "Alice Org");
  std::string organization =
      Field(client.Get("/v1/organizations", Bearer(owner.access)).body, "id");
  Login other = Found(client, "bob@example.com", "Bob Org");
  std::string other_organization =
      Field(client.Get("/v1/organizations", Bearer(other.access)).body, "id");
  Reply viewer_joined = client.Post(
      "/v1/auth/register", R"({"email":"vic@example.com","password":")" + std::string(kPassword) +
                               R"(","name":"Vic","organization_id":")" + organization +
                               R"(","role":"viewer"})");
  ASSERT_EQ(client
                .Post("/v1/users/" + Field(viewer_joined.body, "id") + "/approve", "",
                      Bearer(owner.access))
                .status,
            200u);
  Login viewer = LoginOf(LogIn(client, "vic@example.com", kPassword));

  // Tokens made with the server's own key (as an insider with the key file could), to show that
  // each check, not the signature, is what refuses them.
  auto key = api::LoadOrCreateSigningKey(data + "/keys");
  ASSERT_TRUE(key.has_value());
  std::string payload = testing::JwtPayload(owner.access);
  std::string sub = AnyField(payload, "sub");
  std::string sid = AnyField(payload, "sid");
  auto mint = [&](api::TokenPolicy policy, int64_t shift_seconds) {
    api::AccessTokens tokens(*key, policy);
    domain::Timestamp now{std::chrono::duration_cast<std::chrono::microseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count() +
                          shift_seconds * 1'000'000};
    return *tokens.Issue({sub, sid, "", "", now, now}, now);
  };
  std::string control = mint({}, 0);
  ASSERT_EQ(client.Get("/v1/me", Bearer(control)).status, 200u) << "the minted control works";

  std::string tampered = testing::WithPayload(
      owner.access,
      std::string(payload).replace(payload.find(sub), sub.size(), Field(viewer_joined.body, "id")));
  struct Row {
    std::string name;
    std::string token;
    Headers extra;
    unsigned status;
    std::string code;
  };
  std::vector<Row> rows{
      {"tampered payload", tampered, {}, 401, "invalid_token"},
      {"alg none", testing::UnsignedJwt(payload), {}, 401, "invalid_token"},
      {"HS256 keyed with the public key",
       testing::Hs256Jwt(payload, key->public_pem),
       {},
       401,
       "invalid_token"},
      {"expired", mint({}, -3600), {}, 401, "token_expired"},
      {"not yet valid", mint({}, 3600), {}, 401, "token_not_yet_valid"},
      {"another audience", mint({.audience = "someone-else"}, 0), {}, 401, "invalid_token"},
      {"another issuer", mint({.issuer = "https://evil.example"}, 0), {}, 401, "invalid_token"},
      {"member of A naming B",
       owner.access,
       {{"X-Org-Id", other_organization}},
       404,
       "organization_not_found"},
      {"API key naming another organization",
       server.admin_key(),
       {{"X-Org-Id", organization}},
       404,
       "organization_not_found"},
  };
  std::string before = LogHead(client);
  for (const Row& row : rows) {
    Headers headers = Bearer(row.token);
    headers.insert(row.extra.begin(), row.extra.end());
    Reply reply = client.Get("/v1/customers?limit=1", headers);
    EXPECT_EQ(reply.status, row.status) << row.name << ": " << reply.body;
    EXPECT_EQ(Code(reply), row.code) << row.name;
  }
  // A viewer reads but does not write; nothing was written by any refused request.
  EXPECT_EQ(client.Get("/v1/customers", Bearer(viewer.access)).status, 200u);
  Reply write = client.Post("/v1/customers", R"({"name":"Nope"})", Bearer(viewer.access));
  EXPECT_EQ(write.status, 403u);
  EXPECT_EQ(Code(write), "missing_scope");
  EXPECT_EQ(LogHead(client), before) << "a refused request wrote events";
  // A revoked refresh token (logged out) is refused; another organization's member is 404.
  EXPECT_EQ(client.Post("/v1/auth/logout", "", Bearer(viewer.access)).status, 204u);
  Reply revoked =
      client.Post("/v1/auth/refresh", R"({"refresh_token":")" + viewer.refresh + R"("})");
  EXPECT_EQ(revoked.status, 401u);
  EXPECT_EQ(Code(revoked), "invalid_refresh_token");
  EXPECT_EQ(client.Get("/v1/users/" + other.user_id, Bearer(owner.access)).status, 404u);
  EXPECT_EQ(
      client.Post("/v1/users/" + other.user_id + "/deactivate", "", Bearer(owner.access)).status,
      404u);
  // The signing key file is the server's alone.
  struct stat info {};
  ASSERT_EQ(::stat((data + "/keys/token-signing-key.pem").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST(IdentityTest, InvitationsBringPeopleIntoSeveralOrganizations) {
  eventstore::testing::TempDir dir;
  ServerProcess server(dir.Sub("data"));
  ASSERT_TRUE(server.started());
  HttpClient client(server.port());
  Login olga = Found(client, "olga@example.com", "Bakery A");
  std::string a = Field(client.Get("/v1/organizations", Bearer(olga.access)).body, "id");
  Login bob = Found(client, "bob@example.com", "Brewery B");
  std::string b = Field(client.Get("/v1/organizations", Bearer(bob.access)).body, "id");

  Reply invited = client.Post("/v1/invitations", R"({"email":"Bob@Example.com","role":"sales"})",
                              Bearer(olga.access));
  ASSERT_EQ(invited.status, 201u) << invited.body;
  std::string token = Field(invited.body, "token");
  ASSERT_THAT(token, ::testing::StartsWith("invt_"));
  Reply listed = client.Get("/v1/invitations", Bearer(olga.access));
  EXPECT_THAT(listed.body, HasSubstr(R"("status":"pending")"));
  EXPECT_THAT(listed.body, Not(HasSubstr(token))) << "the token is shown once";
  EXPECT_EQ(client.Get("/v1/invitations", Bearer(bob.access)).body.find(Field(invited.body, "id")),
            std::string::npos)
      << "B's owner does not see A's invitations";

  // Bob proves he is Bob with his own password, and joins A as sales.
  Reply wrong = client.Post("/v1/invitations/accept",
                            R"({"token":")" + token + R"(","password":"not bob's password"})");
  EXPECT_EQ(wrong.status, 401u);
  Reply accepted = client.Post("/v1/invitations/accept",
                               R"({"token":")" + token + R"(","password":")" + kPassword + R"("})");
  ASSERT_EQ(accepted.status, 200u) << accepted.body;
  Login joined = LoginOf(accepted);
  EXPECT_EQ(client
                .Post("/v1/invitations/accept",
                      R"({"token":")" + token + R"(","password":")" + kPassword + R"("})")
                .status,
            400u)
      << "an invitation is redeemed once";

  // One person, two organizations: the first by default, the other by X-Org-Id.
  Reply me = client.Get("/v1/me", Bearer(joined.access));
  EXPECT_THAT(me.body, HasSubstr(R"("roles":["owner"])"));
  EXPECT_THAT(me.body, HasSubstr(a));
  EXPECT_THAT(me.body, HasSubstr(b));
  Headers in_a = Bearer(joined.access);
  in_a["X-Org-Id"] = a;
  EXPECT_THAT(client.Get("/v1/me", in_a).body, HasSubstr(R"("roles":["sales"])"));
  Reply customer = client.Post("/v1/customers", R"({"name":"Café","email":"cafe@a.test"})", in_a);
  ASSERT_EQ(customer.status, 201u) << customer.body;
  EXPECT_EQ(client.Get("/v1/customers/" + Field(customer.body, "id"), Bearer(olga.access)).status,
            200u);
  EXPECT_EQ(client.Get("/v1/customers/" + Field(customer.body, "id"), Bearer(joined.access)).status,
            404u)
      << "written in A, not in B";
  // Sales in A may not administer A.
  EXPECT_EQ(client.Get("/v1/users", in_a).status, 403u);
  Reply again = client.Post("/v1/invitations", R"({"email":"bob@example.com","role":"viewer"})",
                            Bearer(olga.access));
  EXPECT_EQ(again.status, 409u);
  EXPECT_EQ(Code(again), "already_member");

  // A newcomer chooses a password and is active at once (the token proved the address).
  Reply newcomer = client.Post("/v1/invitations", R"({"email":"nina@example.com","role":"viewer"})",
                               Bearer(olga.access));
  Reply nameless =
      client.Post("/v1/invitations/accept", R"({"token":")" + Field(newcomer.body, "token") +
                                                R"(","password":")" + kPassword + R"("})");
  EXPECT_EQ(nameless.status, 422u);
  Reply nina = client.Post("/v1/invitations/accept",
                           R"({"token":")" + Field(newcomer.body, "token") + R"(","password":")" +
                               kPassword + R"(","name":"Nina","locale":"pt-BR"})");
  ASSERT_EQ(nina.status, 200u) << nina.body;
  EXPECT_EQ(Field(nina.body, "status"), "active");
  EXPECT_EQ(Field(nina.body, "role"), "viewer");
  EXPECT_EQ(LogIn(client, "nina@example.com", kPassword).status, 200u);

  // A revoked invitation cannot be redeemed.
  Reply revoked = client.Post("/v1/invitations", R"({"email":"zed@example.com","role":"viewer"})",
                              Bearer(olga.access));
  ASSERT_EQ(
      client
          .Post("/v1/invitations/" + Field(revoked.body, "id") + "/revoke", "", Bearer(olga.access))
          .status,
      200u);
  EXPECT_EQ(client
                .Post("/v1/invitations/accept", R"({"token":")" + Field(revoked.body, "token") +
                                                    R"(","password":")" + kPassword +
                                                    R"(","name":"Zed"})")
                .status,
            400u);

  // Removed from A, Bob keeps B.
  EXPECT_EQ(client
                .Send(boost::beast::http::verb::delete_, "/v1/users/" + joined.user_id, "",
                      Bearer(olga.access))
                .status,
            204u);
  EXPECT_EQ(client.Get("/v1/me", in_a).status, 404u);
  EXPECT_EQ(client.Get("/v1/me", Bearer(joined.access)).status, 200u);
  Reply owner_removal = client.Send(boost::beast::http::verb::delete_, "/v1/users/" + olga.user_id,
                                    "", Bearer(olga.access));
  EXPECT_EQ(Code(owner_removal), "cannot_change_owner");
}

TEST(IdentityTest, CustomRolesGrantTheirPermissionsAndChangeTakesEffectAtOnce) {
  eventstore::testing::TempDir dir;
  ServerProcess server(dir.Sub("data"));
  ASSERT_TRUE(server.started());
  HttpClient client(server.port());
  Login owner = Found(client, "olga@example.com", "Roles Inc");
  Headers olga = Bearer(owner.access);
  Reply listed = client.Get("/v1/roles", olga);
  ASSERT_EQ(listed.status, 200u) << listed.body;
  EXPECT_THAT(listed.body, HasSubstr(R"("id":"accountant")"));

  Reply bad = client.Post("/v1/roles", R"({"name":"X","permissions":["bank:rob"]})", olga);
  EXPECT_EQ(bad.status, 422u);
  EXPECT_EQ(Code(bad), "invalid_permission");
  Reply role = client.Post(
      "/v1/roles", R"({"name":"Collections","permissions":["customers:read","invoices:read"]})",
      olga);
  ASSERT_EQ(role.status, 201u) << role.body;
  std::string role_id = Field(role.body, "id");
  ASSERT_THAT(role_id, ::testing::StartsWith("role_"));

  Reply invited = client.Post("/v1/invitations",
                              R"({"email":"cora@example.com","role":")" + role_id + R"("})", olga);
  ASSERT_EQ(invited.status, 201u) << invited.body;
  Reply joined = client.Post("/v1/invitations/accept",
                             R"({"token":")" + Field(invited.body, "token") + R"(","password":")" +
                                 kPassword + R"(","name":"Cora"})");
  ASSERT_EQ(joined.status, 200u) << joined.body;
  Headers cora = Bearer(Field(joined.body, "access_token"));
  EXPECT_THAT(client.Get("/v1/me", cora).body,
              HasSubstr(R"("permissions":["customers:read","invoices:read"])"));
  EXPECT_EQ(client.Get("/v1/customers", cora).status, 200u);
  EXPECT_EQ(client.Post("/v1/customers", R"({"name":"No"})", cora).status, 403u);

  // Widening the role widens what its holders may do, on their next request.
  ASSERT_EQ(client
                .Send(boost::beast::http::verb::patch, "/v1/roles/" + role_id,
                      R"({"permissions":["customers:*","invoices:read"]})", olga)
                .status,
            200u);
  EXPECT_EQ(client.Post("/v1/customers", R"({"name":"Yes","email":"yes@x.test"})", cora).status,
            201u);
  // A role someone holds is not deleted; once nobody does, it is.
  Reply in_use = client.Send(boost::beast::http::verb::delete_, "/v1/roles/" + role_id, "", olga);
  EXPECT_EQ(in_use.status, 409u);
  EXPECT_EQ(Code(in_use), "role_in_use");
  ASSERT_EQ(client
                .Send(boost::beast::http::verb::patch, "/v1/users/" + Field(joined.body, "id"),
                      R"({"role":"viewer"})", olga)
                .status,
            200u);
  EXPECT_EQ(client.Send(boost::beast::http::verb::delete_, "/v1/roles/" + role_id, "", olga).status,
            204u);
  EXPECT_EQ(client.Get("/v1/roles/" + role_id, olga).status, 404u);
  Reply gone = client.Post("/v1/invitations",
                           R"({"email":"dan@example.com","role":")" + role_id + R"("})", olga);
  EXPECT_EQ(gone.status, 422u);
  EXPECT_EQ(Code(gone), "invalid_role");
  // Another organization's role cannot be given here.
  Login other = Found(client, "bob@example.com", "Other Inc");
  Reply foreign =
      client.Post("/v1/roles", R"({"name":"Theirs","permissions":["*:*"]})", Bearer(other.access));
  Reply borrowed = client.Post(
      "/v1/invitations",
      R"({"email":"eve@example.com","role":")" + Field(foreign.body, "id") + R"("})", olga);
  EXPECT_EQ(Code(borrowed), "invalid_role");
  EXPECT_EQ(client.Get("/v1/roles/" + Field(foreign.body, "id"), olga).status, 404u);
}

}  // namespace
}  // namespace factura::e2e
