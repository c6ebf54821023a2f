// Passwords (rules, Argon2id), the login throttle, and access tokens' checks.
#include <gtest/gtest.h>

#include "api/identity/access_tokens.h"
#include "api/identity/login_throttle.h"
#include "api/identity/passwords.h"
#include "tests/support/jwt_forgery.h"
#include "tests/support/store_testing.h"

namespace factura::api {
namespace {

domain::Timestamp At(int64_t seconds) { return domain::Timestamp{seconds * 1'000'000}; }

TEST(PasswordsTest, RulesAndHashing) {
  EXPECT_EQ(ValidateNewPassword("short", "a@b.co", "password").error().code, "password_too_short");
  EXPECT_EQ(ValidateNewPassword("Password123", "a@b.co", "password").error().code,
            "password_too_common");
  EXPECT_EQ(ValidateNewPassword("somebody1234", "somebody1234@b.co", "password").error().code,
            "password_too_common");
  EXPECT_EQ(ValidateNewPassword(std::string(300, 'x'), "a@b.co", "password").error().code,
            "password_too_long");
  // Characters, not bytes: ten accented letters are ten.
  EXPECT_TRUE(ValidateNewPassword("ééééééééééé", "a@b.co", "password").has_value());
  auto hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash.has_value());
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_EQ(hash->find("correct"), std::string::npos);
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword("", "anything at all"));
  EXPECT_NE(*HashPassword("correct horse battery"), *hash) << "salted";
}

TEST(LoginThrottleTest, DelaysDoubleThenLockAndSuccessClearsTheAccount) {
  LoginThrottle throttle(
      {.free_failures = 2, .lock_after = 5, .lock_seconds = 600, .address_factor = 1});
  int64_t t = 1000;
  for (int i = 0; i < 2; ++i) {
    EXPECT_FALSE(throttle.Check("a@b.co", "10.0.0.1", At(t)).has_value());
    throttle.Failed("a@b.co", "10.0.0.1", At(t));
  }
  EXPECT_FALSE(throttle.Check("A@B.CO", "10.0.0.2", At(t)).has_value());
  throttle.Failed("a@b.co", "10.0.0.2", At(t));  // third: 1 s
  EXPECT_EQ(throttle.Check("A@B.co", "10.0.0.9", At(t)), 1);
  t += 1;
  throttle.Failed("a@b.co", "10.0.0.3", At(t));  // fourth: 2 s
  EXPECT_EQ(throttle.Check("a@b.co", "", At(t)), 2);
  t += 2;
  throttle.Failed("a@b.co", "10.0.0.4", At(t));  // fifth: locked
  EXPECT_EQ(throttle.Check("a@b.co", "", At(t)), 600);
  EXPECT_FALSE(throttle.Check("a@b.co", "", At(t + 600)).has_value());
  // One address failing against many accounts is slowed too.
  LoginThrottle by_address(
      {.free_failures = 1, .lock_after = 10, .lock_seconds = 60, .address_factor = 1});
  by_address.Failed("x1@b.co", "10.9.9.9", At(0));
  by_address.Failed("x2@b.co", "10.9.9.9", At(0));
  EXPECT_EQ(by_address.Check("x3@b.co", "10.9.9.9", At(0)), 1);
  EXPECT_FALSE(by_address.Check("x3@b.co", "10.9.9.8", At(0)).has_value());
  // Success clears the account.
  LoginThrottle cleared({.free_failures = 0, .lock_after = 10, .lock_seconds = 60});
  cleared.Failed("c@b.co", "", At(0));
  EXPECT_TRUE(cleared.Check("c@b.co", "", At(0)).has_value());
  cleared.Succeeded("c@b.co");
  EXPECT_FALSE(cleared.Check("c@b.co", "", At(0)).has_value());
}

TEST(LoginThrottleTest, RegistrationsAreCountedPerAddressApartFromLogins) {
  LoginThrottle throttle(
      {.free_failures = 1, .lock_after = 3, .lock_seconds = 60, .address_factor = 2});
  for (int i = 0; i < 2; ++i) {
    EXPECT_FALSE(throttle.CheckRegistration("10.1.1.1", At(0)).has_value());
    throttle.Registered("10.1.1.1", At(0));
  }
  throttle.Registered("10.1.1.1", At(0));  // third, past the address's two free ones
  EXPECT_EQ(throttle.CheckRegistration("10.1.1.1", At(0)), 1);
  EXPECT_FALSE(throttle.CheckRegistration("10.1.1.2", At(0)).has_value());
  EXPECT_FALSE(throttle.Check("a@b.co", "10.1.1.1", At(0)).has_value()) << "logins unaffected";
  EXPECT_FALSE(throttle.CheckRegistration("", At(0)).has_value());
}

TEST(LoginThrottleTest, MemoryIsBounded) {
  LoginThrottle throttle({.free_failures = 5,
                          .lock_after = 10,
                          .lock_seconds = 60,
                          .max_delay_seconds = 60,
                          .max_tracked = 100});
  for (int i = 0; i < 10'000; ++i) {
    throttle.Failed("u" + std::to_string(i) + "@b.co", "", At(i));
    ASSERT_LE(throttle.Tracked(), 100u) << "after " << i + 1 << " failures";
  }
}

class AccessTokensTest : public ::testing::Test {
 protected:
  eventstore::testing::TempDir dir_;
  SigningKey key_ = *LoadOrCreateSigningKey(dir_.Sub("keys"));
  AccessTokens tokens_{key_, {}};
  AccessClaims claims_{"usr_1", "ses_1", "", "", {}, {}};
};

TEST_F(AccessTokensTest, AClientsTokensCarryItsScopeAndOnlyTheClientItselfGoesWithoutASession) {
  AccessClaims consented{"usr_1", "ses_1", "invoices:read payments:read", "oac_1", {}, {}};
  auto verified = tokens_.Verify(*tokens_.Issue(consented, At(1'800'000'000)), At(1'800'000'001));
  ASSERT_TRUE(verified.has_value()) << verified.error().message;
  EXPECT_EQ(verified->scope, "invoices:read payments:read");
  EXPECT_EQ(verified->client_id, "oac_1");
  AccessClaims itself{"oac_1", "", "invoices:read", "oac_1", {}, {}};
  verified = tokens_.Verify(*tokens_.Issue(itself, At(1'800'000'000)), At(1'800'000'001));
  ASSERT_TRUE(verified.has_value()) << verified.error().message;
  EXPECT_TRUE(verified->session_id.empty());
  // A user's token without a session is not one this server makes.
  AccessClaims sessionless{"usr_1", "", "", "", {}, {}};
  EXPECT_FALSE(tokens_.Verify(*tokens_.Issue(sessionless, At(1'800'000'000)), At(1'800'000'001)));
}

TEST_F(AccessTokensTest, IssuedTokensVerifyAndTheKeyIsKept) {
  std::string token = *tokens_.Issue(claims_, At(1'800'000'000));
  auto verified = tokens_.Verify(token, At(1'800'000'100));
  ASSERT_TRUE(verified.has_value()) << verified.error().message;
  EXPECT_EQ(verified->user_id, "usr_1");
  EXPECT_EQ(verified->session_id, "ses_1");
  EXPECT_EQ(verified->expires_at, At(1'800'000'900));
  // The same key comes back from the file.
  auto again = LoadOrCreateSigningKey(dir_.Sub("keys"));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->public_pem, key_.public_pem);
  EXPECT_TRUE(AccessTokens(*again, {}).Verify(token, At(1'800'000'100)).has_value());
}

TEST_F(AccessTokensTest, ExpiryAndNotBeforeWithBoundedSkew) {
  std::string token = *tokens_.Issue(claims_, At(1'800'000'000));
  EXPECT_TRUE(tokens_.Verify(token, At(1'800'000'929)).has_value()) << "within the skew";
  EXPECT_EQ(tokens_.Verify(token, At(1'800'000'930)).error().code, "token_expired");
  EXPECT_TRUE(tokens_.Verify(token, At(1'799'999'971)).has_value());
  EXPECT_EQ(tokens_.Verify(token, At(1'799'999'969)).error().code, "token_not_yet_valid");
  AccessTokens lax(key_, {.clock_skew_seconds = 100'000});
  EXPECT_EQ(lax.policy().clock_skew_seconds, kMaxClockSkewSeconds) << "the skew is bounded";
}

TEST_F(AccessTokensTest, AlgorithmIssuerAudienceAndSignatureAreChecked) {
  std::string token = *tokens_.Issue(claims_, At(1'800'000'000));
  std::string payload = testing::JwtPayload(token);
  domain::Timestamp now = At(1'800'000'100);
  for (const std::string& forged :
       {testing::UnsignedJwt(payload), testing::Hs256Jwt(payload, key_.public_pem),
        testing::WithPayload(token,
                             std::string(payload).replace(payload.find("usr_1"), 5, "usr_2")),
        token.substr(0, token.size() - 4) + "AAAA", std::string("a.b.c"), std::string("x")}) {
    auto verified = tokens_.Verify(forged, now);
    ASSERT_FALSE(verified.has_value()) << forged;
    EXPECT_EQ(verified.error().code, "invalid_token");
  }
  EXPECT_EQ(AccessTokens(key_, {.issuer = "other"}).Verify(token, now).error().code,
            "invalid_token");
  EXPECT_EQ(AccessTokens(key_, {.audience = "other"}).Verify(token, now).error().code,
            "invalid_token");
  // Another key's signature.
  eventstore::testing::TempDir other;
  AccessTokens stranger(*LoadOrCreateSigningKey(other.Sub("keys")), {});
  EXPECT_EQ(stranger.Verify(token, now).error().code, "invalid_token");
}

}  // namespace
}  // namespace factura::api
