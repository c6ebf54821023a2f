// GET /v1/events/stream end to end: server-sent events resumed with Last-Event-ID with no gap
// and no duplicate, type filters, heartbeats, and a client that stops reading cut off with a
// final message (and able to resume from what it got).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "tests/support/server_process.h"
#include "tests/support/sse_client.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using eventstore::testing::TempDir;
using ::testing::HasSubstr;

std::string CustomerOf(const SseFrame& frame) {
  return Field(frame.data.substr(frame.data.find("\"data\":")), "id");
}

class EventStreamTest : public ::testing::Test {
 protected:
  void Start(const std::string& settings = "") {
    std::string config = dir_.Sub("factura.toml");
    FILE* file = std::fopen(config.c_str(), "w");
    std::fputs(settings.c_str(), file);
    std::fclose(file);
    server_ = std::make_unique<ServerProcess>(dir_.Sub("data"),
                                              std::vector<std::string>{"--config", config});
    ASSERT_TRUE(server_->started()) << server_->output();
    auth_ = {{"Authorization", "Bearer " + server_->admin_key()}};
    client_ = std::make_unique<HttpClient>(server_->port());
  }
  std::string Customer(const std::string& name) {
    Reply created = client_->Post("/v1/customers", R"({"name":")" + name + R"("})", auth_);
    EXPECT_EQ(created.status, 201u) << created.body;
    return Field(created.body, "id");
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::map<std::string, std::string> auth_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(EventStreamTest, ResumesFromLastEventIdWithNoGapAndNoDuplicate) {
  Start("sse_heartbeat_ms = 200\n");
  std::vector<std::string> customers;
  for (int i = 0; i < 10; ++i) customers.push_back(Customer("Before " + std::to_string(i)));

  std::vector<std::string> seen;
  std::string resume;
  {
    SseClient first(server_->port(), "/v1/events/stream?types=customer.created",
                    server_->admin_key());
    ASSERT_EQ(first.status(), 200u);
    EXPECT_EQ(first.content_type(), "text/event-stream");
    ASSERT_TRUE(first.ReadUntil([&](const auto&) { return first.Events().size() >= 10; }));
    std::vector<SseFrame> events = first.Events();
    ASSERT_EQ(events.size(), 10u);
    // Live: one more arrives on the open stream, and heartbeats keep it warm.
    customers.push_back(Customer("Live"));
    ASSERT_TRUE(first.ReadUntil([&](const auto& frames) {
      bool heartbeat = false;
      for (const SseFrame& frame : frames) heartbeat |= frame.comment;
      return heartbeat && first.Events().size() >= 11;
    }));
    // The client goes away after six events.
    events = first.Events();
    for (size_t i = 0; i < 6; ++i) seen.push_back(CustomerOf(events[i]));
    resume = events[5].id;
    EXPECT_EQ(events[0].event, "customer.created");
  }
  for (int i = 0; i < 5; ++i) customers.push_back(Customer("After " + std::to_string(i)));
  SseClient second(server_->port(), "/v1/events/stream?types=customer.created",
                   server_->admin_key(), resume);
  ASSERT_TRUE(second.ReadUntil([&](const auto&) { return second.Events().size() >= 10; }));
  for (const SseFrame& frame : second.Events()) seen.push_back(CustomerOf(frame));
  EXPECT_EQ(seen, customers);  // in order, each once
}

TEST_F(EventStreamTest, ResumesBetweenTheEventsOfOneRecordAndFiltersTypes) {
  Start();
  std::string customer = Customer("Payer");
  std::string invoice = Field(
      client_
          ->Post("/v1/invoices",
                 R"({"customer_id":")" + customer +
                     R"(","line_items":[{"description":"Work","quantity":1,"unit_price":80}]})",
                 auth_)
          .body,
      "id");
  ASSERT_EQ(client_->Post("/v1/invoices/" + invoice + "/send", R"({"to":["a@b.c"]})", auth_).status,
            200u);
  Reply payment = client_->Post(
      "/v1/payments", R"({"invoice_id":")" + invoice + R"(","amount":30,"payment_method":"cash"})",
      auth_);
  ASSERT_EQ(payment.status, 201u) << payment.body;
  // previous_attributes compare with the state before the request: sending an invoice (issued,
  // then sent) was a draft before; a partial payment was sent, with nothing paid.
  Reply sent = client_->Get("/v1/events?type=invoice.sent", auth_);
  EXPECT_THAT(sent.body, HasSubstr(R"("previous_attributes":{"status":"draft")"));
  Reply partial = client_->Get("/v1/events?type=invoice.partially_paid", auth_);
  EXPECT_THAT(partial.body,
              HasSubstr(R"("previous_attributes":{"status":"sent","amount_paid":0.00,)"));
  SseClient all(server_->port(), "/v1/events/stream?types=payment.created,payment.succeeded",
                server_->admin_key());
  ASSERT_TRUE(all.ReadUntil([&](const auto&) { return all.Events().size() >= 2; }));
  std::vector<SseFrame> events = all.Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].event, "payment.created");
  EXPECT_EQ(events[1].event, "payment.succeeded");
  std::string position = events[0].id.substr(0, events[0].id.find('.'));
  EXPECT_EQ(events[0].id, position + ".0");
  EXPECT_EQ(events[1].id, position + ".1");
  SseClient rest(server_->port(), "/v1/events/stream", server_->admin_key(), events[0].id);
  ASSERT_TRUE(rest.ReadUntil([&](const auto&) { return !rest.Events().empty(); }));
  EXPECT_EQ(rest.Events().front().event, "payment.succeeded");

  SseClient bad(server_->port(), "/v1/events/stream?after=abc", server_->admin_key());
  EXPECT_EQ(bad.status(), 422u);
  SseClient unknown(server_->port(), "/v1/events/stream?colour=red", server_->admin_key());
  EXPECT_EQ(unknown.status(), 400u);
}

// A client that stops reading is cut off once the server's bounded queue has stayed full for
// the stall timeout: the last thing it gets is an error event naming where to resume, and
// resuming from the last event it received loses nothing.
TEST_F(EventStreamTest, ASlowConsumerIsCutOffWithAFinalMessageAndCanResume) {
  Start("sse_max_buffer_bytes = 8192\nsse_stall_timeout_ms = 300\n");
  SseClient slow(server_->port(), "/v1/events/stream?types=customer.created", server_->admin_key(),
                 "", /*receive_buffer=*/4096);
  ASSERT_EQ(slow.status(), 200u);
  std::vector<std::string> customers;
  for (int i = 0; i < 400; ++i) customers.push_back(Customer("Flood " + std::to_string(i)));
  std::this_thread::sleep_for(std::chrono::seconds(1));  // the stall timeout passes unread
  slow.ReadUntil([&](const auto&) { return slow.ended(); });
  EXPECT_TRUE(slow.ended());
  ASSERT_FALSE(slow.frames().empty());
  const SseFrame& last = slow.frames().back();
  EXPECT_EQ(last.event, "error");
  EXPECT_THAT(last.data, HasSubstr(R"("code":"slow_consumer")"));
  std::vector<SseFrame> received = slow.Events();
  ASSERT_LT(received.size(), customers.size()) << "nothing was cut off";
  std::string resume = received.empty() ? "0" : received.back().id;
  EXPECT_THAT(last.data, HasSubstr(R"("last_event_id":")" + resume + R"(")"));

  std::vector<std::string> seen;
  for (const SseFrame& frame : received) seen.push_back(CustomerOf(frame));
  SseClient again(server_->port(), "/v1/events/stream?types=customer.created", server_->admin_key(),
                  resume);
  size_t missing = customers.size() - seen.size();
  ASSERT_TRUE(again.ReadUntil([&](const auto&) { return again.Events().size() >= missing; }));
  for (const SseFrame& frame : again.Events()) seen.push_back(CustomerOf(frame));
  EXPECT_EQ(seen, customers);
}

// Another organization's stream carries none of this one's events.
TEST(EventStreamTenancyTest, AStreamShowsOnlyItsOrganization) {
  TempDir dir;
  std::string data = dir.Sub("data");
  std::string owner_key;
  {
    ServerProcess first(data);
    ASSERT_TRUE(first.started());
    owner_key = first.admin_key();
    first.Terminate();
  }
  std::istringstream other(RunFactura("--data-dir " + data +
                                      " keys create --new-org Other --scopes "
                                      "events:read,customers:write"));
  std::string ignored, other_key;
  other >> ignored >> ignored >> other_key;
  ASSERT_THAT(other_key, ::testing::StartsWith("sk_"));
  ServerProcess server(data);
  ASSERT_TRUE(server.started());
  HttpClient client(server.port());
  auto customer = [&](const std::string& key, const std::string& name) {
    Reply created = client.Post("/v1/customers", R"({"name":")" + name + R"("})",
                                {{"Authorization", "Bearer " + key}});
    ASSERT_EQ(created.status, 201u) << created.body;
  };
  customer(owner_key, "Owner's first");
  customer(other_key, "Intruder's first");
  SseClient intruder(server.port(), "/v1/events/stream", other_key);
  ASSERT_TRUE(intruder.ReadUntil([&](const auto&) { return !intruder.Events().empty(); }));
  // The owner writes, then the intruder: the owner's would arrive first if it leaked.
  customer(owner_key, "Owner's second");
  customer(other_key, "Intruder's second");
  ASSERT_TRUE(intruder.ReadUntil([&](const auto&) { return intruder.Events().size() >= 2; }));
  for (const SseFrame& frame : intruder.Events()) {
    EXPECT_THAT(frame.data, HasSubstr("Intruder's")) << frame.data;
  }
  EXPECT_EQ(intruder.Events().size(), 2u);
}

}  // namespace
}  // namespace factura::e2e
