// Webhooks end to end: a real `factura serve` delivering to a real receiver on loopback, which
// verifies both signature schemes; retries, 410, Retry-After, timeouts, redirects, a kill -9
// in the middle of deliveries, replays, test events, and the SSRF refusals.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"
#include "tests/support/webhook_receiver.h"

namespace factura::e2e {
namespace {

namespace json = boost::json;
using eventstore::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr auto kPoll = std::chrono::milliseconds(50);

std::string Config(const TempDir& dir, const std::string& settings) {
  std::string path = dir.Sub("factura.toml");
  FILE* file = std::fopen(path.c_str(), "w");
  std::fputs(settings.c_str(), file);
  std::fclose(file);
  return path;
}

// Polls `done` until it holds or 30 s pass.
bool Eventually(const std::function<bool()>& done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(kPoll);
  }
  return done();
}

json::object Parse(const std::string& body) { return json::parse(body).as_object(); }

struct Webhook {
  std::string id;
  std::string secret;
};

Webhook CreateWebhook(HttpClient& client, const std::map<std::string, std::string>& auth,
                      const std::string& url, const std::string& events) {
  Reply created =
      client.Post("/v1/webhooks", R"({"url":")" + url + R"(","events":)" + events + "}", auth);
  EXPECT_EQ(created.status, 201u) << created.body;
  return {Field(created.body, "id"), Field(created.body, "secret")};
}

std::string CreateCustomer(HttpClient& client, const std::map<std::string, std::string>& auth,
                           const std::string& name) {
  // E-mails are unique per organization: one per customer.
  static std::atomic<int> counter = 0;
  Reply created = client.Post(
      "/v1/customers",
      R"({"name":")" + name + R"(","email":"a)" + std::to_string(++counter) + R"(@example.com"})",
      auth);
  EXPECT_EQ(created.status, 201u) << created.body;
  return Field(created.body, "id");
}

json::array Deliveries(HttpClient& client, const std::map<std::string, std::string>& auth,
                       const std::string& webhook) {
  Reply list = client.Get("/v1/webhooks/" + webhook + "/deliveries?limit=100", auth);
  EXPECT_EQ(list.status, 200u) << list.body;
  return Parse(list.body).at("data").as_array();
}

class WebhooksTest : public ::testing::Test {
 protected:
  void Start(const std::string& settings = "") {
    config_ = Config(dir_, "webhooks_allow_private_targets = true\n" + settings);
    server_ = std::make_unique<ServerProcess>(dir_.Sub("data"),
                                              std::vector<std::string>{"--config", config_});
    ASSERT_TRUE(server_->started()) << server_->output();
    auth_ = {{"Authorization", "Bearer " + server_->admin_key()}};
    client_ = std::make_unique<HttpClient>(server_->port());
  }
  void Restart() {
    server_ = std::make_unique<ServerProcess>(dir_.Sub("data"),
                                              std::vector<std::string>{"--config", config_});
    ASSERT_TRUE(server_->started()) << server_->output();
    client_ = std::make_unique<HttpClient>(server_->port());
  }

  TempDir dir_;
  std::string config_;
  std::unique_ptr<ServerProcess> server_;
  std::map<std::string, std::string> auth_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(WebhooksTest, DeliversSignedEventsOfSubscribedTypesOnly) {
  WebhookReceiver receiver;
  Start();
  Webhook hook =
      CreateWebhook(*client_, auth_, receiver.Url(), R"(["customer.created","invoice.created"])");
  std::string customer = CreateCustomer(*client_, auth_, "Ada");
  ASSERT_EQ(client_
                ->Send(boost::beast::http::verb::patch, "/v1/customers/" + customer,
                       R"({"name":"Ada L."})", auth_)
                .status,
            200u);
  Reply invoice = client_->Post(
      "/v1/invoices",
      R"({"customer_id":")" + customer +
          R"(","line_items":[{"description":"Work","quantity":2,"unit_price":50.25}]})",
      auth_);
  ASSERT_EQ(invoice.status, 201u) << invoice.body;
  ASSERT_TRUE(receiver.WaitFor([](const auto& requests) { return requests.size() >= 2; }));

  std::vector<ReceivedRequest> requests = receiver.Requests();
  std::set<std::string> types;
  for (const ReceivedRequest& request : requests) {
    EXPECT_TRUE(VerifyStandardWebhook(hook.secret, request, UnixNow())) << request.body;
    EXPECT_TRUE(VerifyHexSignature(hook.secret, request)) << request.body;
    EXPECT_EQ(request.Header("content-type"), "application/json");
    EXPECT_THAT(request.Header("user-agent"), HasSubstr("Factura"));
    json::object event = Parse(request.body);
    EXPECT_EQ(event.at("id").as_string(), request.Header("webhook-id"));
    EXPECT_EQ(event.at("object").as_string(), "event");
    EXPECT_EQ(event.at("sequence").as_int64(), 1);
    EXPECT_TRUE(event.at("data").as_object().contains("previous_attributes"));
    types.insert(std::string(event.at("type").as_string()));
  }
  EXPECT_EQ(types, (std::set<std::string>{"customer.created", "invoice.created"}));
  // The invoice's amounts keep their exact text.
  for (const ReceivedRequest& request : requests) {
    if (request.body.find("invoice.created") != std::string::npos) {
      EXPECT_THAT(request.body, HasSubstr(R"("total":100.50)"));
    }
  }

  // What an integrator must reject: another secret, a changed body, an old timestamp.
  ReceivedRequest tampered = requests.front();
  EXPECT_FALSE(VerifyStandardWebhook("whsec_" + std::string(43, 'A') + "=", tampered, UnixNow()));
  EXPECT_FALSE(VerifyHexSignature("whsec_wrong", tampered));
  tampered.body.replace(tampered.body.find("\"object\":\"event\""), 16, "\"object\":\"EVENT\"");
  EXPECT_FALSE(VerifyStandardWebhook(hook.secret, tampered, UnixNow()));
  EXPECT_FALSE(VerifyHexSignature(hook.secret, tampered));
  EXPECT_FALSE(VerifyStandardWebhook(hook.secret, requests.front(), UnixNow() + 3600));

  // customer.updated happened between the two and was not subscribed: never delivered. (The
  // attempts are recorded just after the receiver answered.)
  json::array deliveries;
  ASSERT_TRUE(Eventually([&] {
    deliveries = Deliveries(*client_, auth_, hook.id);
    return std::all_of(deliveries.begin(), deliveries.end(), [](const json::value& delivery) {
      return delivery.at("status").as_string() == "succeeded";
    });
  }));
  ASSERT_EQ(deliveries.size(), 2u);
  for (const json::value& delivery : deliveries) {
    EXPECT_EQ(delivery.at("status").as_string(), "succeeded");
    EXPECT_NE(delivery.at("event_type").as_string(), "customer.updated");
    EXPECT_EQ(delivery.at("attempts").as_array().size(), 1u);
    EXPECT_EQ(delivery.at("attempts").as_array()[0].at("status_code").as_int64(), 200);
  }

  // The same events in the event list, and one by id.
  Reply events = client_->Get("/v1/events?types=customer.created,customer.updated", auth_);
  ASSERT_EQ(events.status, 200u) << events.body;
  json::array listed = Parse(events.body).at("data").as_array();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].at("type").as_string(), "customer.updated");  // newest first
  EXPECT_EQ(listed[0].at("data").at("previous_attributes").at("name").as_string(), "Ada");
  std::string created_id(listed[1].at("id").as_string());
  Reply one = client_->Get("/v1/events/" + created_id, auth_);
  ASSERT_EQ(one.status, 200u);
  for (const ReceivedRequest& request : requests) {
    if (request.Header("webhook-id") == created_id) {
      EXPECT_EQ(one.body, request.body);
    }
  }
  EXPECT_EQ(client_->Get("/v1/events/evt_01m8nds5fs67ykd3cva4qwfhja", auth_).status, 404u);
  EXPECT_EQ(client_->Get("/v1/events?bogus=1", auth_).status, 400u);
  EXPECT_EQ(client_->Get("/v1/events?after=x", auth_).status, 422u);
}

TEST_F(WebhooksTest, RetriesWithTheSameIdUntilTheReceiverSucceeds) {
  WebhookReceiver receiver([](const ReceivedRequest&, size_t nth) {
    return ReceiverAnswer{nth < 2 ? 500u : 200u, {}, {}};
  });
  Start("webhook_retry_delays_ms = \"0,100,200,400\"\n");
  Webhook hook = CreateWebhook(*client_, auth_, receiver.Url(), R"(["customer.created"])");
  CreateCustomer(*client_, auth_, "Grace");
  ASSERT_TRUE(receiver.WaitFor([](const auto& requests) { return requests.size() >= 3; }));
  std::vector<ReceivedRequest> requests = receiver.Requests();
  EXPECT_EQ(requests[0].Header("webhook-id"), requests[1].Header("webhook-id"));
  EXPECT_EQ(requests[1].Header("webhook-id"), requests[2].Header("webhook-id"));
  EXPECT_EQ(requests[0].body, requests[2].body);
  json::array deliveries;
  ASSERT_TRUE(Eventually([&] {
    deliveries = Deliveries(*client_, auth_, hook.id);
    return deliveries.size() == 1 && deliveries[0].at("status").as_string() == "succeeded";
  }));
  json::array attempts = deliveries[0].at("attempts").as_array();
  ASSERT_EQ(attempts.size(), 3u);
  EXPECT_EQ(attempts[0].at("status_code").as_int64(), 500);
  EXPECT_EQ(attempts[1].at("status_code").as_int64(), 500);
  EXPECT_EQ(attempts[2].at("status_code").as_int64(), 200);
  EXPECT_EQ(deliveries[0].at("attempt_count").as_int64(), 3);
  EXPECT_TRUE(deliveries[0].at("next_retry_at").is_null());
  std::string metrics = client_->Get("/metrics").body;
  EXPECT_THAT(metrics, HasSubstr(R"(factura_webhook_attempts_total{outcome="succeeded"} 1)"));
  EXPECT_THAT(metrics, HasSubstr(R"(factura_webhook_attempts_total{outcome="retrying"} 2)"));
  EXPECT_THAT(metrics, HasSubstr("factura_webhook_outbox_lag_positions 0"));
  EXPECT_THAT(client_->Get("/readyz").body, HasSubstr(R"("webhook_outbox_lag":0)"));
}

TEST_F(WebhooksTest, GivesUpWhenTheScheduleIsSpentAndRetriesByHand) {
  WebhookReceiver receiver([](const ReceivedRequest&, size_t nth) {
    return ReceiverAnswer{nth < 2 ? 503u : 204u, {}, {}};
  });
  Start("webhook_retry_delays_ms = \"0,50\"\n");
  Webhook hook = CreateWebhook(*client_, auth_, receiver.Url(), R"(["*"])");
  CreateCustomer(*client_, auth_, "Linus");
  json::array deliveries;
  ASSERT_TRUE(Eventually([&] {
    deliveries = Deliveries(*client_, auth_, hook.id);
    return deliveries.size() == 1 && deliveries[0].at("status").as_string() == "failed";
  }));
  EXPECT_EQ(deliveries[0].at("attempt_count").as_int64(), 2);
  std::string delivery(deliveries[0].at("id").as_string());
  Reply retried =
      client_->Post("/v1/webhooks/" + hook.id + "/deliveries/" + delivery + "/retry", "", auth_);
  EXPECT_EQ(retried.status, 202u) << retried.body;
  ASSERT_TRUE(Eventually([&] {
    deliveries = Deliveries(*client_, auth_, hook.id);
    return deliveries[0].at("status").as_string() == "succeeded";
  }));
  EXPECT_EQ(deliveries[0].at("attempts").as_array().size(), 3u);
  EXPECT_EQ(
      client_->Post("/v1/webhooks/" + hook.id + "/deliveries/whdl_999999/retry", "", auth_).status,
      404u);
}

TEST_F(WebhooksTest, GoneDisablesTheEndpointAndRecordsTheFact) {
  WebhookReceiver gone([](const ReceivedRequest&, size_t) { return ReceiverAnswer{410, {}, {}}; });
  WebhookReceiver watcher;
  Start();
  Webhook hook = CreateWebhook(*client_, auth_, gone.Url(), R"(["customer.created"])");
  CreateWebhook(*client_, auth_, watcher.Url(), R"(["*"])");
  CreateCustomer(*client_, auth_, "Barbara");
  std::string body;
  ASSERT_TRUE(Eventually([&] {
    body = client_->Get("/v1/webhooks/" + hook.id, auth_).body;
    return body.find(R"("active":false)") != std::string::npos;
  })) << body;
  EXPECT_THAT(body, HasSubstr(R"("disabled_reason":"gone")"));
  EXPECT_EQ(gone.Requests().size(), 1u);  // a 410 is not retried
  // The other endpoint hears about it.
  ASSERT_TRUE(watcher.WaitFor([](const auto& requests) {
    for (const auto& r : requests) {
      if (r.body.find("webhook_endpoint.disabled") != std::string::npos) return true;
    }
    return false;
  }));
  // Re-enabled, it receives again.
  gone.SetBehaviour([](const ReceivedRequest&, size_t) { return ReceiverAnswer{}; });
  ASSERT_EQ(client_
                ->Send(boost::beast::http::verb::patch, "/v1/webhooks/" + hook.id,
                       R"({"active":true})", auth_)
                .status,
            200u);
  CreateCustomer(*client_, auth_, "Edsger");
  ASSERT_TRUE(gone.WaitFor([](const auto& requests) { return requests.size() >= 2; }));
}

TEST_F(WebhooksTest, AnEndpointFailingForTooLongIsDisabled) {
  WebhookReceiver receiver([](const ReceivedRequest&, size_t) {
    return ReceiverAnswer{500, {}, {}};
  });
  Start(
      "webhook_retry_delays_ms = \"0,200,200,200,200,200,200,200,200,200\"\n"
      "webhook_disable_after_ms = 1000\n");
  Webhook hook = CreateWebhook(*client_, auth_, receiver.Url(), R"(["customer.created"])");
  CreateCustomer(*client_, auth_, "Ken");
  std::string body;
  ASSERT_TRUE(Eventually([&] {
    body = client_->Get("/v1/webhooks/" + hook.id, auth_).body;
    return body.find(R"("active":false)") != std::string::npos;
  })) << body;
  EXPECT_THAT(body, HasSubstr(R"("disabled_reason":"failing")"));
  EXPECT_GE(receiver.Requests().size(), 5u);  // ~1 s of attempts 200 ms apart first
  // Disabled, the rest is canceled rather than sent.
  json::array deliveries;
  ASSERT_TRUE(Eventually([&] {
    deliveries = Deliveries(*client_, auth_, hook.id);
    return deliveries[0].at("status").as_string() != "pending";
  }));
}

// Each endpoint has its own concurrency: one that answers slowly holds up only itself.
TEST_F(WebhooksTest, ASlowEndpointDoesNotDelayTheOthers) {
  WebhookReceiver slow([](const ReceivedRequest&, size_t) {
    return ReceiverAnswer{200, {}, std::chrono::milliseconds(1000)};
  });
  WebhookReceiver fast;
  Start("webhook_max_concurrency_per_endpoint = 1\n");
  CreateWebhook(*client_, auth_, slow.Url(), R"(["customer.created"])");
  CreateWebhook(*client_, auth_, fast.Url(), R"(["customer.created"])");
  for (int i = 0; i < 6; ++i) CreateCustomer(*client_, auth_, "P" + std::to_string(i));
  ASSERT_TRUE(fast.WaitFor([](const auto& requests) { return requests.size() == 6; }));
  // Six seconds of work queue at the slow endpoint, one at a time; the fast one is done.
  EXPECT_LE(slow.Requests().size(), 3u);
}

TEST_F(WebhooksTest, RetryAfterIsHonouredAndTimeoutsAndRedirectsFail) {
  WebhookReceiver receiver([](const ReceivedRequest& request, size_t) {
    if (request.target == "/busy") return ReceiverAnswer{429, {{"Retry-After", "3"}}, {}};
    if (request.target == "/slow") return ReceiverAnswer{200, {}, std::chrono::milliseconds(1500)};
    if (request.target == "/moved") {
      return ReceiverAnswer{302, {{"Location", "/elsewhere"}}, {}};
    }
    return ReceiverAnswer{};
  });
  Start("webhook_retry_delays_ms = \"0,10,10\"\nwebhook_timeout_ms = 300\n");
  Webhook busy = CreateWebhook(*client_, auth_, receiver.Url("/busy"), R"(["customer.created"])");
  Webhook slow = CreateWebhook(*client_, auth_, receiver.Url("/slow"), R"(["customer.created"])");
  Webhook moved = CreateWebhook(*client_, auth_, receiver.Url("/moved"), R"(["customer.created"])");
  CreateCustomer(*client_, auth_, "Alan");

  json::array deliveries;
  ASSERT_TRUE(Eventually([&] {
    deliveries = Deliveries(*client_, auth_, busy.id);
    return deliveries.size() == 1 && deliveries[0].at("attempt_count").as_int64() >= 1;
  }));
  // The schedule says 10 ms; the receiver asked for 3 s.
  auto attempted = deliveries[0].at("attempts").as_array()[0].at("attempted_at").as_string();
  auto next = deliveries[0].at("next_retry_at").as_string();
  EXPECT_EQ(deliveries[0].at("last_status_code").as_int64(), 429);
  EXPECT_GE(std::string(next), std::string(attempted));
  std::string attempted_s(attempted), next_s(next);
  // Seconds of the minute, enough to compare instants a few seconds apart within one minute.
  auto seconds_of = [](const std::string& t) {
    return std::stoi(t.substr(14, 2)) * 60 + std::stod(t.substr(17, t.size() - 18));
  };
  double gap = seconds_of(next_s) - seconds_of(attempted_s);
  if (gap < 0) gap += 3600;
  EXPECT_GE(gap, 2.9);

  ASSERT_TRUE(Eventually([&] {
    deliveries = Deliveries(*client_, auth_, slow.id);
    return deliveries.size() == 1 && deliveries[0].at("status").as_string() == "failed";
  }));
  EXPECT_EQ(deliveries[0].at("attempts").as_array()[0].at("error").as_string(), "timeout");
  EXPECT_TRUE(deliveries[0].at("attempts").as_array()[0].at("status_code").is_null());

  ASSERT_TRUE(Eventually([&] {
    deliveries = Deliveries(*client_, auth_, moved.id);
    return deliveries.size() == 1 && deliveries[0].at("status").as_string() == "failed";
  }));
  EXPECT_EQ(deliveries[0].at("last_status_code").as_int64(), 302);
  for (const ReceivedRequest& request : receiver.Requests()) {
    EXPECT_NE(request.target, "/elsewhere");  // redirects are not followed
  }
}

// kill -9 while deliveries are in flight: afterwards every subscribed event has arrived at
// least once, and a duplicate carries the same webhook-id and body.
TEST_F(WebhooksTest, EveryEventArrivesAfterAKillInTheMiddleOfDeliveries) {
  WebhookReceiver receiver([](const ReceivedRequest&, size_t) {
    return ReceiverAnswer{200, {}, std::chrono::milliseconds(40)};
  });
  Start();
  CreateWebhook(*client_, auth_, receiver.Url(), R"(["customer.created"])");
  std::set<std::string> customers;
  for (int i = 0; i < 60; ++i)
    customers.insert(CreateCustomer(*client_, auth_, "C" + std::to_string(i)));
  ASSERT_TRUE(receiver.WaitFor([](const auto& requests) { return requests.size() >= 5; }));
  server_->Kill();
  size_t before_restart = receiver.Requests().size();
  EXPECT_LT(before_restart, customers.size()) << "the kill came too late to test anything";
  Restart();
  ASSERT_TRUE(receiver.WaitFor(
      [&](const auto& requests) {
        std::set<std::string> seen;
        for (const auto& r : requests) seen.insert(r.Header("webhook-id"));
        return seen.size() >= customers.size();
      },
      std::chrono::seconds(60)));
  std::map<std::string, std::string> body_by_id;
  std::set<std::string> delivered_customers;
  for (const ReceivedRequest& request : receiver.Requests()) {
    std::string id = request.Header("webhook-id");
    EXPECT_EQ(Field(request.body, "id"), id);
    auto [it, fresh] = body_by_id.emplace(id, request.body);
    if (!fresh) {
      EXPECT_EQ(it->second, request.body) << "a duplicate differs";
    }
    // data.object.id: the first "id" after the event's own.
    delivered_customers.insert(Field(request.body.substr(request.body.find("\"data\":")), "id"));
  }
  EXPECT_EQ(delivered_customers, customers);
  EXPECT_EQ(body_by_id.size(), customers.size());
}

TEST_F(WebhooksTest, ReplaysAndTestEventsAreRealDeliveries) {
  WebhookReceiver receiver;
  Start();
  Webhook hook = CreateWebhook(*client_, auth_, receiver.Url(), R"(["customer.created"])");
  CreateCustomer(*client_, auth_, "Frances");
  CreateCustomer(*client_, auth_, "Katherine");
  ASSERT_TRUE(receiver.WaitFor([](const auto& requests) { return requests.size() == 2; }));
  Reply replay =
      client_->Post("/v1/webhooks/" + hook.id + "/replay", R"({"from_position":1})", auth_);
  ASSERT_EQ(replay.status, 202u) << replay.body;
  EXPECT_THAT(replay.body, HasSubstr(R"("deliveries_created":2)"));
  ASSERT_TRUE(receiver.WaitFor([](const auto& requests) { return requests.size() == 4; }));
  std::multiset<std::string> ids;
  for (const ReceivedRequest& request : receiver.Requests())
    ids.insert(request.Header("webhook-id"));
  for (const std::string& id : ids) EXPECT_EQ(ids.count(id), 2u) << id;
  EXPECT_EQ(client_->Post("/v1/webhooks/" + hook.id + "/replay", "{}", auth_).status, 422u);
  EXPECT_EQ(
      client_->Post("/v1/webhooks/" + hook.id + "/replay", R"({"from_position":0})", auth_).status,
      422u);

  Reply test = client_->Post("/v1/webhooks/" + hook.id + "/test", "", auth_);
  ASSERT_EQ(test.status, 200u) << test.body;
  EXPECT_THAT(test.body, HasSubstr(R"("delivery_status":"success")"));
  EXPECT_THAT(test.body, HasSubstr(R"("response_code":200)"));
  std::vector<ReceivedRequest> requests = receiver.Requests();
  ASSERT_EQ(requests.size(), 5u);
  EXPECT_THAT(requests.back().body, HasSubstr(R"("type":"webhook.test")"));
  EXPECT_TRUE(VerifyStandardWebhook(hook.secret, requests.back(), UnixNow()));

  receiver.SetBehaviour([](const ReceivedRequest&, size_t) { return ReceiverAnswer{500, {}, {}}; });
  Reply failed = client_->Post("/v1/webhooks/" + hook.id + "/test", "", auth_);
  EXPECT_THAT(failed.body, HasSubstr(R"("delivery_status":"failed")"));
  EXPECT_THAT(failed.body, HasSubstr(R"("response_code":500)"));
  json::array deliveries = Deliveries(*client_, auth_, hook.id);
  EXPECT_EQ(deliveries.size(), 6u);  // 2 events, 2 replays, 2 tests: every attempt on record
}

TEST_F(WebhooksTest, RotationSignsWithBothSecretsDuringTheOverlap) {
  WebhookReceiver receiver;
  Start();
  Webhook hook = CreateWebhook(*client_, auth_, receiver.Url(), R"(["*"])");
  Reply rotated =
      client_->Post("/v1/webhooks/" + hook.id + "/rotate-secret", R"({"overlap_hours":1})", auth_);
  ASSERT_EQ(rotated.status, 200u) << rotated.body;
  std::string fresh = Field(rotated.body, "secret");
  ASSERT_NE(fresh, hook.secret);
  ASSERT_EQ(client_->Post("/v1/webhooks/" + hook.id + "/test", "", auth_).status, 200u);
  ReceivedRequest request = receiver.Requests().back();
  EXPECT_TRUE(VerifyStandardWebhook(fresh, request, UnixNow()));
  EXPECT_TRUE(VerifyStandardWebhook(hook.secret, request, UnixNow()));
  EXPECT_TRUE(VerifyHexSignature(fresh, request));

  ASSERT_EQ(
      client_->Post("/v1/webhooks/" + hook.id + "/rotate-secret", R"({"overlap_hours":0})", auth_)
          .status,
      200u);
  ASSERT_EQ(client_->Post("/v1/webhooks/" + hook.id + "/test", "", auth_).status, 200u);
  EXPECT_FALSE(VerifyStandardWebhook(fresh, receiver.Requests().back(), UnixNow()));
}

TEST_F(WebhooksTest, ManagesEndpointsAndRefusesBadInput) {
  WebhookReceiver receiver;
  Start();
  Webhook hook = CreateWebhook(*client_, auth_, receiver.Url(), R"(["invoice.paid"])");
  Reply fetched = client_->Get("/v1/webhooks/" + hook.id, auth_);
  ASSERT_EQ(fetched.status, 200u);
  EXPECT_THAT(fetched.body, Not(HasSubstr("whsec_")));  // the secret is shown once
  Reply listed = client_->Get("/v1/webhooks", auth_);
  EXPECT_THAT(listed.body, HasSubstr(hook.id));
  EXPECT_THAT(listed.body, Not(HasSubstr("whsec_")));

  auto patch = [&](const std::string& body) {
    return client_->Send(boost::beast::http::verb::patch, "/v1/webhooks/" + hook.id, body, auth_);
  };
  Reply unknown_type = patch(R"({"events":["invoice.paid","invoice.exploded"]})");
  EXPECT_EQ(unknown_type.status, 422u);
  EXPECT_THAT(unknown_type.body, HasSubstr(R"("param":"events[1]")"));
  EXPECT_EQ(patch(R"({"url":"ftp://example.com/"})").status, 422u);
  EXPECT_EQ(patch(R"({"colour":"red"})").status, 400u);
  EXPECT_EQ(patch(R"({"events":"invoice.paid"})").status, 422u);
  Reply updated = patch(R"({"events":["invoice.paid","invoice.voided"],"description":"books"})");
  ASSERT_EQ(updated.status, 200u) << updated.body;
  EXPECT_THAT(updated.body, HasSubstr(R"("events":["invoice.paid","invoice.voided"])"));

  EXPECT_EQ(
      client_->Post("/v1/webhooks", R"({"url":"http://x.example/","events":[]})", auth_).status,
      422u);
  EXPECT_EQ(client_->Post("/v1/webhooks", R"({"events":["*"]})", auth_).status, 422u);
  EXPECT_EQ(client_->Post("/v1/webhooks", "{", auth_).status, 400u);

  // Scopes and tenancy.
  std::string no_webhooks_key;
  {
    Reply key =
        client_->Post("/v1/api-keys", R"({"name":"ro","scopes":["customers:read"]})", auth_);
    no_webhooks_key = Field(key.body, "key");
  }
  std::map<std::string, std::string> reader{{"Authorization", "Bearer " + no_webhooks_key}};
  EXPECT_EQ(client_->Get("/v1/webhooks/" + hook.id, reader).status, 403u);
  EXPECT_EQ(client_->Get("/v1/events", reader).status, 403u);

  EXPECT_EQ(
      client_->Send(boost::beast::http::verb::delete_, "/v1/webhooks/" + hook.id, "", auth_).status,
      204u);
  EXPECT_EQ(client_->Get("/v1/webhooks/" + hook.id, auth_).status, 404u);
  EXPECT_EQ(client_->Get("/v1/webhooks/" + hook.id + "/deliveries", auth_).status, 404u);
  EXPECT_THAT(client_->Get("/v1/webhooks", auth_).body, Not(HasSubstr(hook.id)));
}

// https endpoints: the receiver's certificate is verified, host name included; a private CA can
// be trusted with webhook_ca_file.
TEST(WebhookTlsTest, CertificatesAreVerified) {
  TempDir dir;
  std::string certificate = dir.Sub("receiver.pem"), key = dir.Sub("receiver.key");
  std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1 -keyout " +
      key + " -out " + certificate + " 2>/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  WebhookReceiver receiver({}, certificate, key);
  auto attempts_of = [](HttpClient& client, const std::map<std::string, std::string>& auth,
                        const std::string& webhook) {
    json::array deliveries;
    EXPECT_TRUE(Eventually([&] {
      deliveries = Deliveries(client, auth, webhook);
      return !deliveries.empty() && deliveries[0].at("status").as_string() != "pending";
    }));
    return deliveries;
  };
  {
    // Not trusted: the system's authorities do not know this certificate.
    std::string config = Config(dir,
                                "webhooks_allow_private_targets = true\n"
                                "webhook_retry_delays_ms = \"0\"\n");
    ServerProcess server(dir.Sub("untrusted"), {"--config", config});
    ASSERT_TRUE(server.started()) << server.output();
    std::map<std::string, std::string> auth{{"Authorization", "Bearer " + server.admin_key()}};
    HttpClient client(server.port());
    Webhook hook = CreateWebhook(client, auth, receiver.Url(), R"(["customer.created"])");
    CreateCustomer(client, auth, "Untrusted");
    json::array deliveries = attempts_of(client, auth, hook.id);
    ASSERT_EQ(deliveries.size(), 1u);
    EXPECT_EQ(deliveries[0].at("status").as_string(), "failed");
    EXPECT_THAT(std::string(deliveries[0].at("last_error").as_string()),
                HasSubstr("certificate verify failed"));
    EXPECT_TRUE(receiver.Requests().empty());
  }
  {
    std::string config = Config(dir,
                                "webhooks_allow_private_targets = true\n"
                                "webhook_retry_delays_ms = \"0\"\n"
                                "webhook_ca_file = \"" +
                                    certificate + "\"\n");
    ServerProcess server(dir.Sub("trusted"), {"--config", config});
    ASSERT_TRUE(server.started()) << server.output();
    std::map<std::string, std::string> auth{{"Authorization", "Bearer " + server.admin_key()}};
    HttpClient client(server.port());
    Webhook good = CreateWebhook(client, auth, receiver.Url(), R"(["customer.created"])");
    // The same receiver named otherwise: the certificate is not for "localhost".
    Webhook misnamed =
        CreateWebhook(client, auth, receiver.Url("/hook", "localhost"), R"(["customer.created"])");
    CreateCustomer(client, auth, "Trusted");
    json::array deliveries = attempts_of(client, auth, good.id);
    EXPECT_EQ(deliveries[0].at("status").as_string(), "succeeded");
    ASSERT_EQ(receiver.Requests().size(), 1u);
    EXPECT_TRUE(VerifyStandardWebhook(good.secret, receiver.Requests()[0], UnixNow()));
    deliveries = attempts_of(client, auth, misnamed.id);
    EXPECT_EQ(deliveries[0].at("status").as_string(), "failed");
    EXPECT_EQ(receiver.Requests().size(), 1u);
  }
}

// Without the allowance, every address that is not public unicast is refused, however written,
// and nothing is written.
TEST(WebhookTargetsTest, PrivateAndLoopbackTargetsAreRefused) {
  TempDir dir;
  ServerProcess server(dir.Sub("data"));
  ASSERT_TRUE(server.started());
  std::map<std::string, std::string> auth{{"Authorization", "Bearer " + server.admin_key()}};
  HttpClient client(server.port());
  std::string head = LogHead(client);
  for (const char* url :
       {"http://127.0.0.1:9/hook", "http://2130706433/hook", "http://0177.0.0.1/hook",
        "http://0x7f000001/hook", "http://[::1]/hook", "http://[::ffff:127.0.0.1]/hook",
        "http://localhost/hook", "http://10.1.2.3/hook", "http://172.20.0.1/hook",
        "http://192.168.0.10/hook", "http://169.254.169.254/latest", "http://100.64.1.1/",
        "http://224.0.0.1/", "http://[fe80::1]/", "http://[fd00::1]/",
        "http://no-such-host.invalid/"}) {
    Reply refused = client.Post("/v1/webhooks",
                                std::string(R"({"url":")") + url + R"(","events":["*"]})", auth);
    EXPECT_EQ(refused.status, 422u) << url << " " << refused.body;
    EXPECT_THAT(refused.body, HasSubstr(R"("param":"url")")) << url;
  }
  EXPECT_EQ(LogHead(client), head);
}

// Another organization sees none of this one's webhooks, deliveries or events.
TEST(WebhookTenancyTest, AnotherOrganizationSeesNothing) {
  TempDir dir;
  std::string data = dir.Sub("data");
  std::string config = Config(dir, "webhooks_allow_private_targets = true\n");
  std::string owner_key;
  {
    ServerProcess first(data, {"--config", config});
    ASSERT_TRUE(first.started());
    owner_key = first.admin_key();
    first.Terminate();
  }
  std::istringstream other(RunFactura("--data-dir " + data +
                                      " keys create --new-org Other --scopes "
                                      "webhooks:manage,events:read,customers:write"));
  std::string ignored, other_key;
  other >> ignored >> ignored >> other_key;
  ASSERT_THAT(other_key, ::testing::StartsWith("sk_"));
  WebhookReceiver receiver;
  ServerProcess server(data, {"--config", config});
  ASSERT_TRUE(server.started());
  HttpClient client(server.port());
  std::map<std::string, std::string> owner{{"Authorization", "Bearer " + owner_key}};
  std::map<std::string, std::string> intruder{{"Authorization", "Bearer " + other_key}};
  Webhook hook = CreateWebhook(client, owner, receiver.Url(), R"(["*"])");
  CreateCustomer(client, owner, "Owner's customer");
  ASSERT_TRUE(receiver.WaitFor([](const auto& requests) { return requests.size() == 1; }));
  std::string event_id = receiver.Requests().front().Header("webhook-id");
  EXPECT_EQ(client.Get("/v1/webhooks/" + hook.id, intruder).status, 404u);
  EXPECT_EQ(client.Get("/v1/webhooks/" + hook.id + "/deliveries", intruder).status, 404u);
  EXPECT_EQ(client.Post("/v1/webhooks/" + hook.id + "/test", "", intruder).status, 404u);
  EXPECT_EQ(
      client.Post("/v1/webhooks/" + hook.id + "/replay", R"({"from_position":1})", intruder).status,
      404u);
  EXPECT_EQ(client.Get("/v1/events/" + event_id, intruder).status, 404u);
  EXPECT_THAT(client.Get("/v1/events", intruder).body, Not(HasSubstr(event_id)));
  EXPECT_THAT(client.Get("/v1/webhooks", intruder).body, Not(HasSubstr(hook.id)));
  // The intruder's own customers go nowhere near the owner's endpoint.
  CreateCustomer(client, intruder, "Intruder's customer");
  CreateCustomer(client, owner, "Second");
  ASSERT_TRUE(receiver.WaitFor([](const auto& requests) { return requests.size() == 2; }));
  for (const ReceivedRequest& request : receiver.Requests()) {
    EXPECT_THAT(request.body, Not(HasSubstr("Intruder")));
  }
}

}  // namespace
}  // namespace factura::e2e
