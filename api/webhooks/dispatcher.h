#pragma once
// The webhook dispatcher (DESIGN.md §5): two threads. "outbox" follows the log into the outbox
// (outbox.h); "webhooks" runs an Asio event loop that takes due deliveries and sends them with
// a Beast client, at most `max_concurrency` at once and `max_per_endpoint` per endpoint, so a
// slow endpoint never delays the others.
//
// Each attempt resolves the endpoint's host, refuses it unless every address is allowed
// (target_policy.h), connects only to those addresses, and POSTs the event signed per Standard
// Webhooks and seed 000 (signature.h), with a deadline. Only 2xx succeeds; redirects are not
// followed. A failure is retried on the schedule (retry_schedule.h); 410 Gone, or failures
// without a success for `disable_after`, disable the endpoint through the command processor
// (a WebhookEndpointDisabled event in the log).
//
//   WebhookDispatcher dispatcher(store, outbox, processor, clock, options);
//   dispatcher.Start();
//   ...                       // the destructor stops both threads; deliveries stay pending

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <map>
#include <thread>
#include <vector>

#include "api/command_processor.h"
#include "api/secret_box.h"
#include "api/webhooks/event_payload.h"
#include "api/webhooks/target_policy.h"
#include "eventstore/lru_map.h"
#include "projections/webhook_outbox.h"

namespace factura::api {

struct DispatcherOptions {
  bool allow_private_targets = false;
  std::string ca_file;  // extra trusted certificate authorities (PEM); empty: the system's
  std::chrono::milliseconds timeout{15'000};
  std::vector<int64_t> retry_delays_ms;
  std::chrono::milliseconds disable_after{3LL * 24 * 3600 * 1000};
  size_t max_concurrency = 64;
  size_t max_per_endpoint = 4;
  std::chrono::hours retention{30 * 24};  // finished deliveries older than this are swept
  // Opens the endpoints' sealed signing secrets (without it only secrets recorded in clear, by
  // versions before sealing, can sign).
  const SecretBox* secrets = nullptr;
};

// One attempt's result, as recorded and as POST /v1/webhooks/{id}/test answers.
struct SendResult {
  std::optional<int64_t> status_code;
  int64_t latency_ms = 0;
  std::optional<std::string> error;  // transport failure or refusal
  std::optional<int64_t> retry_after_ms;
  bool succeeded() const { return status_code && *status_code >= 200 && *status_code < 300; }
};

class WebhookDispatcher {
 public:
  WebhookDispatcher(eventstore::EventStore& store, projections::Outbox& outbox,
                    CommandProcessor& processor, CommandProcessor::Clock clock,
                    DispatcherOptions options);
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  // Errors: kInvalidArgument `invalid_config` (param webhook_ca_file) when it does not load.
  [[nodiscard]] domain::Result<void> Start();

  // Sends a `webhook.test` event to the endpoint now (recorded as a delivery, never retried).
  // Completes on the caller's executor. Errors: the outbox's.
  boost::asio::awaitable<domain::Result<std::pair<std::string, SendResult>>> SendTest(
      std::string organization_id, std::string endpoint_id);

  // Wakes the loop (new or retried deliveries).
  void Wake();

  // Counters since start, for metrics. Thread-safe.
  struct Stats {
    uint64_t succeeded = 0;  // attempts answered 2xx
    uint64_t retrying = 0;   // failed attempts with another scheduled
    uint64_t failed = 0;     // failed attempts that ended their delivery
    uint64_t in_flight = 0;
  };
  Stats GetStats() const;

 private:
  void FollowLog();
  boost::asio::awaitable<void> Loop();
  boost::asio::awaitable<void> Deliver(projections::Delivery delivery);
  // Records the attempts of deliveries that finished, and releases them.
  void FlushFinished();
  // Every few seconds: closes kept-alive connections idle for longer than kMaxIdle, and sweeps
  // finished deliveries past the retention.
  void PruneIdle();
  // A connection to a webhook receiver: TCP, and TLS over it for https.
  struct Connection {
    explicit Connection(boost::asio::io_context& io) : tcp(io) {}
    boost::beast::tcp_stream tcp;
    std::chrono::steady_clock::time_point idle_since;
    std::unique_ptr<boost::beast::ssl_stream<boost::beast::tcp_stream&>> tls;
  };
  // Resolves, checks every address against the target policy, connects (TLS: handshakes,
  // verifying the certificate and host name).
  boost::asio::awaitable<domain::Result<std::unique_ptr<Connection>>> Connect(
      const WebhookTarget& target);
  boost::asio::awaitable<SendResult> Send(const domain::WebhookEndpointState& endpoint,
                                          const std::string& event_id, const std::string& body);
  // The webhook events of a log position, rendered once for all the endpoints that get them.
  domain::Result<std::shared_ptr<const std::vector<WebhookEvent>>> Rendered(uint64_t position);
  void Disable(const std::string& organization_id, const std::string& endpoint_id,
               std::string reason);
  int64_t NowMicros() const { return clock_().micros_since_epoch; }

  eventstore::EventStore& store_;
  projections::Outbox& outbox_;
  CommandProcessor& processor_;
  CommandProcessor::Clock clock_;
  DispatcherOptions options_;
  boost::asio::io_context io_;
  boost::asio::ssl::context tls_;
  boost::asio::steady_timer wake_;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> succeeded_{0}, retrying_{0}, failed_{0}, in_flight_count_{0};
  // Owned by the "webhooks" thread.
  std::vector<int64_t> in_flight_;
  std::map<std::string, size_t> in_flight_by_endpoint_;
  std::vector<projections::AttemptRecord> finished_;  // attempts made, not yet recorded
  std::vector<std::pair<int64_t, std::string>> finished_endpoints_;  // delivery → endpoint
  eventstore::LruMap<std::shared_ptr<const std::vector<WebhookEvent>>> rendered_{4096};
  // Kept-alive connections by endpoint and URL, at most max_per_endpoint each.
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle_;
  std::chrono::steady_clock::time_point pruned_at_ = std::chrono::steady_clock::now();
  std::thread outbox_thread_;
  std::thread io_thread_;
};

}  // namespace factura::api
