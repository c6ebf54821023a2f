#pragma once
// The event store: a durable, ordered, hash-chained log of domain events on RocksDB.
//
// One writer thread owns global positions and expected-version checks. Appends are queued; the
// writer commits everything that queued while the previous fsync ran as one WriteBatch with
// sync=true (group commit) and only then calls the appends' callbacks, in submission order. A
// caller may submit append N+1 before N is durable (pipelining). Positions are assigned at
// commit, dense and in order, so a reader never sees a hole that might still fill.
//
//   auto store = EventStore::Open({.path = "data/events"});
//   (*store)->AppendAsync(std::move(request), [](Result<AppendResult> r) { ... });
//   auto page = (*store)->ReadLog(/*from_position=*/1, /*max_count=*/500);
//
// Thread safety: every method may be called from any thread. Callbacks run on the store's
// completion thread, one batch after another in commit order, while the writer already commits
// the next batch. They must not block for long: a stuck callback stalls completions, then (once
// 64 batches wait) the writer, then AppendAsync fails fast with kUnavailable.
//
// Recovery: RocksDB's WAL is replayed with kTolerateCorruptedTailRecords. A torn record at the
// very end of the WAL (a write that was cut off, so never acknowledged) is dropped; corruption
// anywhere before the tail makes Open fail with kDataLoss rather than silently drop acknowledged
// events (kPointInTimeRecovery would stop at it and lose everything after). On open the last
// record's hash is recomputed and compared with the head stored beside it.

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"
#include "domain/events.h"
#include "eventstore/idempotency.h"
#include "eventstore/record.h"

namespace factura::eventstore {

class ExpectedVersion {
 public:
  enum class Kind : uint8_t { kAny, kNoStream, kExists, kExact };
  static ExpectedVersion Any() { return {Kind::kAny, 0}; }
  static ExpectedVersion NoStream() { return {Kind::kNoStream, 0}; }
  static ExpectedVersion Exists() { return {Kind::kExists, 0}; }
  static ExpectedVersion Exact(uint64_t version) { return {Kind::kExact, version}; }

  Kind kind() const { return kind_; }
  uint64_t version() const { return version_; }
  bool Accepts(uint64_t actual) const;

 private:
  ExpectedVersion(Kind kind, uint64_t version) : kind_(kind), version_(version) {}
  Kind kind_;
  uint64_t version_;
};

struct StreamAppend {
  std::string stream_id;
  ExpectedVersion expected = ExpectedVersion::Any();
  std::vector<domain::Event> events;
};

struct AppendMetadata {
  std::string organization_id;
  std::string actor;
  std::string request_id;
  std::string causation_id;
  std::string correlation_id;
};

// All or nothing: every stream's expectation holds and all events are written, or none.
struct AppendRequest {
  std::vector<StreamAppend> streams;
  AppendMetadata metadata;
  // Written in the same batch; its `position` is filled in with the last event's position.
  std::optional<IdempotencyRecord> idempotency;
};

struct AppendResult {
  uint64_t first_position = 0;  // 0 when the request carried no events
  uint64_t last_position = 0;
  std::vector<uint64_t> stream_versions;  // each stream's new version, in request order
  std::vector<std::string> event_ids;     // in append order
};

using AppendCallback = std::function<void(domain::Result<AppendResult>)>;

struct EventStoreOptions {
  std::string path;
  size_t max_queued_appends = 8192;  // beyond this AppendAsync fails fast with kUnavailable
  size_t max_batch_appends = 2048;   // appends committed by one fsync at most
  size_t max_events_per_append = 10'000;
  // Group commit under load: once a batch had at least `commit_min_appends` appends, a writer
  // that then finds fewer queued waits up to `commit_wait` for that many before committing, so
  // that one fsync serves several appends rather than the first alone (which made the rest wait
  // a whole fsync more). After a smaller batch (a quiet store) it commits at once. 0: never waits.
  size_t commit_min_appends = 8;
  std::chrono::microseconds commit_wait{500};
  // The clock that stamps `recorded_at` and judges idempotency expiry; tests inject one.
  std::function<domain::Timestamp()> clock;
  uint64_t id_seed = 0;  // seed of event-id randomness; 0 = from the OS
};

class EventStore {
 public:
  // Opens or creates the store. Errors: kDataLoss (WAL corruption before the tail, a broken head
  // hash), kInternal (I/O, lock held by another process).
  [[nodiscard]] static domain::Result<std::unique_ptr<EventStore>> Open(EventStoreOptions options);

  // Commits every append still queued, then stops the writer.
  ~EventStore();
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // Queues the append; `done` runs once, on the completion thread, after the batch holding it is
  // durable (or with its error). Errors returned here, without calling `done`: kUnavailable
  // (queue full, store stopping or failed), kInvalidArgument (bad stream id, too many events).
  // Errors passed to `done`: kConflict `wrong_expected_version` (param: the stream id, message:
  // the actual version), kAlreadyExists `idempotency_key_used`, kInternal `event_store_failed`.
  [[nodiscard]] domain::Result<void> AppendAsync(AppendRequest request, AppendCallback done);

  // AppendAsync, waiting for the outcome. For tools and tests; servers use AppendAsync.
  [[nodiscard]] domain::Result<AppendResult> Append(AppendRequest request);

  // At most `max_count` (capped at kMaxPage) records of the stream from `from_version` on.
  [[nodiscard]] domain::Result<std::vector<EventRecord>> ReadStream(std::string_view stream_id,
                                                                    uint64_t from_version,
                                                                    size_t max_count) const;
  // At most `max_count` (capped at kMaxPage) records of the log from `from_position` on.
  [[nodiscard]] domain::Result<std::vector<EventRecord>> ReadLog(uint64_t from_position,
                                                                 size_t max_count) const;
  // Calls `visit` with each record from `from_position` on, at most `max_count`, without
  // copying them (the views die after each call), until `visit` returns false. Returns the
  // position of the last record visited (from_position - 1 when none). For replay and
  // projections, where copying every field of every record would cost more than using it.
  [[nodiscard]] domain::Result<uint64_t> ScanLog(
      uint64_t from_position, size_t max_count,
      const std::function<bool(const EventRecordView&)>& visit) const;
  // The stream's current version; 0 when it does not exist.
  [[nodiscard]] domain::Result<uint64_t> StreamVersion(std::string_view stream_id) const;

  // The last durable position (0 when empty) and its hash.
  uint64_t HeadPosition() const;
  Hash HeadHash() const;
  // Blocks until the head passes `after_position` or the timeout elapses; returns the head.
  uint64_t WaitForHead(uint64_t after_position, std::chrono::milliseconds timeout) const;

  // The unexpired record for (organization, key), if any.
  [[nodiscard]] domain::Result<std::optional<IdempotencyRecord>> LookupIdempotency(
      std::string_view organization_id, std::string_view key) const;
  // Removes expired idempotency records now (compaction also drops them). Returns how many.
  [[nodiscard]] domain::Result<size_t> SweepExpiredIdempotency();

  // Writes records exported from another store, in order, keeping their positions, ids and
  // hashes. Only into an empty store, and only a chain that verifies from position 1.
  // Errors: kFailedPrecondition `store_not_empty`, kDataLoss `chain_broken` (param: position).
  [[nodiscard]] domain::Result<void> ImportRecords(const std::vector<EventRecord>& records);

  // Counters since open, for metrics. Thread-safe, cheap.
  // Upper bounds of the histogram buckets in Stats (a last, unbounded bucket follows each).
  static constexpr std::array<uint64_t, 12> kCommitMicrosBounds{
      100, 250, 500, 1'000, 2'500, 5'000, 10'000, 25'000, 50'000, 100'000, 250'000, 1'000'000};
  static constexpr std::array<uint64_t, 11> kBatchAppendsBounds{1,  2,   4,   8,   16,  32,
                                                                64, 128, 256, 512, 1024};
  struct Stats {
    uint64_t batches = 0;        // group commits (one fsync each)
    uint64_t appends = 0;        // appends committed
    uint64_t events = 0;         // events committed
    uint64_t commit_micros = 0;  // time spent in the batches' writes, fsync included
    uint64_t queued = 0;         // appends waiting now
    // Group commits by their write + fsync time (kCommitMicrosBounds) and by their number of
    // appends (kBatchAppendsBounds); each has one bucket more than its bounds, counts not
    // cumulative.
    std::array<uint64_t, kCommitMicrosBounds.size() + 1> commit_micros_buckets{};
    std::array<uint64_t, kBatchAppendsBounds.size() + 1> batch_appends_buckets{};
  };
  Stats GetStats() const;

  // True once a write failed: the store accepts nothing more and the process should restart.
  bool failed() const;

  static constexpr size_t kMaxPage = 10'000;

  class Impl;

 private:
  explicit EventStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace factura::eventstore
