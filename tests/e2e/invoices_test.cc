// /v1/invoices and /v1/payments end to end: the seed's worked example over HTTP, the state
// machine through payments and refunds, time travel, history, and rejections with their params.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using eventstore::testing::TempDir;
using ::testing::HasSubstr;
using http = boost::beast::http::verb;

class InvoicesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new ServerProcess(dir_->Sub("data"));
    key_ = server_->admin_key();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  std::map<std::string, std::string> Auth() { return {{"Authorization", "Bearer " + key_}}; }
  Reply Post(const std::string& target, const std::string& body) {
    return client_.Post(target, body, Auth());
  }
  Reply Get(const std::string& target) { return client_.Get(target, Auth()); }

  std::string NewCustomer() {
    return AnyField(
        Post("/v1/customers", R"({"name":"ACME Corporation","email":"billing@acme.com"})").body,
        "id");
  }
  // Seed 000 §4.1.1 with inline 10% tax: 40 × 150.00 + 1 × 1,200.00, 10% discount.
  std::string SeedInvoiceBody(const std::string& customer) {
    return R"({"customer_id":")" + customer +
           R"(","issue_date":"2025-01-15","due_date":"2025-02-14","currency":"USD",
               "line_items":[{"description":"Web Development Services","quantity":40,
                              "unit_price":150.00,"tax_rate":10},
                             {"description":"Annual Web Hosting","quantity":1,
                              "unit_price":1200.00,"tax_rate":10}],
               "discount_type":"percent","discount_value":10,"notes":"Payment due within 30 days",
               "terms":"Net 30"})";
  }

  static TempDir* dir_;
  static ServerProcess* server_;
  static std::string key_;
  HttpClient client_{server_->port()};
};

TempDir* InvoicesTest::dir_ = nullptr;
ServerProcess* InvoicesTest::server_ = nullptr;
std::string InvoicesTest::key_;

TEST_F(InvoicesTest, TheSeedInvoiceHasTheDesignTotalsToTheCent) {
  Reply created = Post("/v1/invoices", SeedInvoiceBody(NewCustomer()));
  ASSERT_EQ(created.status, 201u) << created.body;
  EXPECT_THAT(created.body, HasSubstr(R"("status":"draft")"));
  EXPECT_THAT(created.body, HasSubstr(R"("subtotal":7200.00)"));
  EXPECT_THAT(created.body, HasSubstr(R"("discount_total":720.00)"));
  EXPECT_THAT(created.body, HasSubstr(R"("tax_total":648.00)"));
  EXPECT_THAT(created.body, HasSubstr(R"("total":7128.00)"));
  EXPECT_THAT(created.body, HasSubstr(R"("amount_due":7128.00)"));
  EXPECT_THAT(AnyField(created.body, "number"), ::testing::MatchesRegex("INV-2025-[0-9]{4}"));
  EXPECT_EQ(Get("/v1/invoices/" + AnyField(created.body, "id")).body, created.body);
}

// Seed 000 §4.1.1 exactly as written: a tax profile, and a product line inheriting price and tax.
TEST_F(InvoicesTest, TheSeedRequestWithATaxProfileAndAProductLine) {
  Reply rate =
      Post("/v1/tax-rates", R"j({"id":"tax_gst_10","name":"GST (10%)","type":"GST","rate":10})j");
  ASSERT_EQ(rate.status, 201u) << rate.body;
  EXPECT_EQ(Post("/v1/tax-rates", R"({"id":"tax_gst_10","name":"Again","rate":5})").status, 409u);
  Reply product = Post("/v1/products", R"({"name":"Annual Web Hosting","sku":"HOST-1",
      "unit_price":1200.00,"unit":"year","tax_profile_id":"tax_gst_10","category":"Hosting"})");
  ASSERT_EQ(product.status, 201u) << product.body;
  std::string product_id = AnyField(product.body, "id");
  EXPECT_EQ(AnyField(Get("/v1/products/" + product_id).body, "unit_price"), "1200.00");

  std::string body = R"({"customer_id":")" + NewCustomer() +
                     R"(","issue_date":"2025-01-15","due_date":"2025-02-14","currency":"USD",
      "line_items":[{"description":"Web Development Services","quantity":40,"unit_price":150.00,
                     "tax_profile_id":"tax_gst_10"},{"product_id":")" +
                     product_id + R"(","quantity":1}],
      "discount_type":"percent","discount_value":10,"notes":"Payment due within 30 days",
      "terms":"Net 30"})";
  Reply invoice = Post("/v1/invoices", body);
  ASSERT_EQ(invoice.status, 201u) << invoice.body;
  EXPECT_THAT(invoice.body, HasSubstr(R"("description":"Annual Web Hosting")"));
  EXPECT_THAT(invoice.body, HasSubstr(R"("tax_profile_id":"tax_gst_10")"));
  EXPECT_THAT(invoice.body, HasSubstr(R"("tax_total":648.00,"total":7128.00)"));

  ASSERT_EQ(Post("/v1/products/" + product_id + "/archive", "").status, 200u);
  Reply archived = Post("/v1/invoices", body);
  EXPECT_EQ(archived.status, 409u);
  EXPECT_THAT(archived.body, HasSubstr(R"("param":"line_items[1].product_id")"));
}

TEST_F(InvoicesTest, SendPayRefundWalkTheStateMachine) {
  std::string invoice = AnyField(Post("/v1/invoices", SeedInvoiceBody(NewCustomer())).body, "id");
  Reply sent = Post("/v1/invoices/" + invoice + "/send", R"({"cc":["manager@acme.com"]})");
  ASSERT_EQ(sent.status, 200u) << sent.body;
  EXPECT_EQ(AnyField(sent.body, "status"), "sent");
  EXPECT_EQ(
      client_.Send(http::patch, "/v1/invoices/" + invoice, R"({"currency":"EUR"})", Auth()).status,
      409u);  // an issued invoice's amounts and currency are not edited

  Reply partial =
      Post("/v1/payments", R"({"invoice_id":")" + invoice +
                               R"(","amount":1000.00,"payment_method":"bank_transfer"})");
  ASSERT_EQ(partial.status, 201u) << partial.body;
  EXPECT_EQ(AnyField(Get("/v1/invoices/" + invoice).body, "status"), "partially_paid");
  Reply rest = Post("/v1/invoices/" + invoice + "/mark-paid", R"({"payment_method":"cash"})");
  ASSERT_EQ(rest.status, 200u) << rest.body;
  EXPECT_EQ(AnyField(rest.body, "status"), "paid");
  EXPECT_EQ(AnyField(rest.body, "amount_due"), "0.00");

  std::string payment = AnyField(partial.body, "id");
  Reply refunded = Post("/v1/payments/" + payment + "/refund", R"({"amount":250.50})");
  ASSERT_EQ(refunded.status, 200u) << refunded.body;
  EXPECT_EQ(AnyField(refunded.body, "status"), "partially_refunded");
  EXPECT_EQ(AnyField(refunded.body, "amount_refunded"), "250.50");
  Reply reopened = Get("/v1/invoices/" + invoice);
  EXPECT_EQ(AnyField(reopened.body, "status"), "partially_paid");
  EXPECT_EQ(AnyField(reopened.body, "amount_due"), "250.50");
  EXPECT_EQ(Post("/v1/payments/" + payment + "/refund", R"({"amount":749.51})").status, 422u);
  EXPECT_EQ(Post("/v1/invoices/" + invoice + "/void", "").status, 409u);  // it has payments

  Reply history = Get("/v1/invoices/" + invoice + "/history");
  EXPECT_THAT(history.body, HasSubstr("\"InvoiceIssued\""));
  EXPECT_THAT(history.body, HasSubstr("\"RefundApplied\""));
  EXPECT_THAT(history.body, HasSubstr("\"actor\":\"ak_"));
  EXPECT_THAT(history.body, HasSubstr(R"("has_more":false,"next_cursor":null)"));

  // Pages of `limit` events, continued by next_cursor, each event once, in version order.
  std::vector<std::string> versions;
  std::string cursor;
  for (int page = 0; page < 20; ++page) {
    Reply part = Get("/v1/invoices/" + invoice + "/history?limit=2" +
                     (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(part.status, 200u) << part.body;
    for (size_t at = part.body.find("\"version\":"); at != std::string::npos;
         at = part.body.find("\"version\":", at + 1)) {
      versions.push_back(AnyField(part.body.substr(at), "version"));
    }
    cursor = AnyField(part.body, "next_cursor");
    if (cursor == "null") break;
  }
  ASSERT_GE(versions.size(), 6u);
  for (size_t i = 0; i < versions.size(); ++i) EXPECT_EQ(versions[i], std::to_string(i + 1));
  EXPECT_EQ(Get("/v1/invoices/" + invoice + "/history?limit=0").status, 422u);
  EXPECT_EQ(Get("/v1/invoices/" + invoice + "/history?cursor=x").status, 422u);
}

TEST_F(InvoicesTest, AsOfShowsTheInvoiceAsItWas) {
  std::string invoice = AnyField(Post("/v1/invoices", SeedInvoiceBody(NewCustomer())).body, "id");
  ASSERT_EQ(Post("/v1/invoices/" + invoice + "/send", "").status, 200u);
  std::string history = Get("/v1/invoices/" + invoice + "/history").body;
  std::string drafted_at = AnyField(history, "recorded_at");
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(Post("/v1/invoices/" + invoice + "/void", R"({"reason":"Duplicate"})").status, 200u);
  EXPECT_EQ(AnyField(Get("/v1/invoices/" + invoice).body, "status"), "void");
  Reply then = Get("/v1/invoices/" + invoice + "?as_of=" + drafted_at);
  EXPECT_EQ(then.status, 200u);
  EXPECT_EQ(AnyField(then.body, "status"), "draft");
  EXPECT_EQ(Get("/v1/invoices/" + invoice + "?as_of=yesterday").status, 422u);
  EXPECT_EQ(Get("/v1/invoices/" + invoice + "?as_of=2000-01-01T00:00:00Z").status, 404u);
}

// Seed 002's write-off, the first view (for front ends) and manual credit adjustments, each once
// through its route.
TEST_F(InvoicesTest, ViewedWriteOffAndCreditAdjustments) {
  std::string customer = NewCustomer();
  std::string draft = AnyField(Post("/v1/invoices", SeedInvoiceBody(customer)).body, "id");
  Reply not_issued = Post("/v1/invoices/" + draft + "/viewed", "");
  EXPECT_EQ(not_issued.status, 409u) << not_issued.body;
  EXPECT_THAT(not_issued.body, HasSubstr("invoice_not_issued"));
  ASSERT_EQ(Post("/v1/invoices/" + draft + "/send", "").status, 200u);

  Reply viewed = Post("/v1/invoices/" + draft + "/viewed", "{}");
  ASSERT_EQ(viewed.status, 200u) << viewed.body;
  std::string first_view = AnyField(viewed.body, "viewed_at");
  EXPECT_FALSE(first_view.empty());
  Reply again = Post("/v1/invoices/" + draft + "/viewed", "");
  EXPECT_EQ(again.status, 200u);
  EXPECT_EQ(AnyField(again.body, "viewed_at"), first_view);  // the first view is the fact
  EXPECT_EQ(Post("/v1/invoices/" + draft + "/viewed", R"({"at":"now"})").status, 400u);
  EXPECT_THAT(Get("/v1/events?type=invoice.viewed").body,
              HasSubstr(R"("data":{"object":{"id":")" + draft));

  Reply written_off = Post("/v1/invoices/" + draft + "/mark-uncollectible",
                           R"({"reason":"Customer went out of business"})");
  ASSERT_EQ(written_off.status, 200u) << written_off.body;
  EXPECT_EQ(AnyField(written_off.body, "status"), "uncollectible");
  Reply twice = Post("/v1/invoices/" + draft + "/mark-uncollectible", "");
  EXPECT_EQ(twice.status, 409u) << twice.body;

  std::string adjust = "/v1/customers/" + customer + "/credit-adjustments";
  std::map<std::string, std::string> once = Auth();
  once["Idempotency-Key"] = "goodwill-1";
  Reply credited =
      client_.Post(adjust, R"({"amount":25.00,"currency":"USD","reason":"Goodwill"})", once);
  ASSERT_EQ(credited.status, 200u) << credited.body;
  // The same key again adjusts nothing more.
  Reply replayed =
      client_.Post(adjust, R"({"amount":25.00,"currency":"USD","reason":"Goodwill"})", once);
  EXPECT_EQ(replayed.status, 200u);
  EXPECT_EQ(replayed.Header("Idempotent-Replayed"), "true");
  EXPECT_THAT(replayed.body, HasSubstr(R"("credit_balances":[{"currency":"USD","amount":25.00}])"));
  EXPECT_THAT(credited.body, HasSubstr(R"("credit_balances":[{"currency":"USD","amount":25.00}])"));
  EXPECT_THAT(credited.body, HasSubstr(R"("balance":)"));  // shown as a read shows it
  Reply below_zero = Post(adjust, R"({"amount":-30,"currency":"USD","reason":"Correction"})");
  EXPECT_EQ(below_zero.status, 409u) << below_zero.body;
  EXPECT_THAT(below_zero.body, HasSubstr("insufficient_credit"));
  Reply no_reason = Post(adjust, R"({"amount":5,"currency":"USD"})");
  EXPECT_EQ(no_reason.status, 422u);
  EXPECT_THAT(no_reason.body, HasSubstr(R"("param":"reason")"));
  EXPECT_EQ(Post("/v1/customers/cus_nope/credit-adjustments",
                 R"({"amount":5,"currency":"USD","reason":"x"})")
                .status,
            404u);
}

TEST_F(InvoicesTest, DraftsAreEditedAndDeletedAndKeepTheirCustomer) {
  std::string customer = NewCustomer();
  std::string invoice = AnyField(Post("/v1/invoices", SeedInvoiceBody(customer)).body, "id");
  EXPECT_EQ(client_.Send(http::delete_, "/v1/customers/" + customer, "", Auth()).status, 409u);
  Reply updated = client_.Send(
      http::patch, "/v1/invoices/" + invoice,
      R"({"line_items":[{"description":"Only","quantity":2,"unit_price":9.99}],"discount_type":null,"notes":null})",
      Auth());
  ASSERT_EQ(updated.status, 200u) << updated.body;
  EXPECT_EQ(AnyField(updated.body, "total"), "19.98");
  EXPECT_EQ(AnyField(updated.body, "notes"), "null");
  EXPECT_EQ(client_.Send(http::delete_, "/v1/invoices/" + invoice, "", Auth()).status, 204u);
  EXPECT_EQ(Get("/v1/invoices/" + invoice).status, 404u);
  EXPECT_EQ(client_.Send(http::delete_, "/v1/customers/" + customer, "", Auth()).status, 204u);
}

struct Rejection {
  std::string body;
  unsigned status;
  std::string code;
  std::string param;
};

TEST_F(InvoicesTest, InvalidInvoicesAndPaymentsNameTheirField) {
  std::string customer = NewCustomer();
  auto line = [](const std::string& fields) {
    return R"(,"line_items":[{"description":"Work",)" + fields + "}]";
  };
  std::string prefix = R"({"customer_id":")" + customer + "\"";
  std::vector<Rejection> cases{
      {prefix + line(R"("quantity":0,"unit_price":1)") + "}", 422, "invalid_quantity",
       "line_items[0].quantity"},
      {prefix + line(R"("quantity":-2,"unit_price":1)") + "}", 422, "invalid_quantity",
       "line_items[0].quantity"},
      {prefix + line(R"("unit_price":10.005)") + "}", 422, "too_many_decimals",
       "line_items[0].unit_price"},
      {prefix + line(R"("unit_price":"10.00")") + "}", 422, "invalid_type",
       "line_items[0].unit_price"},
      {prefix + line(R"("unit_price":1,"colour":"red")") + "}", 400, "unknown_parameter",
       "line_items[0].colour"},
      {prefix + R"(,"currency":"ABC")" + line(R"("unit_price":1)") + "}", 422,
       "unsupported_currency", "currency"},
      {prefix + R"(,"issue_date":"2025-02-30")" + line(R"("unit_price":1)") + "}", 422,
       "invalid_date", "issue_date"},
      {prefix + R"(,"discount_type":"percent")" + line(R"("unit_price":1)") + "}", 422,
       "missing_field", "discount_value"},
      {R"({"customer_id":"cus_nobody")" + line(R"("unit_price":1)") + "}", 404,
       "customer_not_found", "customer_id"},
      {R"({"customer_id":"inv_wrongkind")" + line(R"("unit_price":1)") + "}", 422, "invalid_id",
       "customer_id"},
      {prefix + "}", 422, "line_items_required", "line_items"},
  };
  for (const Rejection& c : cases) {
    Reply reply = Post("/v1/invoices", c.body);
    EXPECT_EQ(reply.status, c.status) << c.body << " → " << reply.body;
    EXPECT_THAT(reply.body, HasSubstr("\"code\":\"" + c.code + "\"")) << c.body;
    EXPECT_THAT(reply.body, HasSubstr("\"param\":\"" + c.param + "\"")) << c.body;
  }
  std::string draft = AnyField(Post("/v1/invoices", SeedInvoiceBody(customer)).body, "id");
  Reply unpayable = Post("/v1/payments",
                         R"({"invoice_id":")" + draft + R"(","amount":1,"payment_method":"cash"})");
  EXPECT_EQ(unpayable.status, 409u);
  EXPECT_THAT(unpayable.body, HasSubstr("invoice_not_payable"));
  ASSERT_EQ(Post("/v1/invoices/" + draft + "/send", "").status, 200u);
  Reply bad_method = Post(
      "/v1/payments", R"({"invoice_id":")" + draft + R"(","amount":1,"payment_method":"gold"})");
  EXPECT_EQ(bad_method.status, 422u);
  EXPECT_THAT(bad_method.body, HasSubstr(R"("param":"payment_method")"));
  Reply euros =
      Post("/v1/payments", R"({"invoice_id":")" + draft +
                               R"(","amount":1,"currency":"EUR","payment_method":"cash"})");
  EXPECT_EQ(euros.status, 422u);
  EXPECT_THAT(euros.body, HasSubstr("currency_mismatch"));
}

// Seed 003 §7: the detail shows the customer as the invoice was addressed (not as later
// edited), the invoice-level tax with what it came to, and who drafted it; payments name their
// invoice's number and customer (seed 002), on reads and lists.
TEST_F(InvoicesTest, DetailShowsTheCustomerAtIssueTheInvoiceTaxAndItsAuthor) {
  std::string customer = AnyField(Post("/v1/customers", R"({"name":"Globex","email":"ap@globex.com",
      "tax_number":"US-123","billing_address":{"street":"1 Main St","city":"Springfield",
      "country":"US"}})")
                                      .body,
                                  "id");
  Reply created = Post("/v1/invoices", R"({"customer_id":")" + customer + R"(",
      "line_items":[{"description":"Work","quantity":1,"unit_price":1000},
                    {"description":"Parts","quantity":1,"unit_price":100,"tax_rate":0}],
      "tax":{"name":"sales_tax","rate":8.25}})");
  ASSERT_EQ(created.status, 201u) << created.body;
  std::string id = AnyField(created.body, "id");
  ASSERT_EQ(Post("/v1/invoices/" + id + "/send", "").status, 200u);
  ASSERT_EQ(client_
                .Send(http::patch, "/v1/customers/" + customer,
                      R"({"name":"Globex Renamed","tax_number":"US-999"})", Auth())
                .status,
            200u);
  std::string invoice = Get("/v1/invoices/" + id).body;
  EXPECT_THAT(invoice, HasSubstr(R"("customer":{"id":")" + customer +
                                 R"(","name":"Globex","company_name":null,"email":"ap@globex.com",)"
                                 R"("billing_address":{"street":"1 Main St","street2":null,)"
                                 R"("city":"Springfield","state":null,"postal_code":null,)"
                                 R"("country":"US"},"tax_number":"US-123"})"));
  EXPECT_THAT(invoice, HasSubstr(R"("tax":{"tax_rate_id":null,"name":"sales_tax","rate":8.25,)"
                                 R"("inclusive":false,"amount":82.50,"exempt":false,)"
                                 R"("exempt_reason":null})"));
  std::string me = Get("/v1/me").body;
  const std::string marker = R"("api_key":{"id":")";
  size_t at = me.find(marker) + marker.size();
  std::string key_id = me.substr(at, me.find('"', at) - at);
  ASSERT_THAT(key_id, ::testing::StartsWith("ak_"));
  EXPECT_EQ(AnyField(invoice, "created_by"), key_id);
  // Without an invoice-level tax, none is shown.
  Reply untaxed =
      Post("/v1/invoices", R"({"customer_id":")" + customer +
                               R"(","line_items":[{"description":"x","unit_price":1}]})");
  EXPECT_THAT(untaxed.body, HasSubstr(R"("tax":null)"));

  Reply paid = Post("/v1/payments",
                    R"({"invoice_id":")" + id + R"(","amount":100,"payment_method":"card"})");
  ASSERT_EQ(paid.status, 201u) << paid.body;
  std::string number = AnyField(invoice, "number");
  for (const std::string& body : {paid.body, Get("/v1/payments/" + AnyField(paid.body, "id")).body,
                                  Get("/v1/payments?invoice_id=" + id).body}) {
    EXPECT_THAT(body, HasSubstr(R"("invoice_number":")" + number + R"(")")) << body;
    EXPECT_THAT(body, HasSubstr(R"("customer_name":"Globex")")) << body;
  }
}

}  // namespace
}  // namespace factura::e2e
