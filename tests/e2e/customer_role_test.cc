// The `customer` role (seed 002, issue 18): a user linked to one customer sees that customer's
// invoices, payments and credit notes, on every list and read they may call, and nothing else —
// other customers' resources and every other route are not found. Each row a real request.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/identity_testing.h"
#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Headers = std::map<std::string, std::string>;

TEST(CustomerRoleTest, ACustomerUserSeesTheirOwnInvoicesPaymentsAndNothingElse) {
  eventstore::testing::TempDir dir;
  ServerProcess server(dir.Sub("data"));
  ASSERT_TRUE(server.started());
  HttpClient client(server.port());
  Reply founded =
      client.Post("/v1/auth/register", R"({"email":"olga@example.com","password":")" +
                                           std::string(kPassword) + R"(","name":"Olga"})");
  ASSERT_EQ(founded.status, 201u) << founded.body;
  Headers owner = Bearer(Field(founded.body, "access_token"));

  // Two customers, each with a sent invoice and a payment on it.
  std::map<std::string, std::string> invoice, payment;
  std::string a, b;
  for (auto [name, id] : {std::pair{"Ana's Café", &a}, std::pair{"Bob's Bar", &b}}) {
    Reply customer = client.Post("/v1/customers",
                                 R"({"name":")" + std::string(name) + R"(","email":")" +
                                     std::string(name).substr(0, 3) + R"(@example.com"})",
                                 owner);
    ASSERT_EQ(customer.status, 201u) << customer.body;
    *id = Field(customer.body, "id");
    Reply drafted = client.Post("/v1/invoices",
                                R"({"customer_id":")" + *id +
                                    R"(","line_items":[{"description":"Coffee",)"
                                    R"("quantity":10,"unit_price":3.5}]})",
                                owner);
    ASSERT_EQ(drafted.status, 201u) << drafted.body;
    invoice[*id] = Field(drafted.body, "id");
    ASSERT_EQ(client.Post("/v1/invoices/" + invoice[*id] + "/send", "", owner).status, 200u);
    Reply paid = client.Post(
        "/v1/payments",
        R"({"invoice_id":")" + invoice[*id] + R"(","amount":5,"payment_method":"card"})", owner);
    ASSERT_EQ(paid.status, 201u) << paid.body;
    payment[*id] = Field(paid.body, "id");
  }

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
  Reply invited =
      invite(R"({"email":"ana@example.com","role":"customer","customer_id":")" + a + R"("})");
  ASSERT_EQ(invited.status, 201u) << invited.body;
  EXPECT_EQ(Field(invited.body, "customer_id"), a);
  Reply joined = client.Post("/v1/invitations/accept",
                             R"({"token":")" + Field(invited.body, "token") + R"(","password":")" +
                                 kPassword + R"(","name":"Ana"})");
  ASSERT_EQ(joined.status, 200u) << joined.body;
  Headers ana = Bearer(Field(joined.body, "access_token"));
  std::string ana_id = Field(joined.body, "id");

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
  // Everything else is not found: other lists, other reports, the event log, and every write.
  for (const std::string& path :
       {std::string("/v1/customers"), std::string("/v1/products"), std::string("/v1/reports/sales"),
        std::string("/v1/events"), std::string("/v1/webhooks"),
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

}  // namespace
}  // namespace factura::e2e
