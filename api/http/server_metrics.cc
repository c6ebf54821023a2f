#include "api/http/server_metrics.h"

#include <prometheus/text_serializer.h>

#include <tuple>
#include <vector>

namespace factura::api {
namespace {

// The increments from `seen` to `now`, bucket by bucket, as ObserveMultiple takes them.
template <typename Buckets>
std::vector<double> Increments(const Buckets& now, const Buckets& seen) {
  std::vector<double> out;
  out.reserve(now.size());
  for (size_t i = 0; i < now.size(); ++i) out.push_back(static_cast<double>(now[i] - seen[i]));
  return out;
}

}  // namespace

ServerMetrics::ServerMetrics(eventstore::EventStore& store, projections::ReadModels& read_models,
                             const projections::Outbox* outbox, WebhookDispatcher* dispatcher)
    : store_(store),
      read_models_(read_models),
      outbox_(outbox),
      dispatcher_(dispatcher),
      registry_(std::make_shared<prometheus::Registry>()),
      requests_(*registry_) {
  auto gauge = [&](const char* name, const char* help) {
    return &prometheus::BuildGauge().Name(name).Help(help).Register(*registry_).Add({});
  };
  auto counter = [&](const char* name, const char* help) {
    return &prometheus::BuildCounter().Name(name).Help(help).Register(*registry_).Add({});
  };
  auto histogram = [&](const char* name, const char* help, auto bounds, double unit) {
    prometheus::Histogram::BucketBoundaries boundaries;
    for (uint64_t bound : bounds) boundaries.push_back(static_cast<double>(bound) * unit);
    return &prometheus::BuildHistogram()
                .Name(name)
                .Help(help)
                .Register(*registry_)
                .Add({}, boundaries);
  };
  in_flight_ = gauge("factura_http_requests_in_flight", "HTTP requests being handled");
  log_head_ =
      gauge("factura_event_log_head_position", "The last durable position of the event log");
  read_model_checkpoint_ = gauge("factura_read_model_checkpoint_position",
                                 "The last log position applied to the read models");
  read_model_lag_ =
      gauge("factura_read_model_lag_positions", "Log positions not yet applied to the read models");
  store_commits_ = counter("factura_event_store_commits_total",
                           "Group commits (one fsync each) of the event store");
  store_appends_ = counter("factura_event_store_appends_total", "Appends committed");
  store_events_ = counter("factura_event_store_events_total", "Events committed");
  store_commit_seconds_ = histogram("factura_event_store_commit_duration_seconds",
                                    "Write + fsync time of each group commit",
                                    eventstore::EventStore::kCommitMicrosBounds, 1e-6);
  read_model_lag_seconds_ =
      histogram("factura_read_model_lag_seconds",
                "Time from an event's commit to the log to its batch's commit to the read models",
                projections::Projector::kLagMillisBounds, 1e-3);
  store_batch_appends_ =
      histogram("factura_event_store_batch_appends", "Appends per group commit (batch size)",
                eventstore::EventStore::kBatchAppendsBounds, 1.0);
  store_queue_depth_ =
      gauge("factura_event_store_write_queue_depth", "Appends waiting for the writer");
  outbox_checkpoint_ = gauge("factura_webhook_outbox_checkpoint_position",
                             "The last log position the webhook outbox has turned into deliveries");
  outbox_lag_ = gauge("factura_webhook_outbox_lag_positions",
                      "Log positions the webhook outbox has not looked at yet");
  webhooks_in_flight_ = gauge("factura_webhook_deliveries_in_flight", "Webhook attempts under way");
  webhook_attempts_ =
      &prometheus::BuildCounter()
           .Name("factura_webhook_attempts_total")
           .Help("Webhook delivery attempts by outcome (succeeded, retrying, failed)")
           .Register(*registry_);
  streams_open_ = gauge("factura_event_streams_open", "Open /v1/events/stream connections");
}

void ServerMetrics::RequestFinished(std::string_view route, std::string_view method,
                                    unsigned status, double seconds) {
  log_head_->Set(static_cast<double>(store_.HeadPosition()));
  requests_.Record(route, method, status, seconds);
  in_flight_->Decrement();
}

std::string ServerMetrics::Scrape() {
  Collect();
  prometheus::TextSerializer serializer;
  return serializer.Serialize(registry_->Collect());
}

void ServerMetrics::Collect() {
  std::lock_guard lock(mutex_);
  uint64_t head = store_.HeadPosition();
  if (outbox_ != nullptr && dispatcher_ != nullptr) {
    uint64_t outbox = outbox_->checkpoint();
    outbox_checkpoint_->Set(static_cast<double>(outbox));
    outbox_lag_->Set(static_cast<double>(head > outbox ? head - outbox : 0));
    WebhookDispatcher::Stats webhooks = dispatcher_->GetStats();
    webhooks_in_flight_->Set(static_cast<double>(webhooks.in_flight));
    for (auto [outcome, now, seen] :
         {std::tuple{"succeeded", webhooks.succeeded, webhook_stats_seen_.succeeded},
          {"retrying", webhooks.retrying, webhook_stats_seen_.retrying},
          {"failed", webhooks.failed, webhook_stats_seen_.failed}}) {
      webhook_attempts_->Add({{"outcome", outcome}}).Increment(static_cast<double>(now - seen));
    }
    webhook_stats_seen_ = webhooks;
  }
  projections::Projector& projector = read_models_.projector();
  uint64_t checkpoint = projector.checkpoint();
  read_model_checkpoint_->Set(static_cast<double>(checkpoint));
  read_model_lag_->Set(static_cast<double>(head > checkpoint ? head - checkpoint : 0));
  projections::Projector::LagStats lag = projector.lag();
  read_model_lag_seconds_->ObserveMultiple(
      Increments(lag.buckets, lag_seen_.buckets),
      static_cast<double>(lag.total_micros - lag_seen_.total_micros) / 1e6);
  lag_seen_ = lag;
  eventstore::EventStore::Stats now = store_.GetStats();
  store_commits_->Increment(static_cast<double>(now.batches - store_stats_seen_.batches));
  store_appends_->Increment(static_cast<double>(now.appends - store_stats_seen_.appends));
  store_events_->Increment(static_cast<double>(now.events - store_stats_seen_.events));
  store_commit_seconds_->ObserveMultiple(
      Increments(now.commit_micros_buckets, store_stats_seen_.commit_micros_buckets),
      static_cast<double>(now.commit_micros - store_stats_seen_.commit_micros) / 1e6);
  store_batch_appends_->ObserveMultiple(
      Increments(now.batch_appends_buckets, store_stats_seen_.batch_appends_buckets),
      static_cast<double>(now.appends - store_stats_seen_.appends));
  store_queue_depth_->Set(static_cast<double>(now.queued));
  store_stats_seen_ = now;
}

}  // namespace factura::api
