// The `customer` role (seed 002, issue 18): a user linked to one customer sees that customer's
// invoices, payments and credit notes, on every list and read they may call, and nothing else —
// other customers' resources and every other route are not found. Each row a real request.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/support/identity_testing.h"
#include "tests/support/server_process.h"
#include "tests/support/sse_client.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Headers = std::map<std::string, std::string>;

// An organization with two customers, Ana's and Bob's, each with a sent invoice and a payment
// on it; Ana's invoice taxed.
class CustomerRoleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(dir_.Sub("data"));
    ASSERT_TRUE(server_->started());
    client_ = std::make_unique<HttpClient>(server_->port());
    Reply founded =
        client_->Post("/v1/auth/register", R"({"email":"olga@example.com","password":")" +
                                               std::string(kPassword) + R"(","name":"Olga"})");
    ASSERT_EQ(founded.status, 201u) << founded.body;
    owner_ = Bearer(Field(founded.body, "access_token"));
    for (auto [name, id] : {std::pair{"Ana's Café", &a_}, std::pair{"Bob's Bar", &b_}}) {
      Reply customer = client_->Post("/v1/customers",
                                     R"({"name":")" + std::string(name) + R"(","email":")" +
                                         std::string(name).substr(0, 3) + R"(@example.com"})",
                                     owner_);
      ASSERT_EQ(customer.status, 201u) << customer.body;
      *id = Field(customer.body, "id");
      std::string tax = *id == a_ ? R"(,"tax_rate":10)" : "";
      Reply drafted = client_->Post("/v1/invoices",
                                    R"({"customer_id":")" + *id +
                                        R"(","line_items":[{"description":"Coffee",)"
                                        R"("quantity":10,"unit_price":3.5)" +
                                        tax + "}]}",
                                    owner_);
      ASSERT_EQ(drafted.status, 201u) << drafted.body;
      invoice_[*id] = Field(drafted.body, "id");
      ASSERT_EQ(client_->Post("/v1/invoices/" + invoice_[*id] + "/send", "", owner_).status, 200u);
      Reply paid = client_->Post(
          "/v1/payments",
          R"({"invoice_id":")" + invoice_[*id] + R"(","amount":5,"payment_method":"card"})",
          owner_);
      ASSERT_EQ(paid.status, 201u) << paid.body;
      payment_[*id] = Field(paid.body, "id");
    }
  }

  // Ana, invited as the customer role of `customer`; her bearer headers, and her user id.
  std::pair<Headers, std::string> InviteAna(const std::string& customer) {
    Reply invited = client_->Post(
        "/v1/invitations",
        R"({"email":"ana@example.com","role":"customer","customer_id":")" + customer + R"("})",
        owner_);
    EXPECT_EQ(invited.status, 201u) << invited.body;
    EXPECT_EQ(Field(invited.body, "customer_id"), customer);
    Reply joined = client_->Post("/v1/invitations/accept",
                                 R"({"token":")" + Field(invited.body, "token") +
                                     R"(","password":")" + kPassword + R"(","name":"Ana"})");
    EXPECT_EQ(joined.status, 200u) << joined.body;
    return {Bearer(Field(joined.body, "access_token")), Field(joined.body, "id")};
  }

  eventstore::testing::TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
  Headers owner_;
  std::string a_, b_;
  std::map<std::string, std::string> invoice_, payment_;
};

TEST_F(CustomerRoleTest, ACustomerUserSeesTheirOwnInvoicesPaymentsAndNothingElse) {
  HttpClient& client = *client_;
  Headers& owner = owner_;
  const std::string &a = a_, &b = b_;
  auto& invoice = invoice_;
  auto& payment = payment_;

  // The customer role needs its customer, of this organization; no other role takes one.
  auto invite = [&](const std::string& body) {
    return client.Post("/v1/invitations", body, owner);
  };
  Reply missing = invite(R"({"email":"ana@example.com","role":"customer"})");
  EXPECT_EQ(missing.status, 422u);
  EXPECT_EQ(Field(missing.body, "code"), "customer_required");
  Reply not_allowed =
      invite(R"({"email":"ana@example.com","role":"viewer","customer_id":")" + a + R"("})");
  EXPECT_EQ(Field(not_allowed.body, "code"), "customer_not_allowed");
  Reply unknown = invite(
      R"({"email":"ana@example.com","role":"customer","customer_id":"cus_01m8nds5fs67ykd3cva4qwfhja"})");
  EXPECT_EQ(Field(unknown.body, "code"), "customer_not_found");
  auto [ana, ana_id] = InviteAna(a);

  Reply me = client.Get("/v1/me", ana);
  ASSERT_EQ(me.status, 200u) << me.body;
  EXPECT_THAT(me.body, HasSubstr(R"("roles":["customer"])"));
  EXPECT_THAT(me.body, HasSubstr(R"("customer_id":")" + a));

  // Lists hold her customer's rows alone, whatever she filters by.
  Reply invoices = client.Get("/v1/invoices", ana);
  ASSERT_EQ(invoices.status, 200u) << invoices.body;
  EXPECT_THAT(invoices.body, HasSubstr(invoice[a]));
  EXPECT_THAT(invoices.body, Not(HasSubstr(invoice[b])));
  EXPECT_EQ(AnyField(invoices.body, "total_count"), "1");
  Reply filtered = client.Get("/v1/invoices?customer_id=" + b, ana);
  EXPECT_THAT(filtered.body, Not(HasSubstr(invoice[b])));
  Reply payments = client.Get("/v1/payments", ana);
  ASSERT_EQ(payments.status, 200u) << payments.body;
  EXPECT_THAT(payments.body, HasSubstr(payment[a]));
  EXPECT_THAT(payments.body, Not(HasSubstr(payment[b])));
  EXPECT_EQ(client.Get("/v1/credit-notes", ana).status, 200u);

  // Reads by id: hers, and another customer's as if it did not exist.
  EXPECT_EQ(client.Get("/v1/invoices/" + invoice[a], ana).status, 200u);
  EXPECT_EQ(client.Get("/v1/payments/" + payment[a], ana).status, 200u);
  EXPECT_EQ(client.Get("/v1/customers/" + a, ana).status, 200u);
  // Her statement: the aging report holds her customer alone.
  Reply aging = client.Get("/v1/reports/aging", ana);
  ASSERT_EQ(aging.status, 200u) << aging.body;
  EXPECT_THAT(aging.body, HasSubstr(a));
  EXPECT_THAT(aging.body, Not(HasSubstr(b)));
  Reply own = client.Get("/v1/customers/" + a + "/invoices", ana);
  EXPECT_EQ(own.status, 200u);
  EXPECT_THAT(own.body, HasSubstr(invoice[a]));
  for (const std::string& path :
       {"/v1/invoices/" + invoice[b], "/v1/payments/" + payment[b], "/v1/customers/" + b}) {
    EXPECT_EQ(client.Get(path, ana).status, 404u) << path;
  }
  // Everything else is not found: other lists, other customers' invoices, and every write.
  for (const std::string& path :
       {std::string("/v1/customers"), std::string("/v1/products"), std::string("/v1/webhooks"),
        std::string("/v1/tax-rates"), std::string("/v1/api-keys"),
        "/v1/customers/" + b + "/invoices"}) {
    Reply refused = client.Get(path, ana);
    EXPECT_EQ(refused.status, 404u) << path;
    EXPECT_EQ(Field(refused.body, "code"), "route_not_found") << path;
  }
  EXPECT_EQ(client
                .Post("/v1/invoices",
                      R"({"customer_id":")" + a +
                          R"(","line_items":[{"description":"x","quantity":1,"unit_price":1}]})",
                      ana)
                .status,
            404u);
  EXPECT_EQ(client.Post("/v1/invoices/" + invoice[a] + "/void", "", ana).status, 404u);

  // Made a viewer, she is linked to no customer and sees the organization's invoices.
  Reply changed = client.Send(boost::beast::http::verb::patch, "/v1/users/" + ana_id,
                              R"({"role":"viewer"})", owner);
  ASSERT_EQ(changed.status, 200u) << changed.body;
  EXPECT_EQ(AnyField(changed.body, "customer_id"), "null");
  EXPECT_EQ(client.Get("/v1/invoices/" + invoice[b], ana).status, 200u);
  // And back: a customer again, of the other customer.
  changed = client.Send(boost::beast::http::verb::patch, "/v1/users/" + ana_id,
                        R"({"role":"customer","customer_id":")" + b + R"("})", owner);
  ASSERT_EQ(changed.status, 200u) << changed.body;
  EXPECT_EQ(client.Get("/v1/invoices/" + invoice[b], ana).status, 200u);
  EXPECT_EQ(client.Get("/v1/invoices/" + invoice[a], ana).status, 404u);
}

// Every report, the dashboard and the event log (list, read, stream) are of her customer alone:
// the figures are what the organization's would be with Bob's invoice taken out.
TEST_F(CustomerRoleTest, ReportsDashboardAndEventsAreOfTheirCustomerAlone) {
  auto [ana, ana_id] = InviteAna(a_);
  HttpClient& client = *client_;
  std::string today = Field(client.Get("/v1/invoices/" + invoice_[a_], owner_).body, "issue_date");
  std::string range = "?start_date=" + today + "&end_date=" + today;

  // Sales: the owner sees 2 invoices (35 + 38.50), Ana one (38.50 with its tax).
  Reply all_sales = client.Get("/v1/reports/sales" + range + "&group_by=customer", owner_);
  ASSERT_EQ(all_sales.status, 200u) << all_sales.body;
  EXPECT_THAT(all_sales.body, HasSubstr(b_));
  Reply sales = client.Get("/v1/reports/sales" + range + "&group_by=customer", ana);
  ASSERT_EQ(sales.status, 200u) << sales.body;
  EXPECT_THAT(sales.body, HasSubstr(a_));
  EXPECT_THAT(sales.body, Not(HasSubstr(b_)));
  EXPECT_THAT(sales.body, HasSubstr(R"("invoices_count":1)"));
  EXPECT_THAT(sales.body, HasSubstr(R"("total_invoiced":38.50)"));

  // Tax: only Ana's invoice carries tax; collected on her 35.00 of sales.
  Reply tax = client.Get("/v1/reports/tax" + range, ana);
  ASSERT_EQ(tax.status, 200u) << tax.body;
  EXPECT_THAT(tax.body, HasSubstr(R"("total_tax_collected":3.50)"));
  EXPECT_THAT(tax.body, HasSubstr(R"("invoice_count":1)"));

  // The dashboard: her 33.50 outstanding, one active customer (hers), one invoice sent.
  Reply metrics = client.Get("/v1/dashboard/metrics", ana);
  ASSERT_EQ(metrics.status, 200u) << metrics.body;
  EXPECT_THAT(metrics.body,
              HasSubstr(R"("outstanding_invoices":[{"currency":"USD","amount":33.50}])"));
  EXPECT_THAT(metrics.body, HasSubstr(R"("active_customers":1)"));
  EXPECT_THAT(metrics.body, HasSubstr(R"("invoices_sent_this_month":1)"));
  Reply owners = client.Get("/v1/dashboard/metrics", owner_);
  EXPECT_THAT(owners.body, HasSubstr(R"("active_customers":2)"));
  EXPECT_THAT(owners.body, HasSubstr(R"("invoices_sent_this_month":2)"));
  Reply status = client.Get("/v1/dashboard/invoice-status", ana);
  ASSERT_EQ(status.status, 200u) << status.body;
  EXPECT_THAT(status.body, HasSubstr(R"("partially_paid":{"count":1,)"));
  Reply trend = client.Get("/v1/dashboard/revenue-trend?months=1", ana);
  ASSERT_EQ(trend.status, 200u) << trend.body;
  EXPECT_THAT(trend.body, HasSubstr(R"("revenue":[{"currency":"USD","amount":5.00}])"));
  EXPECT_THAT(trend.body, HasSubstr(R"("invoice_count":1)"));

  // The event log: her customer's, her invoice's and her payment's events; none of Bob's.
  Reply events = client.Get("/v1/events?limit=100", ana);
  ASSERT_EQ(events.status, 200u) << events.body;
  for (const std::string& id : {a_, invoice_[a_], payment_[a_]}) {
    EXPECT_THAT(events.body, HasSubstr(id)) << id;
  }
  for (const std::string& id : {b_, invoice_[b_], payment_[b_]}) {
    EXPECT_THAT(events.body, Not(HasSubstr(id))) << id;
  }
  // The owner may ask for one customer's events; Bob's first one is not Ana's to read.
  Reply bobs = client.Get("/v1/events?customer_id=" + b_ + "&sort=position", owner_);
  ASSERT_EQ(bobs.status, 200u) << bobs.body;
  EXPECT_THAT(bobs.body, HasSubstr(invoice_[b_]));
  EXPECT_THAT(bobs.body, Not(HasSubstr(invoice_[a_])));
  std::string bob_event = Field(bobs.body, "id");
  ASSERT_TRUE(bob_event.starts_with("evt_")) << bobs.body;
  EXPECT_EQ(client.Get("/v1/events/" + bob_event, owner_).status, 200u);
  EXPECT_EQ(client.Get("/v1/events/" + bob_event, ana).status, 404u);
  std::string ana_event = Field(events.body, "id");
  EXPECT_EQ(client.Get("/v1/events/" + ana_event, ana).status, 200u);

  // The live stream: from the start, her events alone, then a new one of hers, not Bob's.
  std::string token = ana.at("Authorization").substr(7);
  SseClient stream(server_->port(), "/v1/events/stream", token);
  ASSERT_EQ(stream.status(), 200u);
  ASSERT_EQ(
      client
          .Post("/v1/payments",
                R"({"invoice_id":")" + invoice_[b_] + R"(","amount":1,"payment_method":"card"})",
                owner_)
          .status,
      201u);
  Reply second = client.Post(
      "/v1/payments",
      R"({"invoice_id":")" + invoice_[a_] + R"(","amount":1,"payment_method":"card"})", owner_);
  ASSERT_EQ(second.status, 201u);
  std::string second_payment = Field(second.body, "id");
  ASSERT_TRUE(stream.ReadUntil([&](const std::vector<SseFrame>& frames) {
    return std::any_of(frames.begin(), frames.end(), [&](const SseFrame& frame) {
      return frame.data.find(second_payment) != std::string::npos;
    });
  })) << "her new payment's event never came";
  for (const SseFrame& frame : stream.Events()) {
    EXPECT_EQ(frame.data.find(b_), std::string::npos) << frame.data;
    EXPECT_EQ(frame.data.find(invoice_[b_]), std::string::npos) << frame.data;
  }
  EXPECT_GE(stream.Events().size(), 6u);
}

}  // namespace
}  // namespace factura::e2e
