// Reads by id are served from a cache of durable states: every acknowledged write must be
// visible to the next read, from the same client or another, and the cache must never show a
// state the log does not have.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using eventstore::testing::TempDir;
using ::testing::HasSubstr;

TEST(ReadsAfterWritesTest, EveryAcknowledgedUpdateIsVisibleToTheNextRead) {
  TempDir dir;
  ServerProcess server(dir.Sub("data"));
  ASSERT_TRUE(server.started());
  std::map<std::string, std::string> auth{{"Authorization", "Bearer " + server.admin_key()}};
  constexpr int kClients = 4;
  constexpr int kRounds = 40;
  std::vector<std::thread> clients;
  std::atomic<int> failures{0};
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      HttpClient writer(server.port());
      HttpClient reader(server.port());
      Reply created =
          writer.Post("/v1/customers", R"({"name":"client )" + std::to_string(c) + R"("})", auth);
      std::string id = AnyField(created.body, "id");
      for (int round = 0; round < kRounds; ++round) {
        reader.Get("/v1/customers/" + id, auth);  // caches the state before the write
        std::string name = "c" + std::to_string(c) + " r" + std::to_string(round);
        Reply updated = writer.Send(boost::beast::http::verb::patch, "/v1/customers/" + id,
                                    R"({"name":")" + name + R"("})", auth);
        Reply read = reader.Get("/v1/customers/" + id, auth);
        if (updated.status != 200 || AnyField(read.body, "name") != name ||
            AnyField(read.body, "version") != AnyField(updated.body, "version")) {
          ++failures;
        }
      }
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(ReadsAfterWritesTest, AnInvoiceReadShowsEachPaymentAndRefundAsSoonAsItIsAcknowledged) {
  TempDir dir;
  ServerProcess server(dir.Sub("data"));
  ASSERT_TRUE(server.started());
  std::map<std::string, std::string> auth{{"Authorization", "Bearer " + server.admin_key()}};
  HttpClient client(server.port());
  std::string customer = AnyField(
      client.Post("/v1/customers", R"({"name":"ACME","email":"billing@acme.com"})", auth).body,
      "id");
  std::string invoice = AnyField(
      client
          .Post(
              "/v1/invoices",
              R"({"customer_id":")" + customer +
                  R"(","currency":"USD","line_items":[{"description":"Work","quantity":1,"unit_price":100.00}]})",
              auth)
          .body,
      "id");
  EXPECT_EQ(AnyField(client.Get("/v1/invoices/" + invoice, auth).body, "status"), "draft");
  ASSERT_EQ(client.Post("/v1/invoices/" + invoice + "/send", "", auth).status, 200u);
  EXPECT_EQ(AnyField(client.Get("/v1/invoices/" + invoice, auth).body, "status"), "sent");
  std::string payment_id;
  for (int i = 1; i <= 4; ++i) {
    Reply paid = client.Post(
        "/v1/payments",
        R"({"invoice_id":")" + invoice + R"(","amount":25.00,"payment_method":"card"})", auth);
    ASSERT_EQ(paid.status, 201u) << paid.body;
    payment_id = AnyField(paid.body, "id");
    Reply read = client.Get("/v1/invoices/" + invoice, auth);
    EXPECT_EQ(AnyField(read.body, "amount_paid"), std::to_string(25 * i) + ".00");
    EXPECT_EQ(AnyField(client.Get("/v1/payments/" + payment_id, auth).body, "status"), "succeeded");
  }
  EXPECT_EQ(AnyField(client.Get("/v1/invoices/" + invoice, auth).body, "status"), "paid");
  ASSERT_EQ(
      client.Post("/v1/payments/" + payment_id + "/refund", R"({"amount":10.00})", auth).status,
      200u);
  Reply after = client.Get("/v1/invoices/" + invoice, auth);
  EXPECT_EQ(AnyField(after.body, "status"), "partially_paid");
  EXPECT_EQ(AnyField(after.body, "amount_due"), "10.00");
  EXPECT_EQ(AnyField(client.Get("/v1/payments/" + payment_id, auth).body, "amount_refunded"),
            "10.00");
}

}  // namespace
}  // namespace factura::e2e
