#pragma once
// The webhook outbox (DESIGN.md §5): which event goes to which endpoint, and every attempt.
//
// A projection of the log in its own SQLite file (data/outbox.sqlite), apart from the read
// models: rebuilding those must never send anything twice. Following the log, it keeps the
// endpoints' subscriptions (from their events, in log order, so an event goes to the endpoints
// subscribed when it happened) and creates one delivery per (webhook event, subscribed active
// endpoint), in the same transaction as its checkpoint: after a crash none is lost and none is
// created twice. The dispatcher then takes due deliveries, records each attempt and schedules
// the next.
//
// Thread safety: every method may be called from any thread (one connection, one mutex; every
// operation is short).

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/error.h"
#include "eventstore/event_store.h"
#include "projections/queries.h"
#include "projections/sqlite.h"

namespace factura::projections {

struct Delivery {
  int64_t id = 0;  // shown as "whdl_<id>"
  std::string organization_id;
  std::string endpoint_id;
  std::string event_id;
  std::string type;
  uint64_t position = 0;  // of the log record; 0 for a test event
  int64_t ordinal = 0;
  std::string status;  // pending, succeeded, failed (gave up), canceled (endpoint gone)
  std::string origin;  // event, replay, test
  int64_t attempts = 0;
  int64_t next_attempt_at = 0;  // micros; meaningful while pending
  int64_t created_at = 0;
  std::optional<int64_t> last_status_code;
  std::optional<std::string> last_error;
};

struct DeliveryAttempt {
  int64_t number = 0;
  int64_t at = 0;  // micros
  std::optional<int64_t> status_code;
  int64_t latency_ms = 0;
  std::optional<std::string> error;
};

// What an attempt leads to.
struct AttemptOutcome {
  std::string status;               // pending (retry at next_attempt_at), succeeded, failed
  int64_t next_attempt_at = 0;      // when pending
  bool endpoint_succeeded = false;  // clears the endpoint's failing_since
};

struct AttemptRecord {
  int64_t delivery_id = 0;
  DeliveryAttempt attempt;
  AttemptOutcome outcome;
};

std::string DeliveryPublicId(int64_t id);
std::optional<int64_t> ParseDeliveryId(std::string_view id);

class Outbox {
 public:
  static constexpr size_t kMaxBatch = 1'000;

  // Errors: kInternal `sqlite_error`.
  [[nodiscard]] static domain::Result<std::unique_ptr<Outbox>> Open(
      const eventstore::EventStore& store, const std::string& path);

  uint64_t checkpoint() const;

  // Projects at most `max_records` log records after the checkpoint, in one transaction.
  // Returns how many deliveries it created. Errors: the store's, the codec's, SQLite's.
  [[nodiscard]] domain::Result<size_t> ProjectFromLog(size_t max_records);

  // Pending deliveries due at `now`, oldest due first, leaving out `busy` ones (in flight) and
  // those of `saturated` endpoints (at their concurrency limit), so a slow endpoint's backlog
  // never holds up the others'.
  [[nodiscard]] domain::Result<std::vector<Delivery>> Due(
      int64_t now, size_t max_count, const std::vector<int64_t>& busy,
      const std::vector<std::string>& saturated);
  // The earliest next_attempt_at of a pending delivery, if any.
  [[nodiscard]] domain::Result<std::optional<int64_t>> NextDue();

  // Records attempts and their outcomes, all in one transaction.
  [[nodiscard]] domain::Result<void> RecordAttempts(const std::vector<AttemptRecord>& records);
  [[nodiscard]] domain::Result<void> Cancel(int64_t delivery_id, std::string reason);
  // Since when the endpoint has failed without a success (micros), set on its first failure.
  [[nodiscard]] domain::Result<std::optional<int64_t>> MarkEndpointFailing(
      const std::string& endpoint_id, int64_t now);

  // Deletes at most `max_count` finished deliveries (succeeded, failed, canceled) created before
  // `before` (micros), with their attempts; pending ones stay whatever their age. Returns how
  // many. Replays recreate deliveries from the event list, which is kept forever.
  [[nodiscard]] domain::Result<size_t> SweepFinished(int64_t before, size_t max_count);

  // For the API.
  struct DeliveryPage {
    std::vector<std::pair<Delivery, std::vector<DeliveryAttempt>>> deliveries;
    bool has_more = false;
  };
  // Newest first; `starting_after`: a delivery id of an earlier page.
  [[nodiscard]] domain::Result<DeliveryPage> ListDeliveries(const std::string& organization_id,
                                                            const std::string& endpoint_id,
                                                            size_t limit,
                                                            std::optional<int64_t> starting_after);
  [[nodiscard]] domain::Result<std::optional<std::pair<Delivery, std::vector<DeliveryAttempt>>>>
  FindDelivery(const std::string& organization_id, const std::string& endpoint_id, int64_t id);
  // Makes a finished or pending delivery due now (a manual retry). nullopt when not found.
  [[nodiscard]] domain::Result<bool> Retry(const std::string& organization_id,
                                           const std::string& endpoint_id, int64_t id, int64_t now);
  struct NewDelivery {
    std::string event_id;
    std::string type;
    uint64_t position = 0;
    int64_t ordinal = 0;
  };
  // Adds deliveries (replays, tests) due now; returns their ids.
  [[nodiscard]] domain::Result<std::vector<int64_t>> Enqueue(
      const std::string& organization_id, const std::string& endpoint_id,
      const std::vector<NewDelivery>& deliveries, std::string_view origin, int64_t now);

 private:
  struct Endpoint {
    std::string organization_id;
    std::vector<std::string> events;
    bool active = true;
    bool deleted = false;
  };
  Outbox(const eventstore::EventStore& store, std::unique_ptr<projections::Database> db);
  [[nodiscard]] domain::Result<void> Load();
  // Organization → endpoint id → subscription.
  using Subscriptions = std::map<std::string, std::map<std::string, Endpoint>, std::less<>>;
  // Stages one record: its deliveries, or (an endpoint's event) a change to the subscriptions,
  // made in `changed`, a copy of subscriptions_ taken at the batch's first such change.
  [[nodiscard]] domain::Result<size_t> Stage(
      const eventstore::EventRecordView& record, std::optional<Subscriptions>& changed,
      std::vector<std::pair<std::string, std::string>>& touched);
  [[nodiscard]] domain::Result<std::vector<DeliveryAttempt>> AttemptsOf(int64_t delivery_id);
  [[nodiscard]] domain::Result<std::vector<Delivery>> Select(
      std::string_view where, const std::vector<projections::Value>& values);

  // The statement for `sql`, prepared on first use and kept (reset after each use).
  [[nodiscard]] domain::Result<projections::Statement*> Cached(std::string_view sql);

  const eventstore::EventStore& store_;
  mutable std::mutex mutex_;
  std::unique_ptr<projections::Database> db_;
  std::unordered_map<std::string, projections::Statement> statements_;
  // Written under mutex_, read without it: /metrics and /readyz (on I/O threads) must not wait
  // for a batch in progress.
  std::atomic<uint64_t> checkpoint_{0};
  uint64_t persisted_checkpoint_ = 0;  // the one in the file
  std::chrono::steady_clock::time_point persisted_at_;
  static constexpr uint64_t kCheckpointEvery = 10'000;
  static constexpr auto kCheckpointInterval = std::chrono::seconds(1);
  Subscriptions subscriptions_;  // as of the checkpoint
};

}  // namespace factura::projections
