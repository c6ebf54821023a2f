// /v1/customers and /v1/me end to end: success paths, partial updates, optimistic concurrency,
// the auth matrix, tenancy, bad input, idempotency, and durability across kill -9.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>
#include <thread>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using eventstore::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;
using http = boost::beast::http::verb;

constexpr const char* kAcme =
    R"({"name":"ACME Corporation","company_name":"ACME Corporation","email":"billing@acme.com",
        "phone":"+1-555-0100","billing_address":{"street":"123 Main Street","city":"San Francisco",
        "state":"CA","postal_code":"94105","country":"US"},"payment_terms":30,"currency":"USD",
        "tax_number":"12-3456789"})";

// One server for the suite: first started to bootstrap, stopped to add a read-only key and a
// second organization offline, then started again.
class CustomersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    std::string data = dir_->Sub("data");
    {
      ServerProcess first(data);
      admin_key_ = first.admin_key();
      organization_id_ = first.organization_id();
      first.Terminate();
    }
    std::istringstream reader(RunFactura("--data-dir " + data + " keys create --org " +
                                         organization_id_ + " --scopes customers:read"));
    std::string ignored;
    reader >> ignored >> ignored >> reader_key_;
    std::istringstream other(RunFactura("--data-dir " + data +
                                        " keys create --new-org Other --scopes customers:read,"
                                        "customers:write"));
    other >> ignored >> ignored >> other_key_;
    server_ = new ServerProcess(data);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  std::map<std::string, std::string> Auth(const std::string& key = admin_key_) {
    return {{"Authorization", "Bearer " + key}};
  }
  Reply Create(HttpClient& client, const std::string& body = kAcme,
               std::map<std::string, std::string> headers = {}) {
    headers.merge(Auth());
    return client.Post("/v1/customers", body, headers);
  }

  static TempDir* dir_;
  static ServerProcess* server_;
  static std::string admin_key_, reader_key_, other_key_, organization_id_;
};

TempDir* CustomersTest::dir_ = nullptr;
ServerProcess* CustomersTest::server_ = nullptr;
std::string CustomersTest::admin_key_, CustomersTest::reader_key_, CustomersTest::other_key_,
    CustomersTest::organization_id_;

TEST_F(CustomersTest, TheBootstrapKeySeesItsOrganization) {
  ASSERT_TRUE(server_->started());
  ASSERT_THAT(admin_key_, ::testing::StartsWith("sk_"));
  HttpClient client(server_->port());
  Reply me = client.Get("/v1/me", Auth());
  EXPECT_EQ(me.status, 200u);
  EXPECT_THAT(me.body, HasSubstr(organization_id_));
  EXPECT_THAT(me.body, HasSubstr("\"customers:write\""));
  EXPECT_THAT(server_->output(), Not(HasSubstr("sk_")));  // the key is printed once only
}

TEST_F(CustomersTest, CreateRetrieveUpdateDelete) {
  HttpClient client(server_->port());
  Reply created = Create(client);
  ASSERT_EQ(created.status, 201u) << created.body;
  EXPECT_FALSE(created.Header("X-Event-Position").empty());
  std::string id = Field(created.body, "id");
  EXPECT_THAT(id, ::testing::StartsWith("cus_"));
  EXPECT_THAT(created.body, HasSubstr(R"("billing_address":{"street":"123 Main Street")"));

  Reply read = client.Get("/v1/customers/" + id, Auth());
  EXPECT_EQ(read.status, 200u);
  EXPECT_EQ(read.body, created.body);

  auto headers = Auth();
  headers["If-Match"] = "1";
  Reply patched = client.Send(http::patch, "/v1/customers/" + id,
                              R"({"phone":null,"email":"ap@acme.com"})", headers);
  ASSERT_EQ(patched.status, 200u) << patched.body;
  EXPECT_THAT(patched.body, HasSubstr(R"("phone":null)"));
  EXPECT_THAT(patched.body, HasSubstr(R"("email":"ap@acme.com")"));
  EXPECT_THAT(patched.body, HasSubstr(R"("tax_number":"12-3456789")"));  // omitted: unchanged
  EXPECT_THAT(patched.body, HasSubstr(R"("version":2)"));

  Reply stale = client.Send(http::put, "/v1/customers/" + id, R"({"name":"X"})", headers);
  EXPECT_EQ(stale.status, 409u);
  EXPECT_THAT(stale.body, HasSubstr("version_mismatch"));

  EXPECT_EQ(client.Send(http::delete_, "/v1/customers/" + id, "", Auth()).status, 204u);
  EXPECT_EQ(client.Get("/v1/customers/" + id, Auth()).status, 404u);
}

TEST_F(CustomersTest, AuthMatrix) {
  HttpClient client(server_->port());
  std::string id = Field(Create(client).body, "id");
  struct Case {
    std::map<std::string, std::string> headers;
    unsigned get_status, post_status;
    std::string code;
  };
  std::vector<Case> cases{
      {{}, 401, 401, "missing_api_key"},
      {{{"Authorization", "Bearer sk_nope"}}, 401, 401, "invalid_api_key"},
      {{{"Authorization", "Basic abc"}}, 401, 401, "invalid_api_key"},
      {Auth(reader_key_), 200, 403, "missing_scope"},
      {Auth(other_key_), 404, 201, ""},  // another organization's id is a 404, never a 403
  };
  for (const Case& c : cases) {
    Reply get = client.Get("/v1/customers/" + id, c.headers);
    EXPECT_EQ(get.status, c.get_status) << get.body;
    Reply post = client.Post("/v1/customers", kAcme, c.headers);
    EXPECT_EQ(post.status, c.post_status) << post.body;
    if (!c.code.empty() && c.post_status >= 400) {
      EXPECT_THAT(post.body, HasSubstr(c.code));
    }
  }
}

struct BadInput {
  std::string body;
  std::map<std::string, std::string> headers;
  unsigned status;
  std::string code;
  std::string param;
};

TEST_F(CustomersTest, BadInputGetsAClearErrorAndWritesNothing) {
  HttpClient client(server_->port());
  std::string before = LogHead(client);
  std::vector<BadInput> cases{
      {R"({"name":"A")", {}, 400, "malformed_json", ""},
      {R"({"name":"A",})", {}, 400, "malformed_json", ""},
      {R"(["name"])", {}, 400, "invalid_body", ""},
      {R"({"name":"A","admin":true})", {}, 400, "unknown_parameter", "admin"},
      {R"({"name":"A","billing_address":{"street":"s","city":"c","country":"US","x":1}})",
       {},
       400,
       "unknown_parameter",
       "billing_address.x"},
      {R"({"name":42})", {}, 422, "invalid_type", "name"},
      {R"({"name":"A","payment_terms":"30"})", {}, 422, "invalid_type", "payment_terms"},
      {R"({"name":"A","payment_terms":1.5})", {}, 422, "invalid_integer", "payment_terms"},
      {R"({"email":"a@b.co"})", {}, 422, "missing_field", "name"},
      {R"({"name":"A","email":"not-an-email"})", {}, 422, "invalid_email", "email"},
      {R"({"name":"A","currency":"XYZ"})", {}, 422, "unsupported_currency", "currency"},
      {R"({"name":"A","billing_address":{"street":"s","city":"c","country":"USA"}})",
       {},
       422,
       "invalid_country",
       "billing_address.country"},
      {R"({"name":"A"})", {{"Content-Type", "text/plain"}}, 415, "unsupported_media_type", ""},
      {R"({"name":)" + std::string(20, '[') + std::string(20, ']') + "}",
       {},
       400,
       "malformed_json",
       ""},
      {R"({"name":"A","company_name":{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":{"j":{"k":{"l":{"m":{"n":{"o":{"p":{"q":1}}}}}}}}}}}}}}}}}})",
       {},
       400,
       "malformed_json",
       ""},
  };
  for (const BadInput& c : cases) {
    Reply reply = Create(client, c.body, c.headers);
    EXPECT_EQ(reply.status, c.status) << c.body << " → " << reply.body;
    EXPECT_THAT(reply.body, HasSubstr("\"code\":\"" + c.code + "\"")) << c.body;
    if (!c.param.empty()) {
      EXPECT_THAT(reply.body, HasSubstr("\"param\":\"" + c.param + "\"")) << c.body;
    }
    EXPECT_THAT(reply.body, HasSubstr("\"request_id\":"));
  }
  EXPECT_EQ(LogHead(client), before) << "a refused request wrote events";
  for (std::string id : {"inv_123", "cus_..%2F..%2Fetc", "cus_a.b", "../../etc/passwd"}) {
    EXPECT_EQ(client.Get("/v1/customers/" + id, Auth()).status, 404u) << id;
  }
}

TEST_F(CustomersTest, IdempotencyReplaysTheSameResponseAndRefusesADifferentBody) {
  HttpClient client(server_->port());
  Reply first = Create(client, kAcme, {{"Idempotency-Key", "create-acme-1"}});
  ASSERT_EQ(first.status, 201u);
  Reply again = Create(client, kAcme, {{"Idempotency-Key", "create-acme-1"}});
  EXPECT_EQ(again.status, 200u);  // seed 000 §7: the cached response, 200 OK
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.Header("Idempotent-Replayed"), "true");
  EXPECT_EQ(again.Header("X-Event-Position"), first.Header("X-Event-Position"));
  Reply different = Create(client, R"({"name":"Other"})", {{"X-Idempotency-Key", "create-acme-1"}});
  EXPECT_EQ(different.status, 422u);
  EXPECT_THAT(different.body, HasSubstr("idempotency_error"));
}

TEST_F(CustomersTest, ConcurrentRequestsWithOneKeyCreateOneCustomer) {
  constexpr int kClients = 12;
  std::vector<Reply> replies(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      HttpClient client(server_->port());
      replies[static_cast<size_t>(i)] = Create(client, kAcme, {{"Idempotency-Key", "race-1"}});
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> ids;
  for (const Reply& reply : replies) {
    if (reply.status == 201u || reply.status == 200u) {  // created, or its replay
      ids.insert(Field(reply.body, "id"));
    } else {
      EXPECT_EQ(reply.status, 409u) << reply.body;  // still in flight: retry later
      EXPECT_THAT(reply.body, HasSubstr("idempotency_key_in_use"));
    }
  }
  EXPECT_EQ(ids.size(), 1u);
}

TEST(CustomersCrashTest, AcknowledgedCreatesSurviveKillNine) {
  TempDir dir;
  std::string data = dir.Sub("data");
  std::vector<std::pair<std::string, std::string>> acknowledged;  // id, body
  std::string key;
  for (int round = 0; round < 3; ++round) {
    // Unlimited: the writers send as fast as the server answers.
    ServerProcess server(data, {"--rate-limiting", "false"});
    ASSERT_TRUE(server.started()) << server.output();
    if (round == 0) key = server.admin_key();
    // Everything acknowledged before is there, exactly as acknowledged.
    HttpClient reader(server.port());
    for (const auto& [id, body] : acknowledged) {
      Reply read = reader.Get("/v1/customers/" + id, {{"Authorization", "Bearer " + key}});
      ASSERT_EQ(read.status, 200u) << id;
      ASSERT_EQ(read.body, body);
    }
    std::mutex mutex;
    std::atomic<bool> stop = false;
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
      writers.emplace_back([&, w] {
        try {
          HttpClient client(server.port());
          for (int n = 0; !stop; ++n) {
            std::string body =
                R"({"name":"Customer )" + std::to_string(w) + "-" + std::to_string(n) + R"("})";
            Reply reply = client.Post("/v1/customers", body, {{"Authorization", "Bearer " + key}});
            if (reply.status != 201u) continue;
            std::lock_guard lock(mutex);
            acknowledged.emplace_back(Field(reply.body, "id"), reply.body);
          }
        } catch (const std::exception&) {
          // the server was killed mid-request: that request was never acknowledged
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    server.Kill();
    stop = true;
    for (auto& writer : writers) writer.join();
  }
  EXPECT_GT(acknowledged.size(), 10u);
}

// Under a load of invoices and payments, kill -9 the server again and again: after each restart
// every acknowledged invoice and payment is there, each acknowledged payment is on its invoice,
// and each invoice's amount due is its total minus the payments it lists (nothing half-applied
// across the payment's and the invoice's streams). A payment in flight at the kill may or may
// not have committed; if it did, it is whole.
TEST(PaymentsCrashTest, AcknowledgedPaymentsSurviveKillNineWhole) {
  TempDir dir;
  std::string data = dir.Sub("data");
  std::string key, customer;
  struct Paid {
    std::string invoice;
    std::string payment;
  };
  std::vector<std::string> invoices;  // each for 100.00, sent
  std::vector<Paid> payments;         // each 1.00
  for (int round = 0; round < 3; ++round) {
    ServerProcess server(data, {"--rate-limiting", "false"});  // writers as fast as answered
    ASSERT_TRUE(server.started()) << server.output();
    if (round == 0) key = server.admin_key();
    std::map<std::string, std::string> auth{{"Authorization", "Bearer " + key}};
    HttpClient checker(server.port());
    if (round == 0) {
      customer = Field(
          checker.Post("/v1/customers", R"({"name":"Payer","email":"ap@payer.com"})", auth).body,
          "id");
    }
    std::map<std::string, std::string> bodies;
    for (const std::string& invoice : invoices) {
      Reply read = checker.Get("/v1/invoices/" + invoice, auth);
      ASSERT_EQ(read.status, 200u) << invoice;
      std::string listed = read.body.substr(read.body.find("\"payments\":["));
      int count = 0;
      for (size_t at = listed.find("pay_"); at != std::string::npos;
           at = listed.find("pay_", at + 1)) {
        ++count;
      }
      int cents_due = 10000 - 100 * count;
      char expected[32];
      std::snprintf(expected, sizeof expected, "\"amount_due\":%d.%02d", cents_due / 100,
                    cents_due % 100);
      ASSERT_THAT(read.body, HasSubstr(expected)) << invoice;
      bodies[invoice] = read.body;
    }
    for (const Paid& paid : payments) {
      ASSERT_EQ(checker.Get("/v1/payments/" + paid.payment, auth).status, 200u) << paid.payment;
      ASSERT_THAT(bodies[paid.invoice], HasSubstr(paid.payment));
    }
    std::mutex mutex;
    std::atomic<bool> stop = false;
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
      writers.emplace_back([&] {
        try {
          HttpClient client(server.port());
          while (!stop) {
            Reply invoice =
                client.Post("/v1/invoices",
                            R"({"customer_id":")" + customer +
                                R"(","line_items":[{"description":"Work","unit_price":100.00}]})",
                            auth);
            if (invoice.status != 201u) continue;
            std::string id = Field(invoice.body, "id");
            if (client.Post("/v1/invoices/" + id + "/send", "", auth).status != 200u) continue;
            {
              std::lock_guard lock(mutex);
              invoices.push_back(id);
            }
            for (int n = 0; n < 3 && !stop; ++n) {
              Reply payment = client.Post(
                  "/v1/payments",
                  R"({"invoice_id":")" + id + R"(","amount":1.00,"payment_method":"card"})", auth);
              if (payment.status != 201u) continue;
              std::lock_guard lock(mutex);
              payments.push_back({id, Field(payment.body, "id")});
            }
          }
        } catch (const std::exception&) {
          // killed mid-request: that request was never acknowledged
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    server.Kill();
    stop = true;
    for (auto& writer : writers) writer.join();
  }
  EXPECT_GT(payments.size(), 10u);
}

}  // namespace
}  // namespace factura::e2e

namespace factura::e2e {
namespace {

// SIGTERM under a load of writes: the server stops accepting, answers what it is serving, exits
// 0, and every request it answered 201 is there after a restart.
TEST(GracefulShutdownTest, SigtermUnderLoadAnswersInFlightWritesAndLosesNone) {
  TempDir dir;
  std::string data = dir.Sub("data");
  std::vector<std::string> acknowledged;
  std::string key;
  std::atomic<int> answered_after_sigterm = 0;
  {
    ServerProcess server(data, {"--rate-limiting", "false"});  // writers as fast as answered
    ASSERT_TRUE(server.started()) << server.output();
    key = server.admin_key();
    std::mutex mutex;
    std::atomic<bool> terminating = false;
    std::vector<std::thread> writers;
    for (int w = 0; w < 8; ++w) {
      writers.emplace_back([&, w] {
        try {
          HttpClient client(server.port());
          for (int n = 0; n < 100'000; ++n) {
            std::string body =
                R"({"name":"Customer )" + std::to_string(w) + "-" + std::to_string(n) + R"("})";
            Reply reply = client.Post("/v1/customers", body, {{"Authorization", "Bearer " + key}});
            if (terminating) ++answered_after_sigterm;
            if (reply.status != 201u) continue;
            std::lock_guard lock(mutex);
            acknowledged.push_back(Field(reply.body, "id"));
          }
        } catch (const std::exception&) {
          // the server closed the connection: the next request was never read
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    terminating = true;
    EXPECT_EQ(server.Terminate(), 0);
    for (auto& writer : writers) writer.join();
  }
  ASSERT_GT(acknowledged.size(), 10u);
  // Eight writers keep a request in flight nearly all the time: the ones in flight at SIGTERM
  // were answered, not cut off.
  EXPECT_GT(answered_after_sigterm.load(), 0);
  ServerProcess restarted(data, {"--rate-limiting", "false"});
  ASSERT_TRUE(restarted.started());
  HttpClient reader(restarted.port());
  for (const std::string& id : acknowledged) {
    ASSERT_EQ(reader.Get("/v1/customers/" + id, {{"Authorization", "Bearer " + key}}).status, 200u)
        << id;
  }
}

}  // namespace
}  // namespace factura::e2e
