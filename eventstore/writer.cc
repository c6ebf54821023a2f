// The group-commit writer: one thread, one WriteBatch (sync=true) per round, callbacks in
// submission order after the fsync.
#include <pthread.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <chrono>
#include <unordered_set>

#include "eventstore/event_store_impl.h"
#include "eventstore/rocks_status.h"

namespace factura::eventstore {
namespace {

domain::Error StoreFailed(std::string message) {
  return domain::Error{domain::ErrorKind::kInternal, "event_store_failed", "", std::move(message)};
}

// The histogram bucket of `value`: the first bound it does not exceed, or the last bucket.
template <size_t N>
size_t BucketOf(const std::array<uint64_t, N>& bounds, uint64_t value) {
  return static_cast<size_t>(std::lower_bound(bounds.begin(), bounds.end(), value) -
                             bounds.begin());
}

}  // namespace

bool ExpectedVersion::Accepts(uint64_t actual) const {
  switch (kind_) {
    case Kind::kAny:
      return true;
    case Kind::kNoStream:
      return actual == 0;
    case Kind::kExists:
      return actual > 0;
    case Kind::kExact:
      return actual == version_;
  }
  return false;
}

domain::Result<void> EventStore::Impl::Enqueue(PreparedAppend append) {
  std::lock_guard lock(queue_mutex_);
  if (failed.load()) {
    return domain::Reject(domain::ErrorKind::kUnavailable, "event_store_failed", "",
                          "The event store failed a write and accepts nothing more");
  }
  if (stopping_ || importing_) {
    return domain::Reject(domain::ErrorKind::kUnavailable, "event_store_stopping", "",
                          "The event store is not accepting appends");
  }
  if (queue_.size() >= options.max_queued_appends) {
    return domain::Reject(domain::ErrorKind::kUnavailable, "write_queue_full", "",
                          "Too many writes are waiting; retry shortly");
  }
  queue_.push_back(std::move(append));
  stat_queued = queue_.size();
  // The writer waits either for a first append or, under load, for commit_min_appends of them:
  // an append in between would wake it for nothing. All: an import may be waiting here too.
  if (queue_.size() == 1 || queue_.size() >= options.commit_min_appends) {
    queue_changed_.notify_all();
  }
  return {};
}

void EventStore::Impl::StartWriter() {
  // Named so that `top -H` and profiles tell the store's threads apart.
  completer_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "es-completer");
    CompleterLoop();
  });
  writer_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "es-writer");
    WriterLoop();
  });
}

void EventStore::Impl::StopWriter() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_changed_.notify_all();
  if (writer_.joinable()) writer_.join();
  {
    std::lock_guard lock(completion_mutex_);
    completer_stopping_ = true;
  }
  completion_changed_.notify_all();
  if (completer_.joinable()) completer_.join();
}

void EventStore::Impl::HandOver(
    std::vector<std::pair<AppendCallback, domain::Result<AppendResult>>> completions) {
  std::unique_lock lock(completion_mutex_);
  completion_changed_.wait(lock, [&] { return completions_.size() < kMaxPendingBatches; });
  completions_.push_back(std::move(completions));
  completion_changed_.notify_all();
}

void EventStore::Impl::CompleterLoop() {
  while (true) {
    std::vector<std::pair<AppendCallback, domain::Result<AppendResult>>> completions;
    {
      std::unique_lock lock(completion_mutex_);
      completion_changed_.wait(lock, [&] { return completer_stopping_ || !completions_.empty(); });
      if (completions_.empty()) return;  // stopping, and every callback has run
      completions = std::move(completions_.front());
      completions_.pop_front();
    }
    completion_changed_.notify_all();  // room for the writer
    for (auto& [done, outcome] : completions) done(std::move(outcome));
  }
}

void EventStore::Impl::WriterLoop() {
  std::vector<PreparedAppend> batch;
  while (true) {
    {
      std::unique_lock lock(queue_mutex_);
      queue_changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (last_batch_appends_ >= options.commit_min_appends &&
          queue_.size() < options.commit_min_appends) {
        queue_changed_.wait_for(lock, options.commit_wait, [&] {
          return stopping_ || queue_.size() >= options.commit_min_appends;
        });
      }
      if (queue_.empty()) return;  // stopping, and everything queued was committed
      size_t count = std::min(queue_.size(), options.max_batch_appends);
      last_batch_appends_ = count;
      batch.assign(std::make_move_iterator(queue_.begin()),
                   std::make_move_iterator(queue_.begin() + static_cast<ptrdiff_t>(count)));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(count));
      stat_queued = queue_.size();
      in_flight_ = count;
    }
    CommitBatch(batch);
    batch.clear();
    {
      std::lock_guard lock(queue_mutex_);
      in_flight_ = 0;
    }
    queue_changed_.notify_all();  // ImportRecords waits for an idle writer
  }
}

domain::Result<uint64_t> EventStore::Impl::CurrentVersion(const std::string& stream_id) {
  if (auto staged = batch_heads_.find(stream_id); staged != batch_heads_.end()) {
    return staged->second;
  }
  if (const uint64_t* cached = stream_heads_.Find(stream_id)) return *cached;
  auto version = ReadStreamHead(stream_id);
  if (version) {
    stream_heads_.Put(stream_id, *version);
  }
  return version;
}

domain::Result<AppendResult> EventStore::Impl::StageAppend(PreparedAppend& append,
                                                           rocksdb::WriteBatch& batch,
                                                           uint64_t& position, Hash& hash,
                                                           domain::Timestamp recorded_at) {
  // Check every expectation before staging anything: all or nothing.
  std::vector<uint64_t> versions;
  for (const PreparedStream& stream : append.streams) {
    auto actual = CurrentVersion(stream.stream_id);
    if (!actual) return std::unexpected(actual.error());
    if (!stream.expected.Accepts(*actual)) {
      return domain::Reject(
          domain::ErrorKind::kConflict, "wrong_expected_version", stream.stream_id,
          "Stream '" + stream.stream_id + "' is at version " + std::to_string(*actual));
    }
    versions.push_back(*actual);
  }
  std::string idempotency_key;
  if (append.idempotency) {
    idempotency_key = IdempotencyKey(append.idempotency->organization_id, append.idempotency->key);
    std::string existing;
    rocksdb::Status status =
        db->Get(rocksdb::ReadOptions(), idempotency_family, idempotency_key, &existing);
    if (status.ok() && IdempotencyExpiryMicros(existing) > recorded_at.micros_since_epoch) {
      return domain::Reject(domain::ErrorKind::kAlreadyExists, "idempotency_key_used",
                            "Idempotency-Key", "This idempotency key was already used");
    }
    if (!status.ok() && !status.IsNotFound()) {
      return std::unexpected(FromRocks(status, "reading an idempotency record"));
    }
  }

  AppendResult result;
  for (size_t s = 0; s < append.streams.size(); ++s) {
    PreparedStream& stream = append.streams[s];
    uint64_t version = versions[s];
    for (PreparedEvent& event : stream.events) {
      EventRecord record{.position = ++position,
                         .event_id = event_ids_.Next(domain::kEventPrefix, recorded_at),
                         .stream_id = stream.stream_id,
                         .stream_version = ++version,
                         .type = std::string(event.type),
                         .schema_version = event.schema_version,
                         .recorded_at = recorded_at,
                         .organization_id = append.metadata.organization_id,
                         .actor = append.metadata.actor,
                         .request_id = append.metadata.request_id,
                         .causation_id = append.metadata.causation_id,
                         .correlation_id = append.metadata.correlation_id,
                         .payload = std::move(event.payload),
                         .previous_hash = hash};
      // Canonical bytes once: hashed, then stored with the hash appended (EncodeRecord's format).
      std::string bytes = CanonicalBytes(record);
      hash = ComputeHash(record.previous_hash, bytes);
      bytes.append(reinterpret_cast<const char*>(hash.data()), hash.size());
      batch.Put(log_family, LogKey(record.position), bytes);
      batch.Put(streams_family, StreamEventKey(stream.stream_id, version), EncodeU64(position));
      if (result.first_position == 0) result.first_position = position;
      result.last_position = position;
      result.event_ids.push_back(std::move(record.event_id));
    }
    batch_heads_[stream.stream_id] = version;
    result.stream_versions.push_back(version);
  }
  if (append.idempotency) {
    append.idempotency->position = result.last_position;
    batch.Put(idempotency_family, idempotency_key, EncodeIdempotencyValue(*append.idempotency));
  }
  return result;
}

void EventStore::Impl::CommitBatch(std::vector<PreparedAppend>& batch) {
  rocksdb::WriteBatch write_batch;
  batch_heads_.clear();
  uint64_t position = committed_position_;
  Hash hash = committed_hash_;
  domain::Timestamp recorded_at = Now();
  std::unordered_set<std::string> idempotency_keys;
  std::vector<domain::Result<AppendResult>> outcomes;
  outcomes.reserve(batch.size());
  bool any_staged = false;
  for (PreparedAppend& append : batch) {
    if (append.idempotency) {
      std::string key =
          IdempotencyKey(append.idempotency->organization_id, append.idempotency->key);
      if (!idempotency_keys.insert(key).second) {
        outcomes.push_back(domain::Reject(domain::ErrorKind::kAlreadyExists, "idempotency_key_used",
                                          "Idempotency-Key",
                                          "This idempotency key was already used"));
        continue;
      }
    }
    outcomes.push_back(StageAppend(append, write_batch, position, hash, recorded_at));
    any_staged = any_staged || outcomes.back().has_value();
  }

  if (any_staged) {
    write_batch.Put(
        meta_family, "head",
        EncodeU64(position) + std::string(reinterpret_cast<const char*>(hash.data()), hash.size()));
    rocksdb::WriteOptions write_options;
    write_options.sync = true;
    auto write_started = std::chrono::steady_clock::now();
    rocksdb::Status status = db->Write(write_options, &write_batch);
    auto commit_micros =
        static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                  std::chrono::steady_clock::now() - write_started)
                                  .count());
    stat_commit_micros += commit_micros;
    ++stat_commit_micros_buckets[BucketOf(EventStore::kCommitMicrosBounds, commit_micros)];
    ++stat_batch_appends_buckets[BucketOf(EventStore::kBatchAppendsBounds, batch.size())];
    if (!status.ok()) {
      // The in-memory state may now be ahead of the disk; nothing more may be acknowledged.
      domain::Error error = StoreFailed(FromRocks(status, "committing a batch").message);
      failed.store(true);
      std::vector<std::pair<AppendCallback, domain::Result<AppendResult>>> completions;
      for (PreparedAppend& append : batch) {
        completions.emplace_back(std::move(append.done), std::unexpected(error));
      }
      HandOver(std::move(completions));
      FailEverything(error);
      return;
    }
    ++stat_batches;
    for (const auto& outcome : outcomes) {
      if (outcome) ++stat_appends;
    }
    stat_events += position - committed_position_;
    committed_position_ = position;
    committed_hash_ = hash;
    for (auto& [stream_id, version] : batch_heads_) stream_heads_.Put(stream_id, version);
    PublishHead(position, hash);
  }
  batch_heads_.clear();
  std::vector<std::pair<AppendCallback, domain::Result<AppendResult>>> completions;
  completions.reserve(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    completions.emplace_back(std::move(batch[i].done), std::move(outcomes[i]));
  }
  HandOver(std::move(completions));
}

void EventStore::Impl::FailEverything(const domain::Error& error) {
  std::deque<PreparedAppend> abandoned;
  {
    std::lock_guard lock(queue_mutex_);
    abandoned.swap(queue_);
  }
  std::vector<std::pair<AppendCallback, domain::Result<AppendResult>>> completions;
  for (PreparedAppend& append : abandoned) {
    completions.emplace_back(std::move(append.done), std::unexpected(error));
  }
  HandOver(std::move(completions));
}

void EventStore::Impl::PublishHead(uint64_t position, const Hash& hash) {
  {
    std::lock_guard lock(head_mutex);
    head_position.store(position);
    head_hash = hash;
  }
  head_changed.notify_all();
}

}  // namespace factura::eventstore
