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

class RequestGateTest : public ::testing::Test {
 protected:
  ApiKeyDirectory keys_;
  RequestGate gate_{keys_, [] { return domain::Timestamp{1'736'937'000'000'000}; }, 60};
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
