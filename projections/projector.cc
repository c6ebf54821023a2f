#include "projections/projector.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <functional>

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

// Builds the read models and the journal from the log up to `head`, in bounded batches read
// from the log without copies, on three threads: one folds the records into rows, and each file
// has a writer of its own, this thread the read models' (alone, each part left a core idle).
// Each batch is written by both writers, each in a transaction of its own; at most kInFlight
// exist. Then each writer builds its file's indexes, the two at once.
domain::Result<void> BuildInParallel(const eventstore::EventStore& store, ReadModelWriter& writer,
                                     uint64_t head, const RebuildProgress& progress) {
  constexpr size_t kInFlight = 3;
  constexpr size_t kBatchRecords = 10 * Projector::kMaxBatch;
  struct Batch {
    StagedRows rows;
    int writers_left = 0;
  };
  std::vector<Batch> batches(kInFlight);
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Batch*> empty;                         // for the folding thread to fill
  std::deque<Batch*> for_read_models, for_journal;  // in log order
  for (Batch& batch : batches) empty.push_back(&batch);
  bool folding_done = false;
  bool stopped = false;  // a writer failed: everyone stops
  std::optional<domain::Error> fold_failure;
  const uint64_t first = writer.checkpoint() + 1;

  std::thread folding([&] {
    pthread_setname_np(pthread_self(), "rebuild-fold");
    RowFolder folder(store);  // (new files: no organization numbers to know yet)
    for (uint64_t next = first; next <= head;) {
      Batch* batch = nullptr;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stopped || !empty.empty(); });
        if (stopped) return;
        batch = empty.front();
        empty.pop_front();
      }
      StagedRows& rows = batch->rows;
      rows.Clear();
      std::optional<domain::Error> failure;
      auto scanned = store.ScanLog(next, kBatchRecords, [&](const eventstore::EventRecordView& r) {
        auto folded = folder.Fold(RecordRef::Of(r), rows);
        if (!folded) failure = folded.error();
        return folded.has_value() && !folder.full();
      });
      if (!failure && !scanned) failure = scanned.error();
      std::lock_guard lock(mutex);
      if (failure || rows.records == 0) {
        fold_failure = failure;
        break;
      }
      folder.Finish(rows);
      next = rows.last_position + 1;
      batch->writers_left = 2;
      for_read_models.push_back(batch);
      for_journal.push_back(batch);
      changed.notify_all();
    }
    std::lock_guard lock(mutex);
    folding_done = true;
    changed.notify_all();
  });

  // Writes each batch of `queue` with `write` until the folding is done and the queue empty
  // (or another writer failed); true if nothing failed before the folding ended.
  auto drain = [&](std::deque<Batch*>& queue,
                   const std::function<domain::Result<void>(const StagedRows&)>& write)
      -> domain::Result<bool> {
    while (true) {
      Batch* batch = nullptr;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stopped || folding_done || !queue.empty(); });
        if (stopped) return false;
        if (queue.empty()) return !fold_failure;
        batch = queue.front();
        queue.pop_front();
      }
      auto written = write(batch->rows);
      std::lock_guard lock(mutex);
      if (!written) {
        stopped = true;
        changed.notify_all();
        return std::unexpected(written.error());
      }
      if (--batch->writers_left == 0) empty.push_back(batch);
      changed.notify_all();
    }
  };

  domain::Result<void> journaled;
  std::thread journaling([&] {
    pthread_setname_np(pthread_self(), "rebuild-journal");
    JournalWriter& journal = writer.journal();
    auto drained = drain(for_journal, [&](const StagedRows& rows) { return journal.Write(rows); });
    if (!drained) {
      journaled = std::unexpected(drained.error());
    } else if (*drained) {
      journaled = journal.FinishBulk();
    }
  });
  auto drained = drain(for_read_models, [&](const StagedRows& rows) -> domain::Result<void> {
    FACTURA_TRY(writer.WriteOwnRows(rows));
    if (progress) progress(writer.checkpoint(), head);
    return {};
  });
  domain::Result<void> built;
  if (!drained) {
    built = std::unexpected(drained.error());
  } else if (*drained) {
    built = writer.FinishBulk();
  }
  folding.join();
  journaling.join();
  if (!built) return built;
  if (!journaled) return journaled;
  if (fold_failure) return std::unexpected(*fold_failure);
  return {};
}

}  // namespace

domain::Result<uint64_t> Rebuild(const eventstore::EventStore& store, const std::string& path,
                                 const RebuildProgress& progress) {
  std::string building = path + ".rebuild";
  RemoveDatabase(building);
  RemoveDatabase(JournalPath(building));
  uint64_t head = store.HeadPosition();
  {
    auto writer = ReadModelWriter::Open(store, building, /*bulk=*/true);
    if (!writer) return std::unexpected(writer.error());
    FACTURA_TRY(BuildInParallel(store, **writer, head, progress));
    head = (*writer)->checkpoint();
  }
  // The new file is complete and closed. It was written without syncs: on disk before it takes
  // the old one's name, and the name on disk before anything relies on it.
  auto swap_failed = [&](const std::string& what) {
    return domain::Reject(domain::ErrorKind::kInternal, "rebuild_swap_failed", "", what);
  };
  // The journal first: with the old read models it is only ahead, which they accept.
  for (const auto& [from, to] :
       {std::pair{JournalPath(building), JournalPath(path)}, std::pair{building, path}}) {
    if (!SyncFile(from)) return swap_failed("Cannot sync " + from);
    std::error_code error;
    for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(to + suffix, error);
    std::filesystem::rename(from, to, error);
    if (error) return swap_failed("Cannot move " + from + " to " + to + ": " + error.message());
  }
  std::string directory = std::filesystem::path(path).parent_path().string();
  if (!SyncFile(directory.empty() ? "." : directory))
    return swap_failed("Cannot sync " + directory);
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
    // Either file's WAL (read models or journal): the longer one decides.
    if (frames > wal_frames_) wal_frames_ = frames;
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
  // Without it, the WAL is checkpointed when the writer closes the files.
  if (!db || !(*db)->Attach(JournalPath(path_), "journal")) return;
  while (!stopping_) {
    {
      std::unique_lock lock(checkpoint_mutex_);
      wal_grown_.wait_for(lock, std::chrono::seconds(1),
                          [&] { return stopping_ || wal_frames_ >= kCheckpointFrames; });
    }
    if (stopping_) break;
    if (wal_frames_ == 0) continue;
    // Both files (no name: every attached database). PASSIVE: copies what no reader still
    // needs, never waits for readers or the writer. The writer starts the WAL over once all of
    // it was copied.
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
    // Under a steady stream of writes, gather a few more records for a moment: a commit costs
    // about the same for a few records as for many (it rewrites the pages it touched, the hot
    // ones each time). Not after a pause: a lone write is applied at once.
    if (std::chrono::steady_clock::now() - last_applied_ < kGatherWait &&
        store_.HeadPosition() - checkpoint < kGatherRecords) {
      store_.WaitForHead(checkpoint + kGatherRecords - 1, kGatherWait);
    }
    domain::Timestamp first_recorded_at;
    auto applied = writer_->ApplyFromLog(kMaxBatch, &first_recorded_at);
    last_applied_ = std::chrono::steady_clock::now();
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
