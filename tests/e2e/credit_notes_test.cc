// /v1/credit-notes end to end: a credit note takes part of an issued invoice back, reduces its
// amount due, sends the rest to the customer's credit, and shows in lists, reports and events.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using ::testing::HasSubstr;
namespace json = boost::json;

class CreditNotesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.started()) << server_.output();
    customer_ = Field(Post("/v1/customers", R"({"name":"ACME","email":"ap@acme.com"})").body, "id");
  }
  Reply Post(const std::string& path, const std::string& body,
             std::map<std::string, std::string> headers = {}) {
    headers.merge(Auth());
    return client_.Post(path, body, headers);
  }
  Reply Get(const std::string& path) { return client_.Get(path, Auth()); }
  std::map<std::string, std::string> Auth() {
    return {{"Authorization", "Bearer " + server_.admin_key()}};
  }
  // A sent invoice of 100.00 plus 10% tax: 110.00.
  std::string SentInvoice() {
    Reply created = Post("/v1/invoices", R"({"customer_id":")" + customer_ +
                                             R"(","line_items":[{"description":"Work",
                                             "quantity":1,"unit_price":100,"tax_rate":10}]})");
    EXPECT_EQ(created.status, 201u) << created.body;
    std::string id = Field(created.body, "id");
    EXPECT_EQ(Post("/v1/invoices/" + id + "/send", "").status, 200u);
    return id;
  }
  json::object Object(const Reply& reply) { return json::parse(reply.body).as_object(); }

  eventstore::testing::TempDir dir_;
  ServerProcess server_{dir_.Sub("data")};
  HttpClient client_{server_.port()};
  std::string customer_;
};

TEST_F(CreditNotesTest, ACreditNoteReducesTheAmountDueAndTheRestGoesToCredit) {
  std::string invoice = SentInvoice();
  std::string number = Field(Get("/v1/invoices/" + invoice).body, "number");
  Reply first = Post("/v1/credit-notes",
                     R"({"invoice_id":")" + invoice + R"(","amount":30,"reason":"Late delivery"})");
  ASSERT_EQ(first.status, 201u) << first.body;
  json::object note = Object(first);
  EXPECT_EQ(note["object"], "credit_note");
  EXPECT_EQ(note["number"], json::value(number + "-CN-01"));
  EXPECT_EQ(note["invoice_id"], json::value(invoice));
  EXPECT_EQ(note["customer_id"], json::value(customer_));
  EXPECT_THAT(first.body, HasSubstr(R"("amount":30.00,"currency":"USD")"));
  EXPECT_THAT(first.body, HasSubstr(R"("applied_to_invoice":30.00)"));
  EXPECT_THAT(first.body, HasSubstr(R"("credited_to_customer":0.00)"));
  EXPECT_THAT(first.body, HasSubstr(R"("tax_amount":2.73)"));  // 30 × 10/110, half-up
  EXPECT_EQ(note["reason"], "Late delivery");
  EXPECT_EQ(note["status"], "issued");
  EXPECT_EQ(AnyField(Get("/v1/invoices/" + invoice).body, "amount_due"), "80.00");

  // Lines add up to the amount; a second note is numbered after the first.
  Reply lines = Post("/v1/credit-notes", R"({"invoice_id":")" + invoice +
                                             R"(","lines":[{"description":"Returned part",
                                             "quantity":2,"unit_price":10}]})");
  ASSERT_EQ(lines.status, 201u) << lines.body;
  EXPECT_EQ(Object(lines)["number"], json::value(number + "-CN-02"));
  EXPECT_THAT(lines.body, HasSubstr(R"("lines":[{"description":"Returned part","quantity":2,)"
                                    R"("unit_price":10.00,"amount":20.00}])"));
  EXPECT_EQ(AnyField(Get("/v1/invoices/" + invoice).body, "amount_due"), "60.00");

  // Paid in full, then credited: all of it becomes the customer's credit.
  ASSERT_EQ(Post("/v1/payments", R"({"invoice_id":")" + invoice +
                                     R"(","amount":60,"payment_method":"bank_transfer"})")
                .status,
            201u);
  Reply after_paid = Post("/v1/credit-notes", R"({"invoice_id":")" + invoice + R"(","amount":40})");
  ASSERT_EQ(after_paid.status, 201u) << after_paid.body;
  EXPECT_THAT(after_paid.body, HasSubstr(R"("applied_to_invoice":0.00)"));
  EXPECT_THAT(after_paid.body, HasSubstr(R"("credited_to_customer":40.00)"));
  Reply customer = Get("/v1/customers/" + customer_);
  EXPECT_THAT(customer.body, HasSubstr(R"({"currency":"USD","amount":40.00})")) << customer.body;
  EXPECT_EQ(Field(Get("/v1/invoices/" + invoice).body, "status"), "paid");

  // No more than the invoice's total is ever credited: 110 − 30 − 20 − 40 = 20 left.
  Reply too_much =
      Post("/v1/credit-notes", R"({"invoice_id":")" + invoice + R"(","amount":20.01})");
  EXPECT_EQ(too_much.status, 422u);
  EXPECT_EQ(Field(too_much.body, "code"), "amount_exceeds_invoice");
  EXPECT_EQ(Field(too_much.body, "param"), "amount");

  // Retrieve and list agree with the creation's answer.
  std::string id = Field(first.body, "id");
  Reply retrieved = Get("/v1/credit-notes/" + id);
  EXPECT_EQ(retrieved.status, 200u);
  EXPECT_EQ(json::parse(retrieved.body), json::parse(first.body));
  Reply list = Get("/v1/credit-notes?invoice_id=" + invoice + "&sort=created_at");
  ASSERT_EQ(list.status, 200u) << list.body;
  json::object page = Object(list);
  ASSERT_EQ(page["data"].as_array().size(), 3u);
  EXPECT_EQ(page["data"].as_array()[0], json::parse(first.body));
  EXPECT_EQ(page["data"].as_array()[1], json::parse(lines.body));
  EXPECT_EQ(Object(Get("/v1/credit-notes?customer_id=cus_nobody"))["data"].as_array().size(), 0u);

  // Integrators hear of it.
  Reply events = Get("/v1/events?type=credit_note.created");
  ASSERT_EQ(events.status, 200u) << events.body;
  EXPECT_EQ(Object(events)["data"].as_array().size(), 3u);
  EXPECT_THAT(events.body, HasSubstr(id));
}

TEST_F(CreditNotesTest, WhatCannotBeCreditedIsRefusedNamingTheField) {
  std::string invoice = SentInvoice();
  Reply draft = Post("/v1/invoices", R"({"customer_id":")" + customer_ +
                                         R"(","line_items":[{"description":"W","unit_price":5}]})");
  struct Case {
    std::string body;
    unsigned status;
    std::string code;
    std::string param;
  };
  std::string on = R"({"invoice_id":")" + invoice + R"(",)";
  std::vector<Case> cases{
      {R"({"invoice_id":")" + Field(draft.body, "id") + R"(","amount":1})", 409,
       "invoice_not_creditable", "invoice_id"},
      {R"({"invoice_id":"inv_nothere","amount":1})", 404, "invoice_not_found", "invoice_id"},
      {on + R"("reason":"x"})", 422, "amount_or_lines_required", "amount"},
      {on + R"("amount":0})", 422, "invalid_amount", "amount"},
      {on + R"("amount":1.001})", 422, "too_many_decimals", "amount"},
      {on + R"("amount":5,"lines":[{"description":"A","unit_price":4}]})", 422, "amount_mismatch",
       "amount"},
      {on + R"("lines":[{"description":"","unit_price":4}]})", 422, "", "lines[0].description"},
      {on + R"("lines":[{"description":"A","unit_price":-4}]})", 422, "invalid_amount",
       "lines[0].unit_price"},
      {on + R"("lines":[{"description":"A","unit_price":4,"quantity":0}]})", 422,
       "invalid_quantity", "lines[0].quantity"},
      {on + R"("amount":1,"memo":"x"})", 400, "unknown_parameter", "memo"},
      {on + R"("lines":[{"description":"A","unit_price":4,"sku":"x"}]})", 400, "unknown_parameter",
       "lines[0].sku"},
      {R"({"amount":1})", 422, "missing_field", "invoice_id"},
      {"{", 400, "", ""},
  };
  std::string before = LogHead(client_);
  for (const Case& c : cases) {
    Reply reply = Post("/v1/credit-notes", c.body);
    EXPECT_EQ(reply.status, c.status) << c.body << ": " << reply.body;
    if (!c.code.empty()) {
      EXPECT_EQ(Field(reply.body, "code"), c.code) << c.body;
    }
    if (!c.param.empty()) {
      EXPECT_EQ(Field(reply.body, "param"), c.param) << c.body;
    }
  }
  EXPECT_EQ(LogHead(client_), before) << "a refused credit note wrote events";
  EXPECT_EQ(Get("/v1/credit-notes/cn_nothere").status, 404u);
}

TEST_F(CreditNotesTest, ARetriedCreationIsAppliedOnce) {
  std::string invoice = SentInvoice();
  std::string body = R"({"invoice_id":")" + invoice + R"(","amount":10})";
  Reply first = Post("/v1/credit-notes", body, {{"Idempotency-Key", "cn-1"}});
  ASSERT_EQ(first.status, 201u) << first.body;
  Reply again = Post("/v1/credit-notes", body, {{"Idempotency-Key", "cn-1"}});
  EXPECT_EQ(again.status, 200u);
  EXPECT_EQ(again.Header("Idempotent-Replayed"), "true");
  EXPECT_EQ(Field(again.body, "id"), Field(first.body, "id"));
  EXPECT_EQ(AnyField(Get("/v1/invoices/" + invoice).body, "amount_due"), "100.00");
}

// Half of a 110.00 invoice (10.00 of it tax) credited: the sales report shows the credit, and
// the tax report (accrual) keeps only the half of the tax that stands.
TEST_F(CreditNotesTest, SalesAndTaxReportsCountCreditNotes) {
  std::string invoice = SentInvoice();
  ASSERT_EQ(Post("/v1/credit-notes", R"({"invoice_id":")" + invoice + R"(","amount":55})").status,
            201u);
  Reply sales = Get("/v1/reports/sales?start_date=2020-01-01&end_date=2029-12-31");
  ASSERT_EQ(sales.status, 200u) << sales.body;
  EXPECT_THAT(sales.body, HasSubstr(R"("total_invoiced":110.00,"total_paid":0.00,)"
                                    R"("total_outstanding":55.00,"total_credited":55.00)"));
  Reply tax = Get("/v1/reports/tax?start_date=2020-01-01&end_date=2029-12-31");
  ASSERT_EQ(tax.status, 200u) << tax.body;
  EXPECT_EQ(AnyField(tax.body, "total_sales"), "50.00") << tax.body;
  EXPECT_EQ(AnyField(tax.body, "total_tax_collected"), "5.00") << tax.body;
}

TEST_F(CreditNotesTest, TheAgingReportCountsWhatCreditNotesTookOff) {
  std::string invoice = SentInvoice();
  ASSERT_EQ(Post("/v1/credit-notes", R"({"invoice_id":")" + invoice + R"(","amount":25})").status,
            201u);
  Reply aging = Get("/v1/reports/aging");
  ASSERT_EQ(aging.status, 200u) << aging.body;
  EXPECT_EQ(AnyField(aging.body, "total_due"), "85.00") << aging.body;
}

}  // namespace
}  // namespace factura::e2e
