// The overdue scheduler: an issued invoice past its due date with an amount due becomes overdue
// through an InvoiceOverdue event (in its history and in lists); others are left alone.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using eventstore::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(OverdueTest, PastDueInvoicesWithAnAmountDueBecomeOverdueAndNoOthers) {
  TempDir dir;
  std::string config = dir.Sub("fast.toml");
  FILE* file = std::fopen(config.c_str(), "w");
  std::fputs("overdue_interval_ms = 100\n", file);
  std::fclose(file);
  ServerProcess server(dir.Sub("data"), {"--config", config});
  ASSERT_TRUE(server.started()) << server.output();
  std::map<std::string, std::string> auth{{"Authorization", "Bearer " + server.admin_key()}};
  HttpClient client(server.port());
  std::string customer = Field(
      client.Post("/v1/customers", R"({"name":"ACME","email":"a@acme.com"})", auth).body, "id");
  auto issued = [&](const std::string& due_date) {
    std::string id = Field(
        client
            .Post("/v1/invoices",
                  R"({"customer_id":")" + customer + R"(","issue_date":"2025-01-01","due_date":")" +
                      due_date +
                      R"(","line_items":[{"description":"Work","quantity":1,"unit_price":100}]})",
                  auth)
            .body,
        "id");
    EXPECT_EQ(client.Post("/v1/invoices/" + id + "/send", "", auth).status, 200u);
    return id;
  };
  std::string late = issued("2025-01-31");
  std::string future = issued("2099-12-31");
  std::string paid = issued("2025-01-31");
  ASSERT_EQ(
      client
          .Post("/v1/payments",
                R"({"invoice_id":")" + paid + R"(","amount":100,"payment_method":"card"})", auth)
          .status,
      201u);
  std::string draft = Field(
      client
          .Post(
              "/v1/invoices",
              R"({"customer_id":")" + customer +
                  R"(","issue_date":"2025-01-01","due_date":"2025-01-31","line_items":[{"description":"Work","quantity":1,"unit_price":100}]})",
              auth)
          .body,
      "id");

  std::string status;
  for (int i = 0; i < 100 && status != "overdue"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    status = Field(client.Get("/v1/invoices/" + late, auth).body, "status");
  }
  ASSERT_EQ(status, "overdue");
  std::string history = client.Get("/v1/invoices/" + late + "/history", auth).body;
  EXPECT_THAT(history, HasSubstr(R"("type":"InvoiceOverdue")"));
  EXPECT_THAT(history, HasSubstr(R"("actor":"system:overdue")"));
  // The scheduler's write is not this client's: the list shows it once the projector has it.
  std::string overdue_list;
  for (int i = 0; i < 100 && overdue_list.find(late) == std::string::npos; ++i) {
    overdue_list = client.Get("/v1/invoices?status=overdue", auth).body;
    if (overdue_list.find(late) == std::string::npos) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  EXPECT_THAT(overdue_list, HasSubstr(late));
  EXPECT_THAT(overdue_list, HasSubstr(R"("total_count":1)"));
  // A few more rounds change nothing else, and mark nothing twice.
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_EQ(Field(client.Get("/v1/invoices/" + future, auth).body, "status"), "sent");
  EXPECT_EQ(Field(client.Get("/v1/invoices/" + paid, auth).body, "status"), "paid");
  EXPECT_EQ(Field(client.Get("/v1/invoices/" + draft, auth).body, "status"), "draft");
  history = client.Get("/v1/invoices/" + late + "/history", auth).body;
  EXPECT_EQ(history.find("InvoiceOverdue"), history.rfind("InvoiceOverdue"));
  // Paying the rest ends it.
  ASSERT_EQ(
      client
          .Post("/v1/payments",
                R"({"invoice_id":")" + late + R"(","amount":100,"payment_method":"card"})", auth)
          .status,
      201u);
  EXPECT_EQ(Field(client.Get("/v1/invoices/" + late, auth).body, "status"), "paid");
  EXPECT_THAT(client.Get("/v1/invoices?status=overdue", auth).body, Not(HasSubstr(late)));
}

}  // namespace
}  // namespace factura::e2e
