#pragma once
// The projector runtime (DESIGN.md §4): a thread that follows the log from the read models'
// checkpoint and applies it in bounded batches, each committed with its checkpoint. Queries
// wait on it to read their own writes.
//
//   auto projector = Projector::Start(store, "data/readmodels.sqlite");
//   ...
//   bool fresh = (*projector)->WaitFor(position, std::chrono::seconds(2));
//
// At start a file built with another schema version is rebuilt from the log into a new file and
// swapped in (Rebuild). Thread safety: every public method may be called from any thread.

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "eventstore/event_store.h"
#include "projections/read_model_writer.h"

namespace factura::projections {

// Progress of a rebuild: positions applied so far and the log head it runs to.
using RebuildProgress = std::function<void(uint64_t applied, uint64_t head)>;

// Builds the read models and their journal from the whole log into `path` + ".rebuild" and its
// journal (one thread folds, one writes each file; indexes, search indexes and counts built once
// at the end), syncs both and renames them over `path` and its journal, the journal first (each
// swap is atomic; the old file's WAL is removed first).
// Returns the checkpoint reached. The server must not be running on `path`. Errors: the
// writer's, the folder's, kInternal `rebuild_swap_failed`.
[[nodiscard]] domain::Result<uint64_t> Rebuild(const eventstore::EventStore& store,
                                               const std::string& path,
                                               const RebuildProgress& progress = {});

class Projector {
 public:
  static constexpr size_t kMaxBatch = 1'000;

  // Opens the read models (rebuilding them on a schema mismatch) and starts following the log.
  // Errors: the writer's and Rebuild's.
  [[nodiscard]] static domain::Result<std::unique_ptr<Projector>> Start(
      const eventstore::EventStore& store, const std::string& path);
  ~Projector();  // stops the thread; what it committed stays

  // The last position applied to the read models.
  uint64_t checkpoint() const { return checkpoint_.load(); }
  // Waits, at most `timeout`, until the checkpoint reaches `position`; true if it did.
  bool WaitFor(uint64_t position, std::chrono::milliseconds timeout) const;
  // How long after their commit to the log events reached the read models: each batch counts
  // once, with its oldest event's delay. Buckets by kLagMillisBounds (plus one unbounded).
  static constexpr std::array<uint64_t, 13> kLagMillisBounds{1,  2,  5,   10,  20,   30,  40,
                                                             50, 75, 100, 250, 1000, 5000};
  struct LagStats {
    std::array<uint64_t, kLagMillisBounds.size() + 1> buckets{};
    uint64_t batches = 0;
    uint64_t total_micros = 0;
  };
  LagStats lag() const;

  // Set when applying failed (the thread stops; /readyz reports it).
  std::optional<domain::Error> failure() const;
  const std::string& path() const { return path_; }

 private:
  Projector(const eventstore::EventStore& store, std::string path,
            std::unique_ptr<ReadModelWriter> writer);
  void Run();
  // Checkpoints the WAL into the file on a thread of its own, whenever it has grown by
  // kCheckpointFrames, so that the applying thread never waits for the copy and its fsync.
  void RunCheckpoints();
  static constexpr int kCheckpointFrames = 1'000;
  static constexpr int kNice = -10;  // the applying thread's (projector.cc)
  // A batch smaller than kGatherRecords, starting within kGatherWait of the end of the one
  // before, waits up to kGatherWait for more (projector.cc).
  static constexpr uint64_t kGatherRecords = 500;
  static constexpr std::chrono::milliseconds kGatherWait{5};
  std::chrono::steady_clock::time_point last_applied_;  // the applying thread's last batch

  const eventstore::EventStore& store_;
  std::string path_;
  std::unique_ptr<ReadModelWriter> writer_;
  std::atomic<uint64_t> checkpoint_{0};
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  mutable std::condition_variable advanced_;
  std::optional<domain::Error> failure_;
  LagStats lag_;  // guarded by mutex_
  std::atomic<int> wal_frames_{0};
  std::mutex checkpoint_mutex_;
  std::condition_variable wal_grown_;
  std::thread thread_;
  std::thread checkpointer_;
};

}  // namespace factura::projections
