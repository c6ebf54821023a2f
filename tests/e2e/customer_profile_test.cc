// The customer seeds 002 and 004 describe: status (no new invoices unless active), e-mails
// unique per organization, contact, type, website, notes, billing and shipping addresses changed
// field by field, and the lists' filters by status, type and outstanding balance.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using verb = boost::beast::http::verb;

class CustomerProfileTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.started()) << server_.output(); }
  std::map<std::string, std::string> Auth() {
    return {{"Authorization", "Bearer " + server_.admin_key()}};
  }
  Reply Post(const std::string& path, const std::string& body) {
    return client_.Post(path, body, Auth());
  }
  Reply Send(verb method, const std::string& path, const std::string& body) {
    return client_.Send(method, path, body, Auth());
  }
  std::string Get(const std::string& path) { return client_.Get(path, Auth()).body; }

  eventstore::testing::TempDir dir_;
  ServerProcess server_{dir_.Sub("data")};
  HttpClient client_{server_.port()};
};

TEST_F(CustomerProfileTest, ProfileFieldsAndAddressesChangedFieldByField) {
  Reply created = Post("/v1/customers", R"({"name":"Acme","email":"ap@acme.com",
      "contact_name":"Jane Roe","customer_type":"business","website":"https://acme.example.com",
      "notes":"Prefers e-mail","address":{"street":"1 Main St","city":"New York","region":"NY",
      "postal_code":"10001","country":"US"},
      "shipping_address":{"street":"9 Dock Rd","city":"Newark","country":"US"}})");
  ASSERT_EQ(created.status, 201u) << created.body;
  std::string id = Field(created.body, "id");
  EXPECT_THAT(created.body, HasSubstr(R"("contact_name":"Jane Roe","customer_type":"business",)"
                                      R"("website":"https://acme.example.com",)"
                                      R"("notes":"Prefers e-mail","shipping_address":{)"));
  EXPECT_THAT(created.body, HasSubstr(R"("billing_address":{"street":"1 Main St","street2":null,)"
                                      R"("city":"New York","state":"NY","postal_code":"10001",)"
                                      R"("country":"US"})"));
  EXPECT_THAT(created.body, HasSubstr(R"("status":"active")"));

  // Seed 004: {"address":{"city":"Boston","region":null}} changes the city, clears the region,
  // keeps the rest.
  Reply moved = Send(verb::patch, "/v1/customers/" + id,
                     R"({"address":{"city":"Boston","region":null},
                         "shipping_address":{"street2":"Gate 4"},"website":null})");
  ASSERT_EQ(moved.status, 200u) << moved.body;
  EXPECT_THAT(moved.body, HasSubstr(R"("billing_address":{"street":"1 Main St","street2":null,)"
                                    R"("city":"Boston","state":null,"postal_code":"10001",)"
                                    R"("country":"US"})"));
  EXPECT_THAT(moved.body, HasSubstr(R"("shipping_address":{"street":"9 Dock Rd",)"
                                    R"("street2":"Gate 4","city":"Newark")"));
  EXPECT_THAT(moved.body, HasSubstr(R"("website":null)"));
  // PUT replaces an address whole: what is not given is gone.
  Reply replaced = Send(verb::put, "/v1/customers/" + id,
                        R"({"billing_address":{"street":"5 Elm St","city":"Austin",
                            "country":"US"}})");
  ASSERT_EQ(replaced.status, 200u) << replaced.body;
  EXPECT_THAT(replaced.body, HasSubstr(R"("billing_address":{"street":"5 Elm St","street2":null,)"
                                       R"("city":"Austin","state":null,"postal_code":null,)"));
  // A partial change may not leave an address without what it needs; nothing is written.
  std::string head = LogHead(client_);
  struct Case {
    std::string body;
    std::string code;
    std::string param;
  };
  for (const Case& bad : std::vector<Case>{
           {R"({"billing_address":{"city":null}})", "", "billing_address.city"},
           {R"({"customer_type":"alien"})", "invalid_customer_type", "customer_type"},
           {R"({"website":"acme.com"})", "invalid_website", "website"},
           {R"({"status":"gone"})", "invalid_status", "status"},
           {R"({"status":null})", "field_not_nullable", "status"},
       }) {
    Reply refused = Send(verb::patch, "/v1/customers/" + id, bad.body);
    EXPECT_EQ(refused.status, 422u) << bad.body << " " << refused.body;
    if (!bad.code.empty()) {
      EXPECT_EQ(Field(refused.body, "code"), bad.code) << bad.body;
    }
    EXPECT_EQ(Field(refused.body, "param"), bad.param) << bad.body;
  }
  EXPECT_EQ(Send(verb::patch, "/v1/customers/" + id, R"({"shipping_address":{"floor":2}})").status,
            400u);
  EXPECT_EQ(LogHead(client_), head);
}

TEST_F(CustomerProfileTest, EmailsAreUniquePerOrganizationWhateverTheirCase) {
  std::string first =
      Field(Post("/v1/customers", R"({"name":"A","email":"ap@acme.com"})").body, "id");
  Reply again = Post("/v1/customers", R"({"name":"B","email":"AP@Acme.com"})");
  EXPECT_EQ(again.status, 409u) << again.body;
  EXPECT_EQ(Field(again.body, "code"), "email_taken");
  EXPECT_EQ(Field(again.body, "param"), "email");
  std::string second =
      Field(Post("/v1/customers", R"({"name":"B","email":"b@acme.com"})").body, "id");
  EXPECT_EQ(Send(verb::patch, "/v1/customers/" + second, R"({"email":"ap@acme.com"})").status,
            409u);
  // Its own e-mail, in another case, is no conflict; a freed e-mail may be taken.
  EXPECT_EQ(Send(verb::patch, "/v1/customers/" + first, R"({"email":"AP@acme.com"})").status, 200u);
  ASSERT_EQ(Send(verb::patch, "/v1/customers/" + first, R"({"email":"old@acme.com"})").status,
            200u);
  EXPECT_EQ(Send(verb::patch, "/v1/customers/" + second, R"({"email":"ap@acme.com"})").status,
            200u);
  ASSERT_EQ(Send(verb::delete_, "/v1/customers/" + first, "").status, 204u);
  EXPECT_EQ(Post("/v1/customers", R"({"name":"C","email":"old@acme.com"})").status, 201u);
  // The index is rebuilt from the log on a restart.
  server_.Terminate();
  ServerProcess again_server(dir_.Sub("data"));
  ASSERT_TRUE(again_server.started());
  HttpClient fresh(again_server.port());
  EXPECT_EQ(fresh.Post("/v1/customers", R"({"name":"D","email":"AP@ACME.COM"})", Auth()).status,
            409u);
}

TEST_F(CustomerProfileTest, OnlyActiveCustomersGetNewInvoicesAndListsFilterByStatusTypeAndDue) {
  std::string owing = Field(Post("/v1/customers", R"({"name":"Owing","email":"o@x.com",
      "customer_type":"residential"})")
                                .body,
                            "id");
  std::string idle = Field(Post("/v1/customers", R"({"name":"Idle","email":"i@x.com",
      "customer_type":"commercial"})")
                               .body,
                           "id");
  std::string invoice = Field(
      Post("/v1/invoices", R"({"customer_id":")" + owing + R"(","total":50,"auto_send":true})")
          .body,
      "id");
  ASSERT_THAT(invoice, ::testing::StartsWith("inv_"));
  ASSERT_EQ(Send(verb::patch, "/v1/customers/" + idle, R"({"status":"suspended"})").status, 200u);
  Reply refused = Post("/v1/invoices", R"({"customer_id":")" + idle + R"(","total":5})");
  EXPECT_EQ(refused.status, 409u) << refused.body;
  EXPECT_EQ(Field(refused.body, "code"), "customer_not_active");
  EXPECT_EQ(Field(refused.body, "param"), "customer_id");

  std::string due = Get("/v1/customers?has_outstanding_balance=true");
  EXPECT_THAT(due, HasSubstr(owing));
  EXPECT_THAT(due, Not(HasSubstr(idle)));
  std::string clear = Get("/v1/customers?has_outstanding_balance=false");
  EXPECT_THAT(clear, HasSubstr(idle));
  EXPECT_THAT(clear, Not(HasSubstr(owing)));
  EXPECT_THAT(Get("/v1/customers?status=suspended"), HasSubstr(idle));
  EXPECT_THAT(Get("/v1/customers?status=active"), Not(HasSubstr(idle)));
  EXPECT_THAT(Get("/v1/customers"), HasSubstr(idle));  // every customer not deleted
  EXPECT_THAT(Get("/v1/customers?customer_type=residential"), Not(HasSubstr(idle)));
  EXPECT_EQ(client_.Get("/v1/customers?has_outstanding_balance=maybe", Auth()).status, 422u);
  // Once paid, nothing is outstanding.
  Reply paid = Post("/v1/invoices/" + invoice + "/mark-paid", R"({"payment_method":"cash"})");
  ASSERT_EQ(paid.status, 200u);
  EXPECT_THAT(Get("/v1/customers?has_outstanding_balance=true"), Not(HasSubstr(owing)));
  // Refunded whole, the invoice is `refunded`, not open: the filter agrees with the balance.
  std::string payment = Field(paid.body.substr(paid.body.find(R"("payment":{)")), "id");
  ASSERT_EQ(Post("/v1/payments/" + payment + "/refund", R"({"amount":50})").status, 200u);
  EXPECT_EQ(Field(Get("/v1/invoices/" + invoice), "status"), "refunded");
  EXPECT_THAT(Get("/v1/customers/" + owing), HasSubstr(R"("balance":0.00)"));
  EXPECT_THAT(Get("/v1/customers?has_outstanding_balance=true"), Not(HasSubstr(owing)));
}

// A credit limit (seed 004) bounds what the customer may owe at once: issuing an invoice that
// would pass it is refused; paying makes room again.
TEST_F(CustomerProfileTest, ACreditLimitRefusesAnInvoiceThatWouldPassIt) {
  EXPECT_EQ(Field(Post("/v1/customers", R"({"name":"X","credit_limit":100})").body, "param"),
            "credit_limit");  // no currency to hold it in
  Reply created =
      Post("/v1/customers", R"({"name":"Limited","currency":"USD","credit_limit":100})");
  ASSERT_EQ(created.status, 201u) << created.body;
  EXPECT_THAT(created.body, HasSubstr(R"("credit_limit":100.00)"));
  std::string customer = Field(created.body, "id");
  auto invoice = [&](const std::string& total) {
    return Field(
        Post("/v1/invoices", R"({"customer_id":")" + customer + R"(","total":)" + total + "}").body,
        "id");
  };
  std::string first = invoice("60"), second = invoice("40.01"), third = invoice("40");
  ASSERT_EQ(Post("/v1/invoices/" + first + "/send", R"({"to":["a@x.com"]})").status, 200u);
  Reply over = Post("/v1/invoices/" + second + "/send", R"({"to":["a@x.com"]})");
  EXPECT_EQ(over.status, 409u) << over.body;
  EXPECT_EQ(Field(over.body, "code"), "credit_limit_exceeded");
  EXPECT_EQ(Field(over.body, "param"), "customer_id");
  EXPECT_EQ(Field(Get("/v1/invoices/" + second), "status"), "draft");  // nothing recorded
  ASSERT_EQ(Post("/v1/invoices/" + third + "/send", R"({"to":["a@x.com"]})").status, 200u);
  // Paying the first makes room; lifting the limit removes the check.
  ASSERT_EQ(Post("/v1/invoices/" + first + "/mark-paid", R"({"payment_method":"cash"})").status,
            200u);
  EXPECT_EQ(Post("/v1/invoices/" + second + "/send", R"({"to":["a@x.com"]})").status, 200u);
  std::string fourth = invoice("1000");
  EXPECT_EQ(Post("/v1/invoices/" + fourth + "/send", R"({"to":["a@x.com"]})").status, 409u);
  ASSERT_EQ(Send(verb::patch, "/v1/customers/" + customer, R"({"credit_limit":null})").status,
            200u);
  EXPECT_EQ(Post("/v1/invoices/" + fourth + "/send", R"({"to":["a@x.com"]})").status, 200u);
  EXPECT_EQ(
      Field(Send(verb::patch, "/v1/customers/" + customer, R"({"credit_limit":0})").body, "code"),
      "invalid_credit_limit");
}

}  // namespace
}  // namespace factura::e2e
