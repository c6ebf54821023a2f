// Customer credit end to end: it comes from overpayments, credit notes and refunds to credit
// (seed 002 `applyAsCredit`), and pays invoices through POST /v1/invoices/{id}/apply-credit.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using ::testing::HasSubstr;

class CustomerCreditUseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.started()) << server_.output();
    customer_ = Field(Post("/v1/customers", R"({"name":"ACME","email":"ap@acme.com"})").body, "id");
  }
  Reply Post(const std::string& path, const std::string& body,
             std::map<std::string, std::string> headers = {}) {
    headers["Authorization"] = "Bearer " + server_.admin_key();
    return client_.Post(path, body, headers);
  }
  std::string Get(const std::string& path) {
    return client_.Get(path, {{"Authorization", "Bearer " + server_.admin_key()}}).body;
  }
  std::string SentInvoice(const std::string& amount) {
    Reply created = Post("/v1/invoices", R"({"customer_id":")" + customer_ +
                                             R"(","line_items":[{"description":"Work",
                                             "unit_price":)" +
                                             amount + "}]}");
    std::string id = Field(created.body, "id");
    EXPECT_EQ(Post("/v1/invoices/" + id + "/send", "").status, 200u) << created.body;
    return id;
  }
  std::string Credit() {
    std::string customer = Get("/v1/customers/" + customer_);
    auto at = customer.find(R"("credit_balances":)");
    return customer.substr(at, customer.find(']', at) - at + 1);
  }
  std::string Due(const std::string& invoice) {
    return AnyField(Get("/v1/invoices/" + invoice), "amount_due");
  }

  eventstore::testing::TempDir dir_;
  ServerProcess server_{dir_.Sub("data")};
  HttpClient client_{server_.port()};
  std::string customer_;
};

TEST_F(CustomerCreditUseTest, CreditFromAnOverpaymentPaysTheNextInvoice) {
  std::string first = SentInvoice("100");
  ASSERT_EQ(Post("/v1/payments",
                 R"({"invoice_id":")" + first + R"(","amount":150,"payment_method":"card"})")
                .status,
            201u);
  EXPECT_EQ(Credit(), R"("credit_balances":[{"currency":"USD","amount":50.00}])");

  std::string second = SentInvoice("80");
  // Too much, or more than there is: refused, naming the amount.
  Reply beyond_due = Post("/v1/invoices/" + second + "/apply-credit", R"({"amount":80.01})");
  EXPECT_EQ(beyond_due.status, 422u);
  EXPECT_EQ(Field(beyond_due.body, "code"), "amount_exceeds_amount_due");
  Reply beyond_credit = Post("/v1/invoices/" + second + "/apply-credit", R"({"amount":50.01})");
  EXPECT_EQ(beyond_credit.status, 422u);
  EXPECT_EQ(Field(beyond_credit.body, "code"), "insufficient_credit");
  EXPECT_EQ(Field(beyond_credit.body, "param"), "amount");
  EXPECT_EQ(Post("/v1/invoices/" + second + "/apply-credit", R"({"credit":1})").status, 400u);

  Reply part = Post("/v1/invoices/" + second + "/apply-credit", R"({"amount":20})",
                    {{"Idempotency-Key", "apply-1"}});
  ASSERT_EQ(part.status, 200u) << part.body;
  EXPECT_THAT(part.body, HasSubstr(R"("customer_credit_applied":20.00)"));
  EXPECT_EQ(Field(part.body, "status"), "partially_paid");
  // A retried request is not applied twice.
  EXPECT_EQ(Post("/v1/invoices/" + second + "/apply-credit", R"({"amount":20})",
                 {{"Idempotency-Key", "apply-1"}})
                .Header("Idempotent-Replayed"),
            "true");
  EXPECT_EQ(Due(second), "60.00");
  EXPECT_EQ(Credit(), R"("credit_balances":[{"currency":"USD","amount":30.00}])");

  // Without an amount: as much as both allow.
  Reply rest = Post("/v1/invoices/" + second + "/apply-credit", "");
  ASSERT_EQ(rest.status, 200u) << rest.body;
  EXPECT_EQ(Due(second), "30.00");
  EXPECT_EQ(Credit(), R"("credit_balances":[])");
  Reply none = Post("/v1/invoices/" + second + "/apply-credit", "");
  EXPECT_EQ(none.status, 409u);
  EXPECT_EQ(Field(none.body, "code"), "no_customer_credit");
  // The aging report sees what credit paid.
  EXPECT_EQ(AnyField(Get("/v1/reports/aging"), "total_due"), "30.00");
}

TEST_F(CustomerCreditUseTest, ARefundMayGoToCreditInsteadOfMoney) {
  std::string invoice = SentInvoice("100");
  Reply paid = Post("/v1/payments",
                    R"({"invoice_id":")" + invoice + R"(","amount":100,"payment_method":"card"})");
  ASSERT_EQ(paid.status, 201u);
  std::string payment = Field(paid.body, "id");
  Reply too_much =
      Post("/v1/payments/" + payment + "/refund", R"({"amount":100.01,"apply_as_credit":true})");
  EXPECT_EQ(too_much.status, 422u);
  EXPECT_EQ(Field(too_much.body, "param"), "amount");
  EXPECT_EQ(Post("/v1/payments/" + payment + "/refund", R"({"apply_as_credit":"yes"})").status,
            422u);

  Reply refunded =
      Post("/v1/payments/" + payment + "/refund", R"({"amount":30,"apply_as_credit":true})");
  ASSERT_EQ(refunded.status, 200u) << refunded.body;
  EXPECT_THAT(refunded.body, HasSubstr(R"("applied_as_credit":true)"));
  EXPECT_EQ(Due(invoice), "30.00");  // the invoice owes again what went to credit
  EXPECT_EQ(Credit(), R"("credit_balances":[{"currency":"USD","amount":30.00}])");
  // A money refund, for contrast, leaves the credit alone.
  ASSERT_EQ(Post("/v1/payments/" + payment + "/refund", R"({"amount":10})").status, 200u);
  EXPECT_EQ(Credit(), R"("credit_balances":[{"currency":"USD","amount":30.00}])");
  EXPECT_EQ(Due(invoice), "40.00");

  // The credit settles the invoice again, less the money refunded.
  ASSERT_EQ(Post("/v1/invoices/" + invoice + "/apply-credit", "").status, 200u);
  EXPECT_EQ(Due(invoice), "10.00");
  EXPECT_EQ(Credit(), R"("credit_balances":[])");
}

TEST_F(CustomerCreditUseTest, OnlyOpenInvoicesTakeCredit) {
  Reply draft = Post("/v1/invoices", R"({"customer_id":")" + customer_ +
                                         R"(","line_items":[{"description":"W","unit_price":5}]})");
  Reply refused = Post("/v1/invoices/" + Field(draft.body, "id") + "/apply-credit", "");
  EXPECT_EQ(refused.status, 409u);
  EXPECT_EQ(Field(refused.body, "code"), "invoice_not_payable");
  EXPECT_EQ(Post("/v1/invoices/inv_nothere/apply-credit", "").status, 404u);
}

}  // namespace
}  // namespace factura::e2e
