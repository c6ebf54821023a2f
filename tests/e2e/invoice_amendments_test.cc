// Amending an issued invoice end to end: its due date, notes, terms and reference change, each
// amendment recorded as InvoiceAmended in its history; what it charges never does (credit notes
// are for that).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using ::testing::HasSubstr;
using verb = boost::beast::http::verb;

TEST(InvoiceAmendmentsTest, AnIssuedInvoicesNonFinancialFieldsAreAmendedAndRecorded) {
  eventstore::testing::TempDir dir;
  ServerProcess server(dir.Sub("data"));
  ASSERT_TRUE(server.started());
  HttpClient client(server.port());
  std::map<std::string, std::string> admin{{"Authorization", "Bearer " + server.admin_key()}};
  std::string customer = Field(
      client.Post("/v1/customers", R"({"name":"ACME","email":"ap@acme.com"})", admin).body, "id");
  Reply created = client.Post("/v1/invoices",
                              R"({"customer_id":")" + customer +
                                  R"(","line_items":[{"description":"Work","unit_price":100}]})",
                              admin);
  std::string path = "/v1/invoices/" + Field(created.body, "id");
  ASSERT_EQ(client.Post(path + "/send", "", admin).status, 200u);

  Reply amended =
      client.Send(verb::patch, path,
                  R"({"due_date":"2029-01-31","notes":"Pay by wire","reference":"PO-77"})", admin);
  ASSERT_EQ(amended.status, 200u) << amended.body;
  EXPECT_EQ(Field(amended.body, "due_date"), "2029-01-31");
  EXPECT_EQ(Field(amended.body, "notes"), "Pay by wire");
  EXPECT_EQ(Field(amended.body, "reference"), "PO-77");
  EXPECT_EQ(Field(amended.body, "status"), "sent");
  EXPECT_THAT(amended.body, HasSubstr(R"("total":100.00)"));
  EXPECT_THAT(client.Get(path + "/history", admin).body, HasSubstr("\"InvoiceAmended\""));

  // The same values again change nothing and record nothing.
  std::string before = LogHead(client);
  EXPECT_EQ(client.Send(verb::patch, path, R"({"notes":"Pay by wire"})", admin).status, 200u);
  EXPECT_EQ(LogHead(client), before);

  struct Case {
    std::string body;
    unsigned status;
    std::string code;
    std::string param;
  };
  for (const Case& c : std::vector<Case>{
           {R"({"line_items":[{"description":"More","unit_price":1000}]})", 409,
            "invoice_not_draft", "line_items"},
           {R"({"currency":"EUR"})", 409, "invoice_not_draft", "currency"},
           {R"({"issue_date":"2026-01-01"})", 409, "invoice_not_draft", "issue_date"},
           {R"({"due_date":null})", 422, "field_not_nullable", "due_date"},
           {R"({"due_date":"2000-01-01"})", 422, "due_date_before_issue_date", "due_date"},
           {R"({"notes":5})", 422, "invalid_type", "notes"},
       }) {
    Reply refused = client.Send(verb::patch, path, c.body, admin);
    EXPECT_EQ(refused.status, c.status) << c.body << ": " << refused.body;
    if (!c.code.empty()) {
      EXPECT_EQ(Field(refused.body, "code"), c.code) << c.body;
    }
    EXPECT_EQ(Field(refused.body, "param"), c.param) << c.body;
  }
  EXPECT_EQ(LogHead(client), before) << "a refused amendment wrote events";

  // Cleared notes, then void: no more amendments.
  Reply cleared = client.Send(verb::patch, path, R"({"notes":null})", admin);
  EXPECT_THAT(cleared.body, HasSubstr(R"("notes":null)"));
  ASSERT_EQ(client.Post(path + "/void", "", admin).status, 200u);
  Reply void_refused = client.Send(verb::patch, path, R"({"notes":"late"})", admin);
  EXPECT_EQ(void_refused.status, 409u);
  EXPECT_EQ(Field(void_refused.body, "code"), "invoice_void");
}

}  // namespace
}  // namespace factura::e2e
