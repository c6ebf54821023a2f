// The request gate on its own: what a request must pass before its route runs.
#include "api/http/request_gate.h"

#include <gtest/gtest.h>

namespace factura::api {
namespace {

HttpRequest Post(std::string content_type) {
  HttpRequest request{http::verb::post, "/v1/customers", 11};
  if (!content_type.empty()) request.set(http::field::content_type, content_type);
  request.body() = R"({"name":"ACME"})";
  return request;
}

HttpRequest GetWith(const std::string& secret) {
  HttpRequest request{http::verb::get, "/v1/customers", 11};
  request.set(http::field::authorization, "Bearer " + secret);
  return request;
}

constexpr int64_t kStart = 1'736'937'000'000'000;

class RequestGateTest : public ::testing::Test {
 protected:
  // A key of `organization`, with its own limit when given; returns its secret.
  std::string AddKey(const std::string& organization, const std::string& key_id,
                     std::optional<int64_t> own_limit = std::nullopt) {
    std::string secret = "sk_test_" + key_id;
    keys_.Apply(
        organization,
        domain::ApiKeyCreated{
            key_id, "k", Sha256Hex(secret), "abcd", {"customers:read"}, std::nullopt, {kStart}});
    if (own_limit) keys_.Apply(organization, domain::ApiKeyRateLimitSet{key_id, own_limit, {}});
    return secret;
  }
  void SetPlan(const std::string& organization, const std::string& plan,
               std::optional<int64_t> custom = std::nullopt) {
    keys_.Apply(organization, domain::OrganizationPlanChanged{organization, plan, custom, {}});
  }
  // Requests with `secret` at the current time until one is refused; how many passed.
  int PassedInABurst(const std::string& secret, int at_most = 20'000) {
    for (int i = 0; i < at_most; ++i) {
      if (!gate_.Admit(GetWith(secret), "customers:read").verdict) return i;
    }
    return at_most;
  }
  Admission Once(const std::string& secret) {
    return gate_.Admit(GetWith(secret), "customers:read");
  }
  void Advance(int64_t micros) { now_ += micros; }

  ApiKeyDirectory keys_;
  int64_t now_ = kStart;
  RequestGate gate_{keys_, [this] { return domain::Timestamp{now_}; },
                    RateLimitPolicy{.enabled = true, .default_plan = "starter"}};
};

TEST_F(RequestGateTest, ABodyThatIsNotJsonIsRefusedOnEveryRoutePublicOnesToo) {
  Admission admission = gate_.Admit(Post("text/plain"), "");
  ASSERT_FALSE(admission.verdict);
  EXPECT_EQ(admission.verdict.error().kind, domain::ErrorKind::kUnsupportedMediaType);
  EXPECT_TRUE(gate_.Admit(Post("application/json; charset=utf-8"), "").verdict);
  EXPECT_FALSE(admission.rate);  // a public route counts against no key
}

TEST_F(RequestGateTest, ARouteWithAScopeNeedsAKey) {
  Admission admission = gate_.Admit(Post("application/json"), "customers:write");
  ASSERT_FALSE(admission.verdict);
  EXPECT_EQ(admission.verdict.error().kind, domain::ErrorKind::kUnauthenticated);
  EXPECT_TRUE(admission.grant.organization_id.empty());
}

TEST_F(RequestGateTest, TheDefaultPlanAllowsABurstOfTenThenItsMinute) {
  std::string secret = AddKey("org_a", "ak_1");
  // Starter: 100 a minute, 10 in any one second.
  EXPECT_EQ(PassedInABurst(secret), 10);
  Admission refused = Once(secret);
  ASSERT_FALSE(refused.verdict);
  EXPECT_EQ(refused.verdict.error().code, "rate_limit_exceeded");
  EXPECT_EQ(refused.rate->limit, 100);
  EXPECT_EQ(refused.rate->retry_after_seconds, 1);
  // Ten a second uses up the minute's hundred (and what refills meanwhile) in a quarter minute...
  int passed = 10;
  for (int second = 1; second <= 15; ++second) {
    Advance(1'000'000);
    passed += PassedInABurst(secret);
  }
  EXPECT_GE(passed, 100);
  EXPECT_LE(passed, 100 + 15 * 100 / 60 + 1);
  // ...after which a second's wait is not enough for ten more.
  Advance(1'000'000);
  EXPECT_LT(PassedInABurst(secret), 10);
  Admission later = Once(secret);
  ASSERT_TRUE(later.rate);
  EXPECT_FALSE(later.rate->allowed);
  EXPECT_GE(later.rate->retry_after_seconds, 1);
}

TEST_F(RequestGateTest, ThePlanIsSharedByTheOrganizationsKeys) {
  std::string first = AddKey("org_a", "ak_1");
  std::string second = AddKey("org_a", "ak_2");
  std::string elsewhere = AddKey("org_b", "ak_3");
  int passed = 0;
  for (int second_of_minute = 0; second_of_minute < 30; ++second_of_minute) {
    passed += PassedInABurst(first) + PassedInABurst(second);
    Advance(1'000'000);
  }
  // 100 to start with and 100/60 a second after: the two keys together, not each.
  EXPECT_LE(passed, 100 + 30 * 100 / 60 + 2);
  EXPECT_TRUE(Once(elsewhere).verdict);  // another organization has its own minute
}

TEST_F(RequestGateTest, APlanOrACustomLimitReplacesTheDefault) {
  std::string secret = AddKey("org_a", "ak_1");
  SetPlan("org_a", "professional");
  Admission professional = Once(secret);
  EXPECT_EQ(professional.rate->limit, 1'000);
  EXPECT_EQ(PassedInABurst(secret), 99);  // a burst of a tenth of the minute, one already used
  Advance(60'000'000);
  SetPlan("org_a", "enterprise", 50'000);
  EXPECT_EQ(Once(secret).rate->limit, 50'000);
  EXPECT_EQ(PassedInABurst(secret), 4'999);
}

TEST_F(RequestGateTest, AKeysOwnLimitOnlyNarrowsTheOrganizations) {
  std::string narrow = AddKey("org_a", "ak_1", 5);
  std::string wide = AddKey("org_a", "ak_2", 1'000'000);
  std::string plain = AddKey("org_a", "ak_3");
  EXPECT_EQ(PassedInABurst(narrow), 5);
  Admission refused = Once(narrow);
  EXPECT_EQ(refused.rate->limit, 5);
  EXPECT_EQ(refused.rate->retry_after_seconds, 12);  // one of five a minute
  EXPECT_EQ(Once(plain).rate->limit, 100);           // its neighbours are not held to it
  EXPECT_EQ(Once(wide).rate->limit, 100);            // nor can a key exceed the plan
}

TEST_F(RequestGateTest, RemainingCountsDownAndResetIsWhenTheMinuteIsWhole) {
  std::string secret = AddKey("org_a", "ak_1");
  Admission first = Once(secret);
  EXPECT_EQ(first.rate->remaining, 99);
  EXPECT_EQ(first.rate->reset_unix_seconds, kStart / 1'000'000 + 1);  // 1 token at 100/60 a second
  EXPECT_EQ(Once(secret).rate->remaining, 98);
}

TEST(RequestGateDisabledTest, NoLimitsWhenRateLimitingIsOff) {
  ApiKeyDirectory keys;
  keys.Apply(
      "org_a",
      domain::ApiKeyCreated{
          "ak_1", "k", Sha256Hex("sk_x"), "abcd", {"customers:read"}, std::nullopt, {kStart}});
  RequestGate gate{keys, [] { return domain::Timestamp{kStart}; }, {.enabled = false}};
  for (int i = 0; i < 1'000; ++i) {
    Admission admission = gate.Admit(GetWith("sk_x"), "customers:read");
    ASSERT_TRUE(admission.verdict);
    ASSERT_FALSE(admission.rate);
  }
}

TEST(RateHeadersTest, ARefusalTellsWhenToRetry) {
  RateDecision refused{.allowed = false, .limit = 60, .retry_after_seconds = 2};
  auto headers = RateHeaders(refused);
  ASSERT_FALSE(headers.empty());
  EXPECT_EQ(headers.front(), (std::pair<std::string, std::string>{"Retry-After", "2"}));
  for (const auto& [name, value] : RateHeaders(RateDecision{.limit = 60})) {
    EXPECT_NE(name, "Retry-After");
  }
}

}  // namespace
}  // namespace factura::api
