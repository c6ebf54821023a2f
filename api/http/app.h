#pragma once
// The HTTP application: routing, request ids, error bodies, metrics — everything between the
// transport (server.h) and the endpoint handlers (routes.cc). Handlers are thin: they parse,
// call the application interface (api/), and render.
//
// Blocking work (RocksDB reads) runs on the worker pool, never on the I/O threads: a handler
// does `co_await app.OnWorker()` first, and its response is written from the I/O thread again.

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "api/aggregate_reader.h"
#include "api/api_keys.h"
#include "api/command_processor.h"
#include "api/http/messages.h"
#include "api/http/rate_limiter.h"
#include "api/http/request_metrics.h"
#include "api/http/router.h"
#include "api/http/server.h"
#include "api/webhooks/dispatcher.h"
#include "api/webhooks/outbox.h"
#include "eventstore/event_store.h"
#include "projections/read_models.h"

namespace factura::api {

struct RequestContext {
  const HttpRequest& request;
  const std::map<std::string, std::string, std::less<>>& params;
  std::string request_id;
  ApiKeyGrant grant;  // empty for public routes
};

struct ApiResponse {
  unsigned status = 200;
  std::string body;  // JSON unless content_type says otherwise
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  // Set for error responses: the body is rendered from it, in the client's language, when the
  // response is sent.
  std::optional<domain::Error> error;
  // Set for streamed responses (server-sent events): written after the header.
  BodyStream stream;
};

using Handler = std::function<asio::awaitable<ApiResponse>(RequestContext&)>;

// Webhook delivery (for the /v1/webhooks routes; without it they answer 503) and the live event
// stream's bounds.
struct EventServices {
  Outbox* outbox = nullptr;
  WebhookDispatcher* dispatcher = nullptr;
  bool allow_private_targets = false;
  std::chrono::milliseconds stream_heartbeat{15'000};
  size_t stream_max_buffer_bytes = 1 << 20;  // frames queued for one client
  // How long a client may leave the queue full before it is cut off as too slow.
  std::chrono::milliseconds stream_stall_timeout{10'000};
};

class App {
 public:
  App(eventstore::EventStore& store, asio::thread_pool& workers, ApiKeyDirectory& keys,
      CommandProcessor& processor, projections::ReadModels& read_models,
      CommandProcessor::Clock clock, int64_t rate_limit_per_minute = 0,
      EventServices webhooks = {});

  // The transport's entry point.
  asio::awaitable<HandlerReply> Handle(HttpRequest request);
  // For requests the transport refuses before they reach Handle.
  HttpResponse TransportError(unsigned status, std::string code, std::string message);

  Router<Handler>& router() { return router_; }
  prometheus::Registry& metrics() { return *registry_; }
  eventstore::EventStore& store() { return store_; }
  // Resumes the calling coroutine on the worker pool.
  auto OnWorker() { return asio::post(workers_, asio::use_awaitable); }
  domain::Timestamp Now() const { return clock_(); }

  // Runs a command through the processor and renders its reply (status, body,
  // X-Event-Position, Idempotent-Replayed) or its error.
  asio::awaitable<ApiResponse> Execute(RequestContext& context, Command command);

  // The durable state of `id` in the caller's organization (one that does not `exists` when
  // there is none), as a read by id shows it: from the cache of durable states without leaving
  // the I/O thread, or folded from the log on the worker pool. Errors: the store's and the
  // codec's.
  template <typename State>
  asio::awaitable<domain::Result<std::shared_ptr<const State>>> ReadDurable(
      const RequestContext& context, std::string id);

  // Runs `query` on a read-only connection to the read models, on the worker pool, once they
  // have caught up with this organization's last write (or `min_position`), waiting at most
  // kReadYourWritesWait; past that it answers from what is there, with X-Read-Model-Stale.
  using Query = std::function<domain::Result<std::string>(projections::Database&)>;
  asio::awaitable<ApiResponse> QueryReadModels(RequestContext& context, Query query);
  static constexpr std::chrono::milliseconds kReadYourWritesWait{2'000};

  // `expand=customer,line_items,payments` of an invoice, parsed. Errors: 422 `invalid_expand`.
  struct Expansion {
    bool customer = false;
    bool line_items = false;
    bool payments = false;
  };
  static domain::Result<Expansion> ParseExpand(const HttpRequest& request);
  // The invoice JSON with its customer and payments as whole objects where `expand` asks
  // (line items are always whole in it). Reads durable states; call on the worker pool.
  std::string ExpandedInvoiceJson(const std::string& organization_id,
                                  const domain::InvoiceState& invoice, const Expansion& expand);
  // The invoice's members that `expand` asks for, as `"name":value` pairs, for list items.
  std::map<std::string, std::string> InvoiceExpansions(const std::string& organization_id,
                                                       const std::string& invoice_id,
                                                       const Expansion& expand);

  static ApiResponse Error(const domain::Error& error);
  static ApiResponse ErrorWithStatus(unsigned status, const domain::Error& error);

 private:
  void DeclareRoutes();
  void DeclareCustomerRoutes();
  void DeclareInvoiceRoutes();
  void DeclarePaymentRoutes();
  void DeclareCatalogRoutes();
  void DeclareApiKeyRoutes();
  void DeclareListRoutes();
  void DeclareReportRoutes();
  void DeclareWebhookRoutes();
  void DeclareWebhookDeliveryRoutes();
  void DeclareEventRoutes();
  // The body of GET /v1/events/stream (event_stream.cc).
  struct StreamStart {
    std::string organization_id;
    uint64_t position = 0;  // resume after (position, ordinal)
    int64_t ordinal = INT64_MAX;
    std::vector<std::string> types;  // empty: all
  };
  BodyStream EventStream(StreamStart start);
  // Where the URL's host resolves, checked against the target policy (blocking: on a worker).
  domain::Result<void> CheckWebhookUrlTarget(std::string_view url) const;
  // The last position each organization wrote (for reading its own writes).
  uint64_t LastWritten(const std::string& organization_id);
  void Wrote(const std::string& organization_id, uint64_t position);
  HttpResponse Render(const ApiResponse& response, std::string_view request_id,
                      unsigned http_version, Locale locale) const;

  eventstore::EventStore& store_;
  asio::thread_pool& workers_;
  ApiKeyDirectory& keys_;
  CommandProcessor& processor_;
  projections::ReadModels& read_models_;
  CommandProcessor::Clock clock_;
  EventServices webhooks_;
  std::mutex written_mutex_;
  std::unordered_map<std::string, uint64_t> last_written_;  // organization → position
  RateLimiter rate_limiter_;
  Router<Handler> router_;
  std::shared_ptr<prometheus::Registry> registry_;
  RequestMetrics request_metrics_;
  prometheus::Gauge* in_flight_;
  prometheus::Gauge* log_head_;
  prometheus::Gauge* read_model_checkpoint_;
  prometheus::Gauge* read_model_lag_;
  prometheus::Histogram* read_model_lag_seconds_;
  projections::Projector::LagStats lag_seen_;
  // The event store's group commits, folded in at each scrape.
  prometheus::Counter* store_commits_;
  prometheus::Counter* store_appends_;
  prometheus::Counter* store_events_;
  prometheus::Histogram* store_commit_seconds_;
  prometheus::Histogram* store_batch_appends_;
  prometheus::Gauge* store_queue_depth_;
  prometheus::Gauge* outbox_checkpoint_;
  prometheus::Gauge* outbox_lag_;
  prometheus::Gauge* webhooks_in_flight_;
  prometheus::Family<prometheus::Counter>* webhook_attempts_;
  WebhookDispatcher::Stats webhook_stats_seen_;
  prometheus::Gauge* streams_open_;
  std::mutex store_stats_mutex_;
  eventstore::EventStore::Stats store_stats_seen_;
  void CollectStoreStats();
};

template <typename State>
asio::awaitable<domain::Result<std::shared_ptr<const State>>> App::ReadDurable(
    const RequestContext& context, std::string id) {
  DurableStates& states = processor_.durable_states();
  DurableStates::State cached = states.Get(StreamIdFor(context.grant.organization_id, id));
  if (cached != nullptr && std::holds_alternative<State>(*cached)) {
    co_return std::shared_ptr<const State>(cached, &std::get<State>(*cached));
  }
  co_await OnWorker();
  co_return DurableStateNow<State>(states, store_, context.grant.organization_id, id);
}

}  // namespace factura::api
