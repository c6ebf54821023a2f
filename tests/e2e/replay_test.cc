// The read models are a function of the log: `factura replay` rebuilds them to the same query
// results, and after kill -9 in the middle of projecting, the resumed read models equal a
// rebuild.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using eventstore::testing::TempDir;
using ::testing::HasSubstr;

const std::vector<std::string> kQueries{
    "/v1/invoices?limit=100",
    "/v1/invoices?limit=100&sort=-total,number",
    "/v1/invoices?limit=100&status=paid,partially_paid,sent",
    "/v1/invoices?limit=100&search=customer",
    "/v1/invoices?limit=100&search=12",  // "Customer 0-12", "Customer 1-12", ...
    "/v1/invoices?limit=100&status=draft",
    "/v1/customers?limit=100&search=7",
    "/v1/customers?limit=100&sort=name",
    "/v1/payments?limit=100&sort=created_at",
};

// Every query's body once the read models have caught up with the log.
std::vector<std::string> Snapshot(const ServerProcess& server, const std::string& key) {
  HttpClient client(server.port());
  for (int i = 0; i < 500; ++i) {
    std::string ready = client.Get("/readyz").body;
    if (ready.find("\"read_model_lag\":0") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::vector<std::string> bodies;
  for (const std::string& query : kQueries) {
    Reply reply = client.Get(query, {{"Authorization", "Bearer " + key}});
    EXPECT_EQ(reply.status, 200u) << query << " " << reply.body;
    bodies.push_back(reply.body);
  }
  return bodies;
}

// Customers, invoices, payments and refunds from `writers` threads until `stop`.
void Write(const ServerProcess& server, const std::string& key, int writer, int rounds,
           const std::atomic<bool>* stop = nullptr) {
  std::map<std::string, std::string> auth{{"Authorization", "Bearer " + key}};
  try {
    HttpClient client(server.port());
    for (int n = 0; n < rounds && !(stop && *stop); ++n) {
      std::string tag = std::to_string(writer) + "-" + std::to_string(n);
      std::string customer = Field(
          client
              .Post("/v1/customers",
                    R"({"name":"Customer )" + tag + R"(","email":"c)" + tag + R"(@example.com"})",
                    auth)
              .body,
          "id");
      if (customer.empty()) continue;
      std::string invoice =
          Field(client
                    .Post("/v1/invoices",
                          R"({"customer_id":")" + customer +
                              R"(","line_items":[{"description":"Work","quantity":)" +
                              std::to_string(n % 7 + 1) + R"(,"unit_price":19.99}]})",
                          auth)
                    .body,
                "id");
      if (invoice.empty() || n % 3 == 0) continue;  // some stay drafts
      client.Post("/v1/invoices/" + invoice + "/send", "", auth);
      std::string payment = Field(
          client
              .Post("/v1/payments",
                    R"({"invoice_id":")" + invoice + R"(","amount":10.00,"payment_method":"card"})",
                    auth)
              .body,
          "id");
      if (!payment.empty() && n % 4 == 0) {
        client.Post("/v1/payments/" + payment + "/refund", R"({"amount":2.50})", auth);
      }
    }
  } catch (const std::exception&) {
    // killed mid-request
  }
}

TEST(ReplayTest, TwoRebuildsGiveTheQueriesTheSameResultsAsTheLiveReadModels) {
  TempDir dir;
  std::string data = dir.Sub("data");
  std::string key;
  std::vector<std::string> live;
  {
    ServerProcess server(data);
    ASSERT_TRUE(server.started());
    key = server.admin_key();
    Write(server, key, 0, 30);
    live = Snapshot(server, key);
    ASSERT_EQ(server.Terminate(), 0);
  }
  EXPECT_THAT(live[0], HasSubstr("\"total_count\":30"));
  for (int rebuild = 0; rebuild < 2; ++rebuild) {
    std::string output = RunFactura("--data-dir " + data + " replay");
    EXPECT_THAT(output, HasSubstr("Rebuilt the read models from")) << output;
    ServerProcess server(data);
    ASSERT_TRUE(server.started());
    EXPECT_EQ(Snapshot(server, key), live) << "rebuild " << rebuild;
    ASSERT_EQ(server.Terminate(), 0);
  }
}

TEST(ReplayTest, AfterKillNineDuringProjectionTheReadModelsEqualARebuild) {
  TempDir dir;
  std::string data = dir.Sub("data");
  std::string key;
  for (int round = 0; round < 3; ++round) {
    ServerProcess server(data);
    ASSERT_TRUE(server.started()) << server.output();
    if (round == 0) key = server.admin_key();
    std::atomic<bool> stop = false;
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
      writers.emplace_back([&, w] { Write(server, key, round * 10 + w, 1'000'000, &stop); });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    server.Kill();
    stop = true;
    for (auto& writer : writers) writer.join();
  }
  std::vector<std::string> resumed;
  {
    ServerProcess server(data);
    ASSERT_TRUE(server.started());
    resumed = Snapshot(server, key);
    ASSERT_EQ(server.Terminate(), 0);
  }
  EXPECT_THAT(resumed[4], ::testing::Not(HasSubstr("\"total_count\":0")));
  RunFactura("--data-dir " + data + " replay");
  ServerProcess server(data);
  ASSERT_TRUE(server.started());
  EXPECT_EQ(Snapshot(server, key), resumed);
}

}  // namespace
}  // namespace factura::e2e
