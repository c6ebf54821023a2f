// Every authenticated route × (no key, malformed header, unknown key, revoked key, a key without
// the route's scope): 401, 401, 401, 401, 403 — before any body is read or any state touched.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/e2e/server_process.h"
#include "tests/eventstore/store_testing.h"

namespace factura::e2e {
namespace {

using ::testing::HasSubstr;
using verb = boost::beast::http::verb;

struct Route {
  verb method;
  std::string path;
};

// Mirrors the declarations in api/http/*_routes.cc.
const std::vector<Route> kRoutes{
    {verb::get, "/v1/me"},
    {verb::post, "/v1/customers"},
    {verb::get, "/v1/customers/cus_x"},
    {verb::put, "/v1/customers/cus_x"},
    {verb::patch, "/v1/customers/cus_x"},
    {verb::delete_, "/v1/customers/cus_x"},
    {verb::post, "/v1/products"},
    {verb::get, "/v1/products/prod_x"},
    {verb::put, "/v1/products/prod_x"},
    {verb::patch, "/v1/products/prod_x"},
    {verb::post, "/v1/products/prod_x/archive"},
    {verb::post, "/v1/products/prod_x/unarchive"},
    {verb::post, "/v1/tax-rates"},
    {verb::get, "/v1/tax-rates/tax_x"},
    {verb::put, "/v1/tax-rates/tax_x"},
    {verb::patch, "/v1/tax-rates/tax_x"},
    {verb::post, "/v1/tax-rates/tax_x/archive"},
    {verb::post, "/v1/invoices"},
    {verb::get, "/v1/invoices/inv_x"},
    {verb::get, "/v1/invoices/inv_x/history"},
    {verb::put, "/v1/invoices/inv_x"},
    {verb::patch, "/v1/invoices/inv_x"},
    {verb::delete_, "/v1/invoices/inv_x"},
    {verb::post, "/v1/invoices/inv_x/send"},
    {verb::post, "/v1/invoices/inv_x/void"},
    {verb::post, "/v1/invoices/inv_x/mark-paid"},
    {verb::post, "/v1/payments"},
    {verb::get, "/v1/payments/pay_x"},
    {verb::post, "/v1/payments/pay_x/refund"},
    {verb::post, "/v1/api-keys"},
    {verb::get, "/v1/api-keys"},
    {verb::post, "/v1/api-keys/ak_x/revoke"},
};

std::string Field(const std::string& json, const std::string& name) {
  auto at = json.find("\"" + name + "\":\"");
  if (at == std::string::npos) return "";
  at += name.size() + 4;
  return json.substr(at, json.find('"', at) - at);
}

TEST(AuthMatrixTest, EveryRouteRefusesMissingBadRevokedAndUnscopedKeys) {
  eventstore::testing::TempDir dir;
  ServerProcess server(dir.Sub("data"));
  ASSERT_TRUE(server.started());
  HttpClient client(server.port());
  std::map<std::string, std::string> admin{{"Authorization", "Bearer " + server.admin_key()}};
  // reports:read opens none of these routes.
  std::string unscoped = Field(
      client.Post("/v1/api-keys", R"({"name":"Reports","scopes":["reports:read"]})", admin).body,
      "key");
  Reply revoked_key =
      client.Post("/v1/api-keys", R"({"name":"Old","scopes":["customers:read"]})", admin);
  std::string revoked = Field(revoked_key.body, "key");
  ASSERT_EQ(
      client.Post("/v1/api-keys/" + Field(revoked_key.body, "id") + "/revoke", "", admin).status,
      200u);
  std::string before = client.Get("/readyz").body;

  struct Credential {
    std::map<std::string, std::string> headers;
    unsigned status;
    std::string code;
  };
  std::vector<Credential> credentials{
      {{}, 401, "missing_api_key"},
      {{{"Authorization", "Token abc"}}, 401, "invalid_api_key"},
      {{{"Authorization", "Bearer sk_unknown"}}, 401, "invalid_api_key"},
      {{{"Authorization", "Bearer " + revoked}}, 401, "api_key_revoked"},
      {{{"Authorization", "Bearer " + unscoped}}, 403, "missing_scope"},
  };
  for (const Route& route : kRoutes) {
    for (const Credential& credential : credentials) {
      Reply reply = client.Send(route.method, route.path, R"({"name":"x"})", credential.headers);
      EXPECT_EQ(reply.status, credential.status)
          << boost::beast::http::to_string(route.method) << " " << route.path;
      EXPECT_THAT(reply.body, HasSubstr("\"code\":\"" + credential.code + "\"")) << route.path;
    }
  }
  EXPECT_EQ(client.Get("/readyz").body, before) << "a refused request wrote events";
}

}  // namespace
}  // namespace factura::e2e
