// The parameters of OAuth's endpoints, read from forms and queries.
#include "api/http/oauth_parameters.h"

#include <gtest/gtest.h>

namespace factura::api {
namespace {

TEST(OAuthParametersTest, AFormIsDecodedAndItsLastValueEndsWhereTheViewEnds) {
  // The query as a view into a larger buffer, as a request target is: nothing past its end is
  // read (Boost.URL 1.81 decodes a non-terminated view's last value past its end).
  std::string buffer = "scope=invoices%3Aread+payments%3Aread&code_challenge_method=S256XYZ";
  std::string_view query(buffer.data(), buffer.size() - 3);
  auto parameters = FormParameters(query);
  ASSERT_TRUE(parameters.has_value());
  EXPECT_EQ(Parameter(*parameters, "code_challenge_method"), "S256");
  EXPECT_EQ(Parameter(*parameters, "scope"), "invoices:read payments:read");
  EXPECT_EQ(Parameter(*parameters, "absent"), "");
}

TEST(OAuthParametersTest, ANameGivenTwiceIsRefused) {
  auto twice = FormParameters("code=a&code=b");
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().code, "invalid_request");
}

}  // namespace
}  // namespace factura::api
