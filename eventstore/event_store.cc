#include "eventstore/event_store.h"

#include <rocksdb/compaction_filter.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <filesystem>
#include <future>
#include <random>
#include <unordered_set>

#include "eventstore/event_store_impl.h"
#include "eventstore/payload_codec.h"
#include "eventstore/rocks_status.h"

namespace factura::eventstore {
namespace {

constexpr uint32_t kFormatVersion = 1;
constexpr size_t kImportBatchRecords = 4096;

domain::Timestamp SystemNow() {
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return domain::Timestamp{micros.count()};
}

// Drops idempotency records past their expiry when RocksDB compacts their files.
class ExpiredIdempotencyFilter : public rocksdb::CompactionFilter {
 public:
  explicit ExpiredIdempotencyFilter(std::function<domain::Timestamp()> clock)
      : clock_(std::move(clock)) {}
  bool Filter(int /*level*/, const rocksdb::Slice& /*key*/, const rocksdb::Slice& value,
              std::string* /*new_value*/, bool* /*value_changed*/) const override {
    return IdempotencyExpiryMicros(std::string_view(value.data(), value.size())) <
           clock_().micros_since_epoch;
  }
  const char* Name() const override { return "factura.ExpiredIdempotencyFilter"; }

 private:
  std::function<domain::Timestamp()> clock_;
};

// A stream index key's prefix is everything but its trailing version: 'e' stream_id 0x00.
// Appends to one stream insert keys in order under that prefix, so the memtable can keep an
// insert hint per stream instead of searching its skip list from the top every time.
class StreamIndexPrefix : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "factura.StreamIndexPrefix"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    return rocksdb::Slice(key.data(), key.size() - 8);
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    return key.size() > 9 && key[0] == 'e';
  }
};

std::string HeadValue(uint64_t position, const Hash& hash) {
  return EncodeU64(position) + std::string(reinterpret_cast<const char*>(hash.data()), hash.size());
}

std::unexpected<domain::Error> DataLoss(std::string code, std::string message) {
  return domain::Reject(domain::ErrorKind::kDataLoss, std::move(code), "", std::move(message));
}

}  // namespace

EventStore::Impl::Impl(EventStoreOptions store_options)
    : options(std::move(store_options)),
      event_ids_(options.id_seed != 0 ? options.id_seed : std::random_device{}()) {
  if (!options.clock) options.clock = SystemNow;
}

EventStore::Impl::~Impl() {
  StopWriter();
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    if (db) db->DestroyColumnFamilyHandle(handle);
  }
  handles.clear();
  if (db) db->Close().PermitUncheckedError();
}

domain::Result<void> EventStore::Impl::OpenDatabase() {
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.paranoid_checks = true;
  // See the header: a torn tail is dropped, corruption before it refuses to open.
  db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  db_options.IncreaseParallelism(2);
  db_options.keep_log_file_num = 5;
  db_options.max_total_wal_size = 256 << 20;
  // Scans (replay, projections) read through the page cache without a copy per block.
  db_options.allow_mmap_reads = true;

  rocksdb::ColumnFamilyOptions log_options;
  log_options.write_buffer_size = 64 << 20;
  // Replay reads the log front to back: larger blocks mean fewer block loads per event.
  rocksdb::BlockBasedTableOptions log_table;
  log_table.block_size = 32 << 10;
  log_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(log_table));
  log_options.compression = rocksdb::kLZ4Compression;
  // Positions only grow: with one shared (empty) prefix every insert starts from the last one.
  log_options.memtable_insert_with_hint_prefix_extractor.reset(
      rocksdb::NewCappedPrefixTransform(0));
  rocksdb::ColumnFamilyOptions streams_options;
  streams_options.memtable_insert_with_hint_prefix_extractor =
      std::make_shared<StreamIndexPrefix>();
  // Whole-key bloom filters, in the files and the memtable: a stream's head is looked up by
  // asking first whether it has a first event (a new invoice's has none), and the filters
  // answer "no" without reading a block (Impl::ReadStreamHead).
  rocksdb::BlockBasedTableOptions streams_table;
  streams_table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  streams_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(streams_table));
  streams_options.memtable_prefix_bloom_size_ratio = 0.02;
  streams_options.memtable_whole_key_filtering = true;
  rocksdb::ColumnFamilyOptions idempotency_options;
  idempotency_options.compaction_filter =
      new ExpiredIdempotencyFilter(options.clock);  // owned by `filter_owner_` below
  std::vector<rocksdb::ColumnFamilyDescriptor> families{
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
      {"log", log_options},
      {"streams", streams_options},
      {"idempotency", idempotency_options},
      {"meta", rocksdb::ColumnFamilyOptions()}};
  compaction_filter_.reset(idempotency_options.compaction_filter);

  std::error_code directory_error;
  std::filesystem::create_directories(options.path, directory_error);
  if (directory_error) {
    return domain::Reject(domain::ErrorKind::kInternal, "storage_error", "",
                          "Cannot create " + options.path + ": " + directory_error.message());
  }
  rocksdb::DB* raw = nullptr;
  rocksdb::Status status = rocksdb::DB::Open(db_options, options.path, families, &handles, &raw);
  if (!status.ok()) return std::unexpected(FromRocks(status, "opening " + options.path));
  db.reset(raw);
  log_family = handles[1];
  streams_family = handles[2];
  idempotency_family = handles[3];
  meta_family = handles[4];

  std::string format;
  status = db->Get(rocksdb::ReadOptions(), meta_family, "format", &format);
  if (status.IsNotFound()) {
    rocksdb::WriteOptions sync;
    sync.sync = true;
    status = db->Put(sync, meta_family, "format", EncodeU64(kFormatVersion));
    if (!status.ok()) return std::unexpected(FromRocks(status, "writing the format version"));
  } else if (!status.ok()) {
    return std::unexpected(FromRocks(status, "reading the format version"));
  } else if (format.size() != 8 || DecodeU64(format) != kFormatVersion) {
    return DataLoss("unknown_store_format", "The store's format is not one this build reads");
  }
  return VerifyHeadOnOpen();
}

domain::Result<void> EventStore::Impl::VerifyHeadOnOpen() {
  std::string head;
  rocksdb::Status status = db->Get(rocksdb::ReadOptions(), meta_family, "head", &head);
  uint64_t position = 0;
  Hash hash{};
  if (status.ok()) {
    if (head.size() != 8 + hash.size())
      return DataLoss("corrupt_head", "The stored head is corrupt");
    position = DecodeU64(head);
    std::memcpy(hash.data(), head.data() + 8, hash.size());
  } else if (!status.IsNotFound()) {
    return std::unexpected(FromRocks(status, "reading the head"));
  }
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), log_family));
  it->SeekToLast();
  if (!it->status().ok()) return std::unexpected(FromRocks(it->status(), "reading the log"));
  uint64_t last = it->Valid() ? DecodeU64(it->key().ToStringView()) : 0;
  if (last != position) {
    return DataLoss("head_mismatch", "The log ends at position " + std::to_string(last) +
                                         " but the head says " + std::to_string(position));
  }
  if (last > 0) {
    auto record = DecodeRecord(it->value().ToStringView());
    if (!record) return std::unexpected(record.error());
    Hash recomputed = ComputeHash(record->previous_hash, CanonicalBytes(*record));
    if (recomputed != record->hash || record->hash != hash) {
      return DataLoss("chain_broken", "The hash of the last record (position " +
                                          std::to_string(last) + ") does not verify");
    }
  }
  committed_position_ = position;
  committed_hash_ = hash;
  PublishHead(position, hash);
  return {};
}

domain::Result<uint64_t> EventStore::Impl::ReadStreamHead(std::string_view stream_id) const {
  // A stream exists once it has a first event. Most streams asked about unseen are new (a new
  // invoice's, an imported one's): one point lookup, answered by the bloom filters, says so,
  // where finding the last event opens an iterator over every level.
  std::string first;
  rocksdb::Status status =
      db->Get(rocksdb::ReadOptions(), streams_family, StreamEventKey(stream_id, 1), &first);
  if (status.IsNotFound()) return 0;
  if (!status.ok()) return std::unexpected(FromRocks(status, "reading a stream head"));
  // The head is the stream's last index key: no separate head record to keep in step.
  std::string prefix = StreamEventPrefix(stream_id);
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), streams_family));
  it->SeekForPrev(StreamEventKey(stream_id, UINT64_MAX));
  if (!it->status().ok()) return std::unexpected(FromRocks(it->status(), "reading a stream head"));
  if (!it->Valid() || !it->key().starts_with(prefix)) return 0;
  if (it->key().size() != prefix.size() + 8) {
    return DataLoss("corrupt_stream_index", "A stream index key is corrupt");
  }
  return DecodeU64(it->key().ToStringView().substr(prefix.size()));
}

EventStore::EventStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

EventStore::~EventStore() = default;

domain::Result<std::unique_ptr<EventStore>> EventStore::Open(EventStoreOptions options) {
  auto impl = std::make_unique<Impl>(std::move(options));
  FACTURA_TRY(impl->OpenDatabase());
  impl->StartWriter();
  return std::unique_ptr<EventStore>(new EventStore(std::move(impl)));
}

domain::Result<void> EventStore::AppendAsync(AppendRequest request, AppendCallback done) {
  PreparedAppend prepared{.metadata = std::move(request.metadata),
                          .idempotency = std::move(request.idempotency),
                          .done = std::move(done)};
  size_t event_count = 0;
  std::unordered_set<std::string> seen;
  for (StreamAppend& stream : request.streams) {
    FACTURA_TRY(ValidateStreamId(stream.stream_id));
    if (!seen.insert(stream.stream_id).second) {
      return domain::Invalid("duplicate_stream", stream.stream_id,
                             "A stream appears twice in one append");
    }
    event_count += stream.events.size();
    PreparedStream prepared_stream{.stream_id = std::move(stream.stream_id),
                                   .expected = stream.expected};
    prepared_stream.events.reserve(stream.events.size());
    for (const domain::Event& event : stream.events) {
      EncodedPayload payload = EncodePayload(event);
      prepared_stream.events.push_back(
          PreparedEvent{payload.type, payload.schema_version, std::move(payload.bytes)});
    }
    prepared.streams.push_back(std::move(prepared_stream));
  }
  if (event_count > impl_->options.max_events_per_append) {
    return domain::Invalid("too_many_events", "", "Too many events in one append");
  }
  if (prepared.idempotency) FACTURA_TRY(ValidateIdempotencyKey(prepared.idempotency->key));
  return impl_->Enqueue(std::move(prepared));
}

domain::Result<AppendResult> EventStore::Append(AppendRequest request) {
  auto promise = std::make_shared<std::promise<domain::Result<AppendResult>>>();
  auto future = promise->get_future();
  FACTURA_TRY(AppendAsync(std::move(request), [promise](domain::Result<AppendResult> result) {
    promise->set_value(std::move(result));
  }));
  return future.get();
}

domain::Result<std::vector<EventRecord>> EventStore::ReadStream(std::string_view stream_id,
                                                                uint64_t from_version,
                                                                size_t max_count) const {
  FACTURA_TRY(ValidateStreamId(stream_id));
  max_count = std::min(max_count, kMaxPage);
  std::vector<EventRecord> records;
  std::string prefix = StreamEventPrefix(stream_id);
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->streams_family));
  std::vector<std::string> log_keys;
  for (it->Seek(StreamEventKey(stream_id, std::max<uint64_t>(from_version, 1)));
       it->Valid() && it->key().starts_with(prefix) && log_keys.size() < max_count; it->Next()) {
    log_keys.push_back(LogKey(DecodeU64(it->value().ToStringView())));
  }
  if (!it->status().ok()) return std::unexpected(FromRocks(it->status(), "reading a stream"));
  std::vector<rocksdb::Slice> keys(log_keys.begin(), log_keys.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  impl_->db->MultiGet(rocksdb::ReadOptions(), impl_->log_family, keys.size(), keys.data(),
                      values.data(), statuses.data());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (!statuses[i].ok()) return std::unexpected(FromRocks(statuses[i], "reading a record"));
    auto record = DecodeRecord(values[i].ToStringView());
    if (!record) return std::unexpected(record.error());
    records.push_back(std::move(*record));
  }
  return records;
}

domain::Result<std::vector<EventRecord>> EventStore::ReadLog(uint64_t from_position,
                                                             size_t max_count) const {
  max_count = std::min(max_count, kMaxPage);
  std::vector<EventRecord> records;
  records.reserve(std::min<size_t>(max_count, 1024));
  auto scanned = ScanLog(from_position, max_count, [&](const EventRecordView& record) {
    records.push_back(record.ToRecord());
    return true;
  });
  if (!scanned) return std::unexpected(scanned.error());
  return records;
}

domain::Result<uint64_t> EventStore::ScanLog(
    uint64_t from_position, size_t max_count,
    const std::function<bool(const EventRecordView&)>& visit) const {
  from_position = std::max<uint64_t>(from_position, 1);
  uint64_t last = from_position - 1;
  rocksdb::ReadOptions read_options;
  read_options.readahead_size = 2 << 20;
  read_options.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(read_options, impl_->log_family));
  size_t visited = 0;
  for (it->Seek(LogKey(from_position)); it->Valid() && visited < max_count; it->Next()) {
    auto record = DecodeRecordView(it->value().ToStringView());
    if (!record) return std::unexpected(record.error());
    last = record->position;
    ++visited;
    if (!visit(*record)) break;
  }
  if (!it->status().ok()) return std::unexpected(FromRocks(it->status(), "scanning the log"));
  return last;
}

domain::Result<uint64_t> EventStore::StreamVersion(std::string_view stream_id) const {
  FACTURA_TRY(ValidateStreamId(stream_id));
  return impl_->ReadStreamHead(stream_id);
}

uint64_t EventStore::HeadPosition() const { return impl_->head_position.load(); }

Hash EventStore::HeadHash() const {
  std::lock_guard lock(impl_->head_mutex);
  return impl_->head_hash;
}

uint64_t EventStore::WaitForHead(uint64_t after_position, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->head_mutex);
  impl_->head_changed.wait_for(lock, timeout, [&] {
    return impl_->head_position.load() > after_position || impl_->failed.load();
  });
  return impl_->head_position.load();
}

domain::Result<std::optional<IdempotencyRecord>> EventStore::LookupIdempotency(
    std::string_view organization_id, std::string_view key) const {
  std::string value;
  rocksdb::Status status = impl_->db->Get(rocksdb::ReadOptions(), impl_->idempotency_family,
                                          IdempotencyKey(organization_id, key), &value);
  if (status.IsNotFound()) return std::optional<IdempotencyRecord>{};
  if (!status.ok()) return std::unexpected(FromRocks(status, "reading an idempotency record"));
  auto record = DecodeIdempotencyValue(value);
  if (!record) return std::unexpected(record.error());
  if (record->expires_at <= impl_->Now()) return std::optional<IdempotencyRecord>{};
  record->organization_id = std::string(organization_id);
  record->key = std::string(key);
  return std::optional<IdempotencyRecord>{std::move(*record)};
}

domain::Result<size_t> EventStore::SweepExpiredIdempotency() {
  int64_t now = impl_->Now().micros_since_epoch;
  rocksdb::WriteBatch batch;
  size_t removed = 0;
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->idempotency_family));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (IdempotencyExpiryMicros(it->value().ToStringView()) < now) {
      batch.Delete(impl_->idempotency_family, it->key());
      ++removed;
    }
  }
  if (!it->status().ok()) return std::unexpected(FromRocks(it->status(), "sweeping"));
  // A record re-created between the scan and this write would be deleted too; keys are used
  // once, and an expired key's reuse within this instant is not a case worth a lock.
  rocksdb::Status status = impl_->db->Write(rocksdb::WriteOptions(), &batch);
  if (!status.ok()) return std::unexpected(FromRocks(status, "sweeping"));
  return removed;
}

domain::Result<void> EventStore::ImportRecords(const std::vector<EventRecord>& records) {
  Impl& impl = *impl_;
  {
    std::unique_lock lock(impl.queue_mutex_);
    impl.queue_changed_.wait(lock, [&] { return impl.queue_.empty() && impl.in_flight_ == 0; });
    if (impl.importing_) {
      return domain::Reject(domain::ErrorKind::kFailedPrecondition, "import_running", "",
                            "Another import is running");
    }
    impl.importing_ = true;
  }
  auto finish = [&impl](domain::Result<void> result) {
    std::lock_guard lock(impl.queue_mutex_);
    impl.importing_ = false;
    return result;
  };
  // The writer is idle and appends are shut out: the writer-owned state is ours until `finish`.
  uint64_t position = impl.committed_position_;
  Hash hash = impl.committed_hash_;
  if (position != 0 && !records.empty() && records.front().position == 1) {
    return finish(domain::Reject(domain::ErrorKind::kFailedPrecondition, "store_not_empty", "",
                                 "Imports go into an empty store"));
  }
  std::unordered_map<std::string, uint64_t> heads;
  for (size_t start = 0; start < records.size(); start += kImportBatchRecords) {
    rocksdb::WriteBatch batch;
    size_t end = std::min(records.size(), start + kImportBatchRecords);
    for (size_t i = start; i < end; ++i) {
      const EventRecord& record = records[i];
      uint64_t& head = heads.try_emplace(record.stream_id, 0).first->second;
      if (head == 0) {
        auto stored = impl.ReadStreamHead(record.stream_id);
        if (!stored) return finish(std::unexpected(stored.error()));
        head = *stored;
      }
      bool chained = record.position == position + 1 && record.previous_hash == hash &&
                     record.stream_version == head + 1 &&
                     ComputeHash(record.previous_hash, CanonicalBytes(record)) == record.hash;
      if (!chained || !ValidateStreamId(record.stream_id)) {
        return finish(domain::Reject(domain::ErrorKind::kDataLoss, "chain_broken",
                                     std::to_string(record.position),
                                     "The imported record at position " +
                                         std::to_string(record.position) + " does not chain"));
      }
      position = record.position;
      hash = record.hash;
      head = record.stream_version;
      batch.Put(impl.log_family, LogKey(position), EncodeRecord(record));
      batch.Put(impl.streams_family, StreamEventKey(record.stream_id, head), EncodeU64(position));
    }
    batch.Put(impl.meta_family, "head", HeadValue(position, hash));
    rocksdb::WriteOptions sync;
    sync.sync = true;
    rocksdb::Status status = impl.db->Write(sync, &batch);
    if (!status.ok()) return finish(std::unexpected(FromRocks(status, "importing")));
    impl.committed_position_ = position;
    impl.committed_hash_ = hash;
    impl.stream_heads_.Clear();
    impl.PublishHead(position, hash);
  }
  return finish({});
}

bool EventStore::failed() const { return impl_->failed.load(); }

EventStore::Stats EventStore::GetStats() const {
  Stats stats{impl_->stat_batches.load(), impl_->stat_appends.load(), impl_->stat_events.load(),
              impl_->stat_commit_micros.load(), impl_->stat_queued.load()};
  for (size_t i = 0; i < stats.commit_micros_buckets.size(); ++i) {
    stats.commit_micros_buckets[i] = impl_->stat_commit_micros_buckets[i].load();
  }
  for (size_t i = 0; i < stats.batch_appends_buckets.size(); ++i) {
    stats.batch_appends_buckets[i] = impl_->stat_batch_appends_buckets[i].load();
  }
  return stats;
}

}  // namespace factura::eventstore
