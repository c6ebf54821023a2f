#pragma once
// The server's Prometheus metrics (GET /metrics): requests by route (RequestMetrics), requests in
// flight, open event streams, and the state of the parts behind the API — the event store's
// group commits, the read models' checkpoint and lag, the webhook outbox and dispatcher — folded
// in at each scrape from the counters those parts keep themselves.
//
//   ServerMetrics metrics(store, read_models, outbox, dispatcher);
//   metrics.RequestStarted(); ... metrics.RequestFinished("invoices.create", "POST", 201, 0.004);
//   std::string text = metrics.Scrape();
//
// Thread safety: every method may be called from any thread.

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "api/http/request_metrics.h"
#include "api/webhooks/dispatcher.h"
#include "eventstore/event_store.h"
#include "projections/read_models.h"
#include "projections/webhook_outbox.h"

namespace factura::api {

class ServerMetrics {
 public:
  // `outbox` and `dispatcher` may be null (a server without webhook delivery). The parts must
  // outlive this object.
  ServerMetrics(eventstore::EventStore& store, projections::ReadModels& read_models,
                const projections::Outbox* outbox, WebhookDispatcher* dispatcher);

  void RequestStarted() { in_flight_->Increment(); }
  void RequestFinished(std::string_view route, std::string_view method, unsigned status,
                       double seconds);
  // A request refused before it reached a route (a timeout, an oversized body).
  void RequestRefused(unsigned status) { requests_.RecordRefusal(status); }
  void StreamOpened() { streams_open_->Increment(); }
  void StreamClosed() { streams_open_->Decrement(); }

  // Every series in Prometheus' text format, the parts' counters brought up to date first.
  [[nodiscard]] std::string Scrape();

  prometheus::Registry& registry() { return *registry_; }

 private:
  void Collect();

  eventstore::EventStore& store_;
  projections::ReadModels& read_models_;
  const projections::Outbox* outbox_;
  WebhookDispatcher* dispatcher_;
  std::shared_ptr<prometheus::Registry> registry_;
  RequestMetrics requests_;
  prometheus::Gauge* in_flight_;
  prometheus::Gauge* log_head_;
  prometheus::Gauge* streams_open_;
  prometheus::Gauge* read_model_checkpoint_;
  prometheus::Gauge* read_model_lag_;
  prometheus::Histogram* read_model_lag_seconds_;
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

  // What the last scrape saw of the parts' own counters, under mutex_: a scrape adds the
  // difference.
  std::mutex mutex_;
  projections::Projector::LagStats lag_seen_;
  WebhookDispatcher::Stats webhook_stats_seen_;
  eventstore::EventStore::Stats store_stats_seen_;
};

}  // namespace factura::api
