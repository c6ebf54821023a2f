// OAuth's aggregates: a client's redirect URIs and scopes, and an authorization code's
// redemption — single use, short-lived, bound to its client, redirect URI and PKCE challenge.
#include <gtest/gtest.h>

#include "domain/identity/oauth_client.h"
#include "domain/identity/session.h"

namespace factura::domain {
namespace {

Timestamp At(int64_t seconds) { return Timestamp{seconds * 1'000'000}; }

constexpr char kChallenge[] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

SessionState CodeIssued(std::string challenge = kChallenge) {
  return Evolve(SessionState{}, OAuthCodeIssued{"ses_1",
                                                "usr_1",
                                                "org_1",
                                                "oac_1",
                                                {"invoices:read"},
                                                "https://app.example.com/cb",
                                                std::move(challenge),
                                                "code-hash",
                                                At(160),
                                                At(100)});
}

CodeRedemption Redemption() {
  return {"oac_1", "https://app.example.com/cb", kChallenge, "refresh-hash", At(10'000)};
}

TEST(OAuthClientTest, RedirectUrisAreAbsoluteHttpsOrLoopbackWithoutFragments) {
  EXPECT_TRUE(ValidateRedirectUris({"https://app.example.com/cb?x=1"}).has_value());
  EXPECT_TRUE(ValidateRedirectUris({"http://localhost:8080/cb", "http://127.0.0.1/cb"}));
  for (const char* bad : {"http://app.example.com/cb", "https://app.example.com/cb#frag",
                          "https:///cb", "javascript:alert(1)", "https://user@evil.com/cb",
                          "http://localhost.evil.com/cb", "https://app.example.com/c b", ""}) {
    auto valid = ValidateRedirectUris({bad});
    ASSERT_FALSE(valid.has_value()) << bad;
    EXPECT_EQ(valid.error().param, "redirect_uris[0]") << bad;
  }
  EXPECT_EQ(ValidateRedirectUris({}).error().code, "redirect_uris_required");
}

TEST(OAuthClientTest, RedirectsAreMatchedExactly) {
  auto events = Register(OAuthClientState{}, "oac_1", "org_1",
                         {"App", true, {"https://app.example.com/cb"}, {"invoices:read"}}, "hash",
                         "usr_1", At(1));
  ASSERT_TRUE(events.has_value());
  OAuthClientState client = Evolve(OAuthClientState{}, events->front());
  EXPECT_TRUE(client.AllowsRedirect("https://app.example.com/cb"));
  EXPECT_FALSE(client.AllowsRedirect("https://app.example.com/cb/"));
  EXPECT_FALSE(client.AllowsRedirect("https://app.example.com/c"));
  EXPECT_FALSE(client.AllowsRedirect("https://app.example.com/cb?next=evil"));
  EXPECT_FALSE(client.AllowsRedirect("HTTPS://app.example.com/cb"));
}

TEST(OAuthClientTest, ScopesComeFromTheApiVocabularyAndAPublicClientHasNoSecret) {
  auto bad = Register(OAuthClientState{}, "oac_1", "org_1",
                      {"App", true, {"https://a.example/cb"}, {"invoices:read", "root"}}, "hash",
                      "usr_1", At(1));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().param, "scopes[1]");
  auto registered =
      Register(OAuthClientState{}, "oac_1", "org_1",
               {"SPA", false, {"https://a.example/cb"}, {"invoices:read"}}, "hash", "usr_1", At(1));
  ASSERT_TRUE(registered.has_value());
  OAuthClientState client = Evolve(OAuthClientState{}, registered->front());
  EXPECT_TRUE(client.secret_sha256_hex.empty());
  EXPECT_EQ(RotateOAuthClientSecret(client, "org_1", "new", At(2)).error().code, "public_client");
  EXPECT_EQ(DeleteOAuthClient(client, "org_2", At(2)).error().code, "oauth_client_not_found");
}

TEST(AuthorizationCodeTest, IsRedeemedOnceForItsClientRedirectAndVerifier) {
  SessionState state = CodeIssued();
  CodeDecision good = RedeemCode(state, "code-hash", Redemption(), At(120));
  ASSERT_EQ(good.verdict, CodeVerdict::kRedeemed);
  ASSERT_EQ(good.events.size(), 1u);
  SessionState started = Evolve(state, good.events.front());
  EXPECT_TRUE(started.LiveAt(At(121)));
  EXPECT_EQ(started.client_id, "oac_1");
  EXPECT_EQ(started.organization_id, "org_1");
  EXPECT_EQ(started.scopes, std::vector<std::string>{"invoices:read"});

  // A second redemption revokes the session the first one started.
  CodeDecision again = RedeemCode(started, "code-hash", Redemption(), At(121));
  ASSERT_EQ(again.verdict, CodeVerdict::kReused);
  ASSERT_EQ(again.events.size(), 1u);
  EXPECT_FALSE(Evolve(started, again.events.front()).LiveAt(At(122)));
}

TEST(AuthorizationCodeTest, AnythingOffByOneIsRefusedWithoutSpendingTheCode) {
  SessionState state = CodeIssued();
  auto refused = [&](CodeRedemption redemption, std::string_view presented, Timestamp now) {
    CodeDecision decision = RedeemCode(state, presented, redemption, now);
    EXPECT_TRUE(decision.events.empty());
    return decision.verdict == CodeVerdict::kInvalid;
  };
  CodeRedemption other_client = Redemption();
  other_client.client_id = "oac_2";
  CodeRedemption other_uri = Redemption();
  other_uri.redirect_uri = "https://app.example.com/cc";
  CodeRedemption other_verifier = Redemption();
  other_verifier.verifier_challenge[0] = 'F';
  CodeRedemption no_verifier = Redemption();
  no_verifier.verifier_challenge.clear();
  EXPECT_TRUE(refused(Redemption(), "other-hash", At(120)));
  EXPECT_TRUE(refused(other_client, "code-hash", At(120)));
  EXPECT_TRUE(refused(other_uri, "code-hash", At(120)));
  EXPECT_TRUE(refused(other_verifier, "code-hash", At(120)));
  EXPECT_TRUE(refused(no_verifier, "code-hash", At(120)));
  EXPECT_TRUE(refused(Redemption(), "code-hash", At(160))) << "expired";
  // Without PKCE at the authorization, a verifier at the token endpoint is refused too.
  state = CodeIssued("");
  EXPECT_TRUE(refused(Redemption(), "code-hash", At(120)));
  EXPECT_EQ(RedeemCode(state, "code-hash", no_verifier, At(120)).verdict, CodeVerdict::kRedeemed);
}

TEST(AuthorizationCodeTest, ARevokedCodeCannotBeRedeemed) {
  SessionState state = CodeIssued();
  Events revoked = Revoke(state, "revoked", At(110));
  ASSERT_EQ(revoked.size(), 1u);
  state = Evolve(state, revoked.front());
  EXPECT_EQ(RedeemCode(state, "code-hash", Redemption(), At(120)).verdict, CodeVerdict::kInvalid);
}

}  // namespace
}  // namespace factura::domain
