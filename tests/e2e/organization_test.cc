// /v1/organization end to end: the settings are read with settings:read, changed with
// settings:write, partially, guarded by If-Match, each field checked; a new invoice follows them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using ::testing::HasSubstr;
using verb = boost::beast::http::verb;

TEST(OrganizationTest, SettingsAreReadAndChangedPartiallyAndNewInvoicesFollowThem) {
  eventstore::testing::TempDir dir;
  ServerProcess server(dir.Sub("data"));
  ASSERT_TRUE(server.started());
  HttpClient client(server.port());
  std::map<std::string, std::string> admin{{"Authorization", "Bearer " + server.admin_key()}};

  Reply before = client.Get("/v1/organization", admin);
  ASSERT_EQ(before.status, 200u) << before.body;
  EXPECT_EQ(Field(before.body, "id"), server.organization_id());
  EXPECT_THAT(before.body, HasSubstr(R"("object":"organization")"));
  EXPECT_THAT(before.body, HasSubstr(R"("invoice_number_prefix":"INV")"));

  Reply changed = client.Send(verb::patch, "/v1/organization",
                              R"({"invoice_number_prefix":"ACME","payment_terms":14})", admin);
  ASSERT_EQ(changed.status, 200u) << changed.body;
  EXPECT_THAT(changed.body, HasSubstr(R"("invoice_number_prefix":"ACME")"));
  EXPECT_THAT(changed.body, HasSubstr(R"("payment_terms":14)"));
  EXPECT_EQ(Field(changed.body, "name"), Field(before.body, "name"));  // omitted: unchanged
  EXPECT_EQ(client.Get("/v1/organization", admin).body, changed.body);
  // A retried change with the same key is not applied twice.
  std::map<std::string, std::string> keyed = admin;
  keyed["Idempotency-Key"] = "terms-21";
  Reply first = client.Send(verb::patch, "/v1/organization", R"({"payment_terms":21})", keyed);
  ASSERT_EQ(first.status, 200u) << first.body;
  std::string after_first = LogHead(client);
  Reply again = client.Send(verb::patch, "/v1/organization", R"({"payment_terms":21})", keyed);
  EXPECT_EQ(again.Header("Idempotent-Replayed"), "true");
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(LogHead(client), after_first);
  ASSERT_EQ(client.Send(verb::patch, "/v1/organization", R"({"payment_terms":14})", admin).status,
            200u);

  // A new invoice takes the new prefix and terms.
  std::string customer =
      Field(client.Post("/v1/customers", R"({"name":"ACME"})", admin).body, "id");
  Reply invoice = client.Post(
      "/v1/invoices",
      R"({"customer_id":")" + customer +
          R"(","issue_date":"2025-01-01","line_items":[{"description":"W","quantity":1,"unit_price":10}]})",
      admin);
  ASSERT_EQ(invoice.status, 201u) << invoice.body;
  EXPECT_THAT(Field(invoice.body, "number"), ::testing::StartsWith("ACME-"));
  EXPECT_EQ(Field(invoice.body, "due_date"), "2025-01-15");

  // Every rejection names its field and changes nothing.
  std::string head = LogHead(client);
  struct Case {
    std::string body;
    unsigned status;
    std::string code;
  };
  for (const Case& bad : std::vector<Case>{
           {R"({"payment_terms":-1})", 422, R"("param":"payment_terms")"},
           {R"({"default_currency":"XYZ"})", 422, R"("param":"default_currency")"},
           {R"({"invoice_number_prefix":"A B"})", 422, R"("param":"invoice_number_prefix")"},
           {R"({"name":null})", 422, "field_not_nullable"},
           {R"({"name":"A","plan":"gold"})", 400, "unknown_parameter"},
           {R"({"name":)", 400, "malformed_json"},
       }) {
    Reply refused = client.Send(verb::patch, "/v1/organization", bad.body, admin);
    EXPECT_EQ(refused.status, bad.status) << bad.body << " " << refused.body;
    EXPECT_THAT(refused.body, HasSubstr(bad.code)) << bad.body;
  }
  std::map<std::string, std::string> stale = admin;
  stale["If-Match"] = "1";
  Reply conflict = client.Send(verb::patch, "/v1/organization", R"({"name":"B"})", stale);
  EXPECT_EQ(conflict.status, 409u) << conflict.body;
  EXPECT_EQ(LogHead(client), head) << "a refused change wrote events";

  // settings:read reads, and only settings:write changes.
  std::string reader = Field(
      client.Post("/v1/api-keys", R"({"name":"R","scopes":["settings:read"]})", admin).body, "key");
  std::map<std::string, std::string> read_only{{"Authorization", "Bearer " + reader}};
  EXPECT_EQ(client.Get("/v1/organization", read_only).status, 200u);
  EXPECT_EQ(client.Send(verb::patch, "/v1/organization", R"({"name":"C"})", read_only).status,
            403u);
}

}  // namespace
}  // namespace factura::e2e
