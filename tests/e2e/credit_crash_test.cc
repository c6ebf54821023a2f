// kill -9 under a load of credit notes, overpayments and credit applications: each of them writes
// to several streams at once (the note or payment, the invoice, the customer's credit), and after
// every restart what was acknowledged is there and the streams agree — no credit without its
// note or payment, no amount taken off an invoice without the credit it came from.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <cmath>
#include <mutex>
#include <thread>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

namespace json = boost::json;
using eventstore::testing::TempDir;

int64_t Cents(const json::value& amount) { return std::llround(amount.to_number<double>() * 100); }

// Every item of a list, page after page, each read whole by its id (list items are summaries).
std::vector<json::object> ReadAll(HttpClient& client, const std::string& path,
                                  const std::map<std::string, std::string>& auth) {
  std::vector<json::object> items;
  std::string after;
  for (int page = 0; page < 1000; ++page) {
    std::string query = path + "?limit=100" + (after.empty() ? "" : "&starting_after=" + after);
    Reply reply = client.Get(query, auth);
    EXPECT_EQ(reply.status, 200u) << query << reply.body;
    json::object body = json::parse(reply.body).as_object();
    for (const json::value& item : body.at("data").as_array()) items.push_back(item.as_object());
    if (!body.at("has_more").as_bool() || items.empty()) break;
    after = json::value_to<std::string>(items.back().at("id"));
  }
  for (json::object& item : items) {
    Reply read = client.Get(path + "/" + json::value_to<std::string>(item.at("id")), auth);
    EXPECT_EQ(read.status, 200u) << read.body;
    item = json::parse(read.body).as_object();
  }
  return items;
}

struct Acknowledged {
  std::vector<std::string> credit_notes, payments, applications;  // applications: invoice ids
};

// What the read models show after a restart must add up across streams.
void ExpectTheStreamsAgree(HttpClient& client, const std::map<std::string, std::string>& auth,
                           const std::string& customer, const Acknowledged& acknowledged) {
  std::map<std::string, json::object> invoices;
  for (json::object& invoice : ReadAll(client, "/v1/invoices", auth)) {
    invoices[json::value_to<std::string>(invoice.at("id"))] = invoice;
  }
  std::map<std::string, int64_t> noted_off;  // per invoice: what its notes took off
  std::map<std::string, int64_t> paid_on;    // per invoice: what its payments applied
  int64_t credit_in = 0;
  std::set<std::string> notes, payments;
  for (const json::object& note : ReadAll(client, "/v1/credit-notes", auth)) {
    notes.insert(json::value_to<std::string>(note.at("id")));
    noted_off[json::value_to<std::string>(note.at("invoice_id"))] +=
        Cents(note.at("applied_to_invoice"));
    credit_in += Cents(note.at("credited_to_customer"));
  }
  for (const json::object& payment : ReadAll(client, "/v1/payments", auth)) {
    payments.insert(json::value_to<std::string>(payment.at("id")));
    paid_on[json::value_to<std::string>(payment.at("invoice_id"))] +=
        Cents(payment.at("applied_to_invoice"));
    credit_in += Cents(payment.at("credited_to_customer"));
  }
  int64_t credit_out = 0;
  for (const auto& [id, invoice] : invoices) {
    auto noted = noted_off.find(id);
    EXPECT_EQ(Cents(invoice.at("amount_credited")), noted == noted_off.end() ? 0 : noted->second)
        << id;
    credit_out += Cents(invoice.at("customer_credit_applied"));
    // What the invoice says it was paid is what its payments (another stream) say they applied.
    auto paid = paid_on.find(id);
    EXPECT_EQ(Cents(invoice.at("amount_paid")), paid == paid_on.end() ? 0 : paid->second) << id;
    EXPECT_GE(Cents(invoice.at("amount_due")), 0) << id;
  }
  json::object read = json::parse(client.Get("/v1/customers/" + customer, auth).body).as_object();
  int64_t credit = 0;
  for (const json::value& balance : read.at("credit_balances").as_array()) {
    credit += Cents(balance.as_object().at("amount"));
  }
  EXPECT_EQ(credit, credit_in - credit_out);
  for (const std::string& id : acknowledged.credit_notes) EXPECT_TRUE(notes.contains(id)) << id;
  for (const std::string& id : acknowledged.payments) EXPECT_TRUE(payments.contains(id)) << id;
  for (const std::string& id : acknowledged.applications) {
    ASSERT_TRUE(invoices.contains(id)) << id;
    EXPECT_GT(Cents(invoices[id].at("customer_credit_applied")), 0) << id;
  }
}

TEST(CreditCrashTest, CreditNotesOverpaymentsAndCreditApplicationsSurviveKillNineWhole) {
  TempDir dir;
  std::string data = dir.Sub("data");
  std::string key, customer;
  Acknowledged acknowledged;
  for (int round = 0; round < 4; ++round) {
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
    ExpectTheStreamsAgree(checker, auth, customer, acknowledged);
    if (round == 3) break;  // the last round only checks
    std::mutex mutex;
    std::atomic<bool> stop = false;
    std::vector<std::thread> writers;
    auto sent_invoice = [&](HttpClient& client, const std::string& price) -> std::string {
      Reply invoice =
          client.Post("/v1/invoices",
                      R"({"customer_id":")" + customer +
                          R"(","line_items":[{"description":"Work","unit_price":)" + price + "}]}",
                      auth);
      if (invoice.status != 201u) return "";
      std::string id = Field(invoice.body, "id");
      return client.Post("/v1/invoices/" + id + "/send", "", auth).status == 200u ? id : "";
    };
    for (int w = 0; w < 4; ++w) {
      writers.emplace_back([&] {
        try {
          HttpClient client(server.port());
          while (!stop) {
            // 100 due; a note takes 40 off; a payment of 100 pays 60 and leaves 40 in credit,
            // which pays an invoice of 30.
            std::string first = sent_invoice(client, "100");
            if (first.empty()) continue;
            Reply note = client.Post(
                "/v1/credit-notes",
                R"({"invoice_id":")" + first + R"(","amount":40,"reason":"Goodwill"})", auth);
            if (note.status != 201u) continue;
            {
              std::lock_guard lock(mutex);
              acknowledged.credit_notes.push_back(Field(note.body, "id"));
            }
            Reply payment = client.Post(
                "/v1/payments",
                R"({"invoice_id":")" + first + R"(","amount":100,"payment_method":"card"})", auth);
            if (payment.status != 201u) continue;
            {
              std::lock_guard lock(mutex);
              acknowledged.payments.push_back(Field(payment.body, "id"));
            }
            std::string second = sent_invoice(client, "30");
            if (second.empty()) continue;
            if (client.Post("/v1/invoices/" + second + "/apply-credit", "{}", auth).status ==
                200u) {
              std::lock_guard lock(mutex);
              acknowledged.applications.push_back(second);
            }
          }
        } catch (const std::exception&) {
          // killed mid-request: that request was never acknowledged
        }
      });
    }
    // Killed once the round has done some of everything (however loaded the machine), while
    // the writers are still going.
    size_t applied_before = acknowledged.applications.size();
    for (int wait = 0; wait < 300; ++wait) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      std::lock_guard lock(mutex);
      if (acknowledged.applications.size() >= applied_before + 2) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    server.Kill();
    stop = true;
    for (auto& writer : writers) writer.join();
  }
  EXPECT_GE(acknowledged.applications.size(), 6u);
}

}  // namespace
}  // namespace factura::e2e
