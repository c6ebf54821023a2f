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

// The settings documents carry (legal name, address, tax id), the locale and time zone, and the
// number sequences: a next number may skip ahead, never back to a number already handed out.
TEST(OrganizationTest, DocumentSettingsAndNumberSequences) {
  eventstore::testing::TempDir dir;
  ServerProcess server(dir.Sub("data"));
  ASSERT_TRUE(server.started());
  HttpClient client(server.port());
  std::map<std::string, std::string> admin{{"Authorization", "Bearer " + server.admin_key()}};
  auto patch = [&](const std::string& body) {
    return client.Send(verb::patch, "/v1/organization", body, admin);
  };

  Reply defaults = client.Get("/v1/organization", admin);
  EXPECT_THAT(defaults.body, HasSubstr(R"("legal_name":null,"address":null,"tax_id":null)"));
  EXPECT_THAT(defaults.body, HasSubstr(R"("next_invoice_number":1,"payment_number_prefix":"PAY")"));
  EXPECT_THAT(defaults.body, HasSubstr(R"("locale":"en-US","time_zone":"UTC")"));

  Reply set = patch(R"({"legal_name":"Acme Comércio Ltda","tax_id":"12.345.678/0001-90",
      "address":{"street":"Av. Paulista 1000","city":"São Paulo","state":"SP","country":"BR"},
      "locale":"pt-BR","time_zone":"America/Sao_Paulo","payment_number_prefix":"REC",
      "next_invoice_number":100,"next_payment_number":7})");
  ASSERT_EQ(set.status, 200u) << set.body;
  EXPECT_THAT(set.body, HasSubstr(R"("legal_name":"Acme Comércio Ltda")"));
  EXPECT_THAT(set.body, HasSubstr(R"("address":{"street":"Av. Paulista 1000","street2":null,)"
                                  R"("city":"São Paulo","state":"SP","postal_code":null,)"
                                  R"("country":"BR"})"));
  EXPECT_THAT(set.body, HasSubstr(R"("next_invoice_number":100,"payment_number_prefix":"REC",)"
                                  R"("next_payment_number":7)"));
  EXPECT_THAT(set.body, HasSubstr(R"("locale":"pt-BR","time_zone":"America/Sao_Paulo")"));

  // The sequences go on from the numbers set.
  std::string customer = Field(
      client.Post("/v1/customers", R"({"name":"ACME","email":"ap@acme.com"})", admin).body, "id");
  Reply invoice = client.Post("/v1/invoices",
                              R"({"customer_id":")" + customer +
                                  R"(","issue_date":"2025-03-01","line_items":[{"description":"W",
                                  "quantity":1,"unit_price":10}]})",
                              admin);
  ASSERT_EQ(invoice.status, 201u) << invoice.body;
  EXPECT_EQ(Field(invoice.body, "number"), "INV-2025-0100");
  std::string id = Field(invoice.body, "id");
  ASSERT_EQ(client.Post("/v1/invoices/" + id + "/send", "", admin).status, 200u);
  Reply payment =
      client.Post("/v1/payments",
                  R"({"invoice_id":")" + id +
                      R"(","amount":10,"payment_method":"card","payment_date":"2025-03-02"})",
                  admin);
  ASSERT_EQ(payment.status, 201u) << payment.body;
  EXPECT_EQ(Field(payment.body, "payment_number"), "REC-2025-0007");

  // Cleared where it can be; refused, naming the field, where it cannot; nothing written.
  Reply cleared = patch(R"({"legal_name":null,"address":null})");
  ASSERT_EQ(cleared.status, 200u) << cleared.body;
  EXPECT_THAT(cleared.body, HasSubstr(R"("legal_name":null,"address":null,"tax_id":"12.345)"));
  std::string head = LogHead(client);
  struct Case {
    std::string body;
    std::string code;
    std::string param;
  };
  for (const Case& bad : std::vector<Case>{
           {R"({"next_invoice_number":100})", "next_number_already_used", "next_invoice_number"},
           {R"({"next_invoice_number":50})", "next_number_already_used", "next_invoice_number"},
           {R"({"next_payment_number":7})", "next_number_already_used", "next_payment_number"},
           {R"({"next_payment_number":0})", "invalid_next_number", "next_payment_number"},
           {R"({"next_invoice_number":1.5})", "invalid_integer", "next_invoice_number"},
           {R"({"locale":"fr-FR"})", "invalid_locale", "locale"},
           {R"({"locale":null})", "field_not_nullable", "locale"},
           {R"({"time_zone":"Mars/Olympus_Mons"})", "invalid_time_zone", "time_zone"},
           {R"({"time_zone":"../etc/passwd"})", "invalid_time_zone", "time_zone"},
           {R"({"payment_number_prefix":"P Y"})", "invalid_payment_number_prefix",
            "payment_number_prefix"},
           {R"({"address":{"street":"x","city":"y","country":"Brazil"}})", "", "address.country"},
           {R"({"address":{"city":"y","country":"BR"}})", "", "address.street"},
           {R"({"tax_id":""})", "", "tax_id"},
       }) {
    Reply refused = patch(bad.body);
    EXPECT_EQ(refused.status, 422u) << bad.body << " " << refused.body;
    if (!bad.code.empty()) {
      EXPECT_EQ(Field(refused.body, "code"), bad.code) << bad.body;
    }
    EXPECT_EQ(Field(refused.body, "param"), bad.param) << bad.body;
  }
  EXPECT_EQ(patch(R"({"address":{"street":"x","city":"y","country":"BR","floor":2}})").status,
            400u);
  EXPECT_EQ(LogHead(client), head) << "a refused change wrote events";
  // A restart folds the settings back from the log.
  std::string before = client.Get("/v1/organization", admin).body;
  server.Terminate();
  ServerProcess again(dir.Sub("data"));
  ASSERT_TRUE(again.started());
  HttpClient fresh(again.port());
  EXPECT_EQ(fresh.Get("/v1/organization", admin).body, before);
}

}  // namespace
}  // namespace factura::e2e
