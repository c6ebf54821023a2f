// Every authenticated route × (no key, malformed header, unknown key, revoked key, a key without
// the route's scope): 401, 401, 401, 401, 403 — before any body is read or any state touched.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using verb = boost::beast::http::verb;

struct Route {
  verb method;
  std::string path;
};

// Mirrors the declarations in api/http/*_routes.cc.
const std::vector<Route> kRoutes{
    {verb::get, "/v1/organization"},
    {verb::patch, "/v1/organization"},
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
    {verb::post, "/v1/invoices/inv_x/mark-uncollectible"},
    {verb::post, "/v1/invoices/inv_x/viewed"},
    {verb::post, "/v1/invoices/inv_x/apply-credit"},
    {verb::post, "/v1/customers/cus_x/credit-adjustments"},
    {verb::post, "/v1/payments"},
    {verb::get, "/v1/payments/pay_x"},
    {verb::post, "/v1/payments/pay_x/refund"},
    {verb::post, "/v1/credit-notes"},
    {verb::get, "/v1/credit-notes"},
    {verb::get, "/v1/credit-notes/cn_x"},
    {verb::get, "/v1/invoices/inv_x/pdf"},
    {verb::get, "/v1/credit-notes/cn_x/pdf"},
    {verb::get, "/v1/payments/pay_x/pdf"},
    {verb::post, "/v1/invoices/inv_x/public-link"},
    {verb::delete_, "/v1/invoices/inv_x/public-link"},
    {verb::post, "/v1/api-keys"},
    {verb::get, "/v1/api-keys"},
    {verb::post, "/v1/api-keys/ak_x/revoke"},
    {verb::get, "/v1/users"},
    {verb::get, "/v1/users/usr_x"},
    {verb::patch, "/v1/users/usr_x"},
    {verb::post, "/v1/users/usr_x/approve"},
    {verb::post, "/v1/users/usr_x/reject"},
    {verb::post, "/v1/users/usr_x/activate"},
    {verb::post, "/v1/users/usr_x/deactivate"},
    {verb::post, "/v1/users/usr_x/password-reset"},
    {verb::delete_, "/v1/users/usr_x"},
    {verb::post, "/v1/invitations"},
    {verb::get, "/v1/invitations"},
    {verb::post, "/v1/invitations/invt_x/revoke"},
    {verb::get, "/v1/roles"},
    {verb::post, "/v1/roles"},
    {verb::get, "/v1/roles/role_x"},
    {verb::patch, "/v1/roles/role_x"},
    {verb::delete_, "/v1/roles/role_x"},
    {verb::get, "/v1/oauth/clients"},
    {verb::post, "/v1/oauth/clients"},
    {verb::get, "/v1/oauth/clients/oac_x"},
    {verb::post, "/v1/oauth/clients/oac_x"},
    {verb::delete_, "/v1/oauth/clients/oac_x"},
    {verb::post, "/v1/oauth/clients/oac_x/rotate-secret"},
};

// Routes any valid credential may call (what the caller is, and its own session).
const std::vector<Route> kAnyCredentialRoutes{
    {verb::get, "/v1/me"},
    {verb::get, "/v1/organizations"},
    {verb::post, "/v1/auth/logout"},
    {verb::post, "/v1/auth/password"},
};

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
  std::string before = LogHead(client);

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
  for (const Route& route : kAnyCredentialRoutes) {
    for (const Credential& credential : credentials) {
      if (credential.status == 403) continue;  // no scope is needed
      Reply reply = client.Send(route.method, route.path, "", credential.headers);
      EXPECT_EQ(reply.status, credential.status) << route.path;
      EXPECT_THAT(reply.body, HasSubstr("\"code\":\"" + credential.code + "\"")) << route.path;
    }
  }
  // With a key of any scope: what it is, but no session to end and no password to change.
  std::map<std::string, std::string> reports{{"Authorization", "Bearer " + unscoped}};
  EXPECT_EQ(client.Get("/v1/me", reports).status, 200u);
  EXPECT_EQ(client.Get("/v1/organizations", reports).status, 200u);
  EXPECT_EQ(client.Post("/v1/auth/logout", "", reports).status, 422u);
  EXPECT_EQ(client
                .Post("/v1/auth/password",
                      R"({"current_password":"long enough one","new_password":"and another one"})",
                      reports)
                .status,
            422u);
  EXPECT_EQ(LogHead(client), before) << "a refused request wrote events";
}

// Another organization's ids are 404 on every route that takes one, whatever the caller's
// scopes, and nothing is written; references in bodies to them are refused the same way.
TEST(AuthMatrixTest, AnotherOrganizationsIdsAreNotFoundOnEveryRoute) {
  eventstore::testing::TempDir dir;
  std::string data = dir.Sub("data");
  std::string owner_key, organization;
  {
    ServerProcess first(data);
    ASSERT_TRUE(first.started());
    owner_key = first.admin_key();
    organization = first.organization_id();
    first.Terminate();
  }
  std::istringstream other(RunFactura(
      "--data-dir " + data +
      " keys create --new-org Other --scopes customers:read,customers:write,products:read,"
      "products:write,invoices:read,invoices:write,invoices:send,payments:read,payments:write,"
      "settings:write"));
  std::string ignored, other_key;
  other >> ignored >> ignored >> other_key;
  ASSERT_THAT(other_key, ::testing::StartsWith("sk_"));
  ServerProcess server(data);
  ASSERT_TRUE(server.started());
  HttpClient client(server.port());
  std::map<std::string, std::string> owner{{"Authorization", "Bearer " + owner_key}};
  std::map<std::string, std::string> intruder{{"Authorization", "Bearer " + other_key}};

  auto id_of = [&](const std::string& path, const std::string& body) {
    Reply created = client.Post(path, body, owner);
    EXPECT_EQ(created.status, 201u) << path << " " << created.body;
    return Field(created.body, "id");
  };
  std::string customer = id_of("/v1/customers", R"({"name":"ACME","email":"a@acme.com"})");
  std::string product = id_of("/v1/products", R"({"name":"Hosting","unit_price":10.00})");
  std::string rate = id_of("/v1/tax-rates", R"({"name":"VAT","rate":20})");
  std::string lines = R"(","line_items":[{"description":"Work","quantity":1,"unit_price":100}]})";
  std::string draft = id_of("/v1/invoices", R"({"customer_id":")" + customer + lines);
  std::string issued = id_of("/v1/invoices", R"({"customer_id":")" + customer + lines);
  ASSERT_EQ(client.Post("/v1/invoices/" + issued + "/send", "", owner).status, 200u);
  std::string payment = id_of(
      "/v1/payments", R"({"invoice_id":")" + issued + R"(","amount":10,"payment_method":"card"})");
  std::string key = id_of("/v1/api-keys", R"({"name":"Reader","scopes":["customers:read"]})");
  std::string note = id_of("/v1/credit-notes", R"({"invoice_id":")" + issued + R"(","amount":5})");
  std::string before = LogHead(client);

  const std::vector<Route> routes{
      {verb::get, "/v1/customers/" + customer},
      {verb::put, "/v1/customers/" + customer},
      {verb::patch, "/v1/customers/" + customer},
      {verb::delete_, "/v1/customers/" + customer},
      {verb::get, "/v1/products/" + product},
      {verb::put, "/v1/products/" + product},
      {verb::patch, "/v1/products/" + product},
      {verb::post, "/v1/products/" + product + "/archive"},
      {verb::post, "/v1/products/" + product + "/unarchive"},
      {verb::get, "/v1/tax-rates/" + rate},
      {verb::put, "/v1/tax-rates/" + rate},
      {verb::patch, "/v1/tax-rates/" + rate},
      {verb::post, "/v1/tax-rates/" + rate + "/archive"},
      {verb::get, "/v1/invoices/" + draft},
      {verb::get, "/v1/invoices/" + issued + "?as_of=2100-01-01T00:00:00Z"},
      {verb::get, "/v1/invoices/" + issued + "/history"},
      {verb::put, "/v1/invoices/" + draft},
      {verb::patch, "/v1/invoices/" + draft},
      {verb::delete_, "/v1/invoices/" + draft},
      {verb::post, "/v1/invoices/" + draft + "/send"},
      {verb::post, "/v1/invoices/" + issued + "/void"},
      {verb::post, "/v1/invoices/" + issued + "/mark-paid"},
      {verb::post, "/v1/invoices/" + issued + "/mark-uncollectible"},
      {verb::post, "/v1/invoices/" + issued + "/viewed"},
      {verb::post, "/v1/invoices/" + issued + "/apply-credit"},
      {verb::post, "/v1/customers/" + customer + "/credit-adjustments"},
      {verb::get, "/v1/payments/" + payment},
      {verb::post, "/v1/payments/" + payment + "/refund"},
      {verb::post, "/v1/api-keys/" + key + "/revoke"},
      {verb::get, "/v1/credit-notes/" + note},
      {verb::get, "/v1/invoices/" + issued + "/pdf"},
      {verb::get, "/v1/credit-notes/" + note + "/pdf"},
      {verb::get, "/v1/payments/" + payment + "/pdf"},
      {verb::post, "/v1/invoices/" + issued + "/public-link"},
      {verb::delete_, "/v1/invoices/" + issued + "/public-link"},
  };
  for (const Route& route : routes) {
    // Bodies valid for the route, so that only the id can make it fail.
    std::string body = route.method == verb::get || route.method == verb::delete_ ? ""
                       : route.path.ends_with("/credit-adjustments")
                           ? R"({"amount":5,"currency":"USD","reason":"Goodwill"})"
                       : route.path.starts_with("/v1/customers") ? R"({"name":"Taken"})"
                       : route.path.starts_with("/v1/invoices") &&
                               (route.method == verb::put || route.method == verb::patch)
                           ? R"({"notes":"taken"})"
                       : route.method == verb::put || route.method == verb::patch
                           ? R"({"name":"Taken"})"
                           : "";
    Reply reply = client.Send(route.method, route.path, body, intruder);
    EXPECT_EQ(reply.status, 404u) << boost::beast::http::to_string(route.method) << " "
                                  << route.path << ": " << reply.body;
    EXPECT_THAT(reply.body, HasSubstr(R"("code":"resource_not_found")")) << route.path;
  }
  // References inside bodies: the other organization's customer, invoice, product, tax rate.
  Reply invoice = client.Post("/v1/invoices", R"({"customer_id":")" + customer + lines, intruder);
  EXPECT_EQ(invoice.status, 404u) << invoice.body;
  Reply paid = client.Post(
      "/v1/payments", R"({"invoice_id":")" + issued + R"(","amount":10,"payment_method":"card"})",
      intruder);
  EXPECT_EQ(paid.status, 404u) << paid.body;
  Reply credited =
      client.Post("/v1/credit-notes", R"({"invoice_id":")" + issued + R"(","amount":1})", intruder);
  EXPECT_EQ(credited.status, 404u) << credited.body;
  Reply listed = client.Get("/v1/credit-notes", intruder);
  EXPECT_EQ(listed.status, 200u);
  EXPECT_THAT(listed.body, Not(HasSubstr(note)));
  EXPECT_EQ(LogHead(client), before) << "a refused request wrote events";
  Reply own = client.Post("/v1/customers", R"({"name":"Own"})", intruder);
  ASSERT_EQ(own.status, 201u);
  for (const std::string& line :
       {R"({"product_id":")" + product + R"(","quantity":1})",
        R"({"description":"x","quantity":1,"unit_price":1,"tax_rate_id":")" + rate + R"("})"}) {
    Reply borrowed = client.Post(
        "/v1/invoices",
        R"({"customer_id":")" + Field(own.body, "id") + R"(","line_items":[)" + line + "]}",
        intruder);
    EXPECT_EQ(borrowed.status, 404u) << line << ": " << borrowed.body;
  }
  // The owner still sees everything as it was.
  EXPECT_EQ(client.Get("/v1/invoices/" + draft, owner).status, 200u);
  EXPECT_EQ(Field(client.Get("/v1/customers/" + customer, owner).body, "name"), "ACME");
}

}  // namespace
}  // namespace factura::e2e
