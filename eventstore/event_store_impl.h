#pragma once
// Internals of EventStore shared by event_store.cc (open, reads, import) and writer.cc (the
// group-commit writer). Not for use outside eventstore/.

#include <rocksdb/compaction_filter.h>
#include <rocksdb/db.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "domain/ids.h"
#include "eventstore/event_store.h"
#include "eventstore/lru_map.h"

namespace factura::eventstore {

struct PreparedEvent {
  std::string_view type;
  uint32_t schema_version = 0;
  std::string payload;
};

struct PreparedStream {
  std::string stream_id;
  ExpectedVersion expected = ExpectedVersion::Any();
  std::vector<PreparedEvent> events;
};

// An append with its payloads already encoded (on the caller's thread, not the writer's).
struct PreparedAppend {
  std::vector<PreparedStream> streams;
  AppendMetadata metadata;
  std::optional<IdempotencyRecord> idempotency;
  AppendCallback done;
};

class EventStore::Impl {
 public:
  explicit Impl(EventStoreOptions store_options);
  ~Impl();

  domain::Result<void> OpenDatabase();
  domain::Result<void> VerifyHeadOnOpen();
  domain::Result<void> Enqueue(PreparedAppend append);
  void StartWriter();
  void StopWriter();

  domain::Timestamp Now() const { return options.clock(); }
  domain::Result<uint64_t> ReadStreamHead(std::string_view stream_id) const;
  void PublishHead(uint64_t position, const Hash& hash);

  EventStoreOptions options;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::ColumnFamilyHandle* log_family = nullptr;
  rocksdb::ColumnFamilyHandle* streams_family = nullptr;
  rocksdb::ColumnFamilyHandle* idempotency_family = nullptr;
  rocksdb::ColumnFamilyHandle* meta_family = nullptr;

  // The durable head, published by the writer after each commit.
  mutable std::mutex head_mutex;
  mutable std::condition_variable head_changed;
  std::atomic<uint64_t> head_position{0};
  Hash head_hash{};

  std::atomic<bool> failed{false};
  std::atomic<uint64_t> stat_batches{0};
  std::atomic<uint64_t> stat_appends{0};
  std::atomic<uint64_t> stat_events{0};
  std::atomic<uint64_t> stat_commit_micros{0};
  std::atomic<uint64_t> stat_queued{0};
  std::array<std::atomic<uint64_t>, EventStore::kCommitMicrosBounds.size() + 1>
      stat_commit_micros_buckets{};
  std::array<std::atomic<uint64_t>, EventStore::kBatchAppendsBounds.size() + 1>
      stat_batch_appends_buckets{};

 private:
  friend class EventStore;
  void WriterLoop();
  void CompleterLoop();
  // Hands a committed batch's callbacks to the completer thread; waits while kMaxPendingBatches
  // are already waiting, so a stuck callback eventually stops the writer instead of memory.
  void HandOver(std::vector<std::pair<AppendCallback, domain::Result<AppendResult>>> completions);
  void CommitBatch(std::vector<PreparedAppend>& batch);
  domain::Result<AppendResult> StageAppend(PreparedAppend& append, rocksdb::WriteBatch& batch,
                                           uint64_t& position, Hash& hash,
                                           domain::Timestamp recorded_at);
  domain::Result<uint64_t> CurrentVersion(const std::string& stream_id);
  void FailEverything(const domain::Error& error);

  std::mutex queue_mutex_;
  std::condition_variable queue_changed_;
  std::deque<PreparedAppend> queue_;
  bool stopping_ = false;
  bool importing_ = false;
  size_t in_flight_ = 0;           // appends taken off the queue and not yet answered
  size_t last_batch_appends_ = 0;  // the writer's last batch (EventStoreOptions::commit_wait)
  std::thread writer_;

  // Callbacks run on their own thread, in commit order, so that the writer starts the next
  // batch's fsync while the previous batch's callers are told.
  static constexpr size_t kMaxPendingBatches = 64;
  std::mutex completion_mutex_;
  std::condition_variable completion_changed_;
  std::deque<std::vector<std::pair<AppendCallback, domain::Result<AppendResult>>>> completions_;
  bool completer_stopping_ = false;
  std::thread completer_;
  std::unique_ptr<const rocksdb::CompactionFilter> compaction_filter_;  // outlives `db`

  // Owned by the writer thread (and by ImportRecords while appends are shut out).
  // Stream heads the writer checked or wrote; past this many, the least recently used are
  // forgotten and re-read from the index on demand.
  static constexpr size_t kMaxCachedStreamHeads = 1 << 20;
  LruMap<uint64_t> stream_heads_{kMaxCachedStreamHeads};
  std::unordered_map<std::string, uint64_t> batch_heads_;  // this batch's staged versions
  domain::IdGenerator event_ids_;
  uint64_t committed_position_ = 0;
  Hash committed_hash_{};
};

}  // namespace factura::eventstore
