#include "projections/projector.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <deque>
#include <filesystem>

#include "projections/schema.h"

namespace factura::projections {
namespace {

// fsync(2) of a file or a directory.
bool SyncFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool synced = fsync(fd) == 0;
  close(fd);
  return synced;
}

void RemoveDatabase(const std::string& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ignored);
}

// Applies the log up to `head` in bounded batches, each one transaction, read from the log
// without copies: folded into rows on a thread of its own while this one writes the batch before
// (on two cores neither half waits for the other; alone, each left a core idle). Batches go
// round between the two threads, so at most kInFlight exist.
domain::Result<void> FoldAndWrite(const eventstore::EventStore& store, ReadModelWriter& writer,
                                  uint64_t head, const RebuildProgress& progress) {
  constexpr size_t kInFlight = 3;
  constexpr size_t kBatchRecords = 10 * Projector::kMaxBatch;
  std::vector<StagedRows> batches(kInFlight);
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<StagedRows*> empty;   // for the folding thread to fill
  std::deque<StagedRows*> folded;  // for this one to write, in log order
  for (StagedRows& batch : batches) empty.push_back(&batch);
  bool folding_done = false;
  bool writing_stopped = false;
  std::optional<domain::Error> fold_failure;
  const uint64_t first = writer.checkpoint() + 1;

  std::thread folding([&] {
    pthread_setname_np(pthread_self(), "rebuild-fold");
    RowFolder folder(store);
    uint64_t next = first;
    while (next <= head) {
      StagedRows* rows = nullptr;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return writing_stopped || !empty.empty(); });
        if (writing_stopped) return;
        rows = empty.front();
        empty.pop_front();
      }
      rows->Clear();
      std::optional<domain::Error> failure;
      auto scanned = store.ScanLog(next, kBatchRecords, [&](const eventstore::EventRecordView& r) {
        auto folded_one = folder.Fold(RecordRef::Of(r), *rows);
        if (!folded_one) failure = folded_one.error();
        return folded_one.has_value() && !folder.full();
      });
      if (!failure && !scanned) failure = scanned.error();
      std::lock_guard lock(mutex);
      if (failure || rows->records == 0) {
        fold_failure = failure;
        break;
      }
      folder.Finish(*rows);
      next = rows->last_position + 1;
      folded.push_back(rows);
      changed.notify_all();
    }
    std::lock_guard lock(mutex);
    folding_done = true;
    changed.notify_all();
  });

  domain::Result<void> written;
  while (written) {
    StagedRows* rows = nullptr;
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return folding_done || !folded.empty(); });
      if (folded.empty()) break;
      rows = folded.front();
      folded.pop_front();
    }
    written = writer.Write(*rows);
    if (written && progress) progress(writer.checkpoint(), head);
    std::lock_guard lock(mutex);
    empty.push_back(rows);
    changed.notify_all();
  }
  {
    std::lock_guard lock(mutex);
    writing_stopped = true;
    changed.notify_all();
  }
  folding.join();
  if (!written) return written;
  if (fold_failure) return std::unexpected(*fold_failure);
  return {};
}

}  // namespace

domain::Result<uint64_t> Rebuild(const eventstore::EventStore& store, const std::string& path,
                                 const RebuildProgress& progress) {
  std::string building = path + ".rebuild";
  RemoveDatabase(building);
  uint64_t head = store.HeadPosition();
  {
    auto writer = ReadModelWriter::Open(store, building, /*bulk=*/true);
    if (!writer) return std::unexpected(writer.error());
    FACTURA_TRY(FoldAndWrite(store, **writer, head, progress));
    head = (*writer)->checkpoint();
    FACTURA_TRY((*writer)->FinishBulk());
  }
  // The new file is complete and closed. It was written without syncs: on disk before it takes
  // the old one's name, and the name on disk before anything relies on it.
  auto swap_failed = [&](const std::string& what) {
    return domain::Reject(domain::ErrorKind::kInternal, "rebuild_swap_failed", "", what);
  };
  if (!SyncFile(building)) return swap_failed("Cannot sync " + building);
  std::error_code error;
  for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(path + suffix, error);
  std::filesystem::rename(building, path, error);
  if (error) {
    return swap_failed("Cannot move " + building + " to " + path + ": " + error.message());
  }
  std::string directory = std::filesystem::path(path).parent_path().string();
  if (!SyncFile(directory.empty() ? "." : directory)) return swap_failed("Cannot sync " + directory);
  return head;
}

domain::Result<std::unique_ptr<Projector>> Projector::Start(const eventstore::EventStore& store,
                                                            const std::string& path) {
  auto writer = ReadModelWriter::Open(store, path);
  if (!writer) return std::unexpected(writer.error());
  if ((*writer)->schema_version() != kSchemaVersion) {
    writer->reset();
    auto rebuilt = Rebuild(store, path);
    if (!rebuilt) return std::unexpected(rebuilt.error());
    writer = ReadModelWriter::Open(store, path);
    if (!writer) return std::unexpected(writer.error());
  }
  return std::unique_ptr<Projector>(new Projector(store, path, std::move(*writer)));
}

Projector::Projector(const eventstore::EventStore& store, std::string path,
                     std::unique_ptr<ReadModelWriter> writer)
    : store_(store), path_(std::move(path)), writer_(std::move(writer)) {
  checkpoint_ = writer_->checkpoint();
  writer_->HandOverCheckpoints([this](int frames) {
    wal_frames_ = frames;
    if (frames >= kCheckpointFrames) {
      std::lock_guard lock(checkpoint_mutex_);
      wal_grown_.notify_one();
    }
  });
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "projector");
    // Ahead of the request threads when the CPUs are busy: its work per event is the same
    // either way, but behind them a batch waited for the scheduler (lag p99 75-100 ms under the
    // write benchmark at 1M invoices; 20-40 ms ahead, at the same request rate). Needs
    // CAP_SYS_NICE; without it the thread keeps the default priority.
    (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kNice);
    Run();
  });
  checkpointer_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "rm-checkpoint");
    RunCheckpoints();
  });
}

Projector::~Projector() {
  stopping_ = true;
  thread_.join();
  {
    std::lock_guard lock(checkpoint_mutex_);
    wal_grown_.notify_one();
  }
  checkpointer_.join();
}

void Projector::RunCheckpoints() {
  auto db = Database::Open(path_, Database::Mode::kReadWrite);
  if (!db) return;  // then the WAL is checkpointed when the writer closes the file
  while (!stopping_) {
    {
      std::unique_lock lock(checkpoint_mutex_);
      wal_grown_.wait_for(lock, std::chrono::seconds(1),
                          [&] { return stopping_ || wal_frames_ >= kCheckpointFrames; });
    }
    if (stopping_) break;
    if (wal_frames_ == 0) continue;
    // PASSIVE: copies what no reader still needs, never waits for readers or the writer. The
    // writer starts the WAL over once all of it was copied.
    sqlite3_wal_checkpoint_v2((*db)->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                              nullptr);
    wal_frames_ = 0;
  }
}

void Projector::Run() {
  while (!stopping_) {
    // Woken by the writer on each commit; the records are read in place, never copied.
    uint64_t checkpoint = writer_->checkpoint();
    if (store_.HeadPosition() <= checkpoint &&
        store_.WaitForHead(checkpoint, std::chrono::milliseconds(100)) <= checkpoint) {
      continue;
    }
    domain::Timestamp first_recorded_at;
    auto applied = writer_->ApplyFromLog(kMaxBatch, &first_recorded_at);
    if (!applied) {
      std::lock_guard lock(mutex_);
      failure_ = applied.error();
      advanced_.notify_all();
      return;
    }
    if (*applied == 0) continue;
    auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    int64_t lag_micros = std::max<int64_t>(0, now - first_recorded_at.micros_since_epoch);
    {
      std::lock_guard lock(mutex_);
      checkpoint_ = writer_->checkpoint();
      auto bucket = std::lower_bound(kLagMillisBounds.begin(), kLagMillisBounds.end(),
                                     static_cast<uint64_t>((lag_micros + 999) / 1000));
      ++lag_.buckets[static_cast<size_t>(bucket - kLagMillisBounds.begin())];
      ++lag_.batches;
      lag_.total_micros += static_cast<uint64_t>(lag_micros);
    }
    advanced_.notify_all();
  }
}

bool Projector::WaitFor(uint64_t position, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return advanced_.wait_for(lock, timeout, [&] {
    return checkpoint_.load() >= position || failure_;
  }) && checkpoint_.load() >= position;
}

Projector::LagStats Projector::lag() const {
  std::lock_guard lock(mutex_);
  return lag_;
}

std::optional<domain::Error> Projector::failure() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

}  // namespace factura::projections
