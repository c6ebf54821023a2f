#pragma once
// The SQLite half of the projector: writes the rows a batch of log records produced
// (row_folder.h) and moves the checkpoint, in one SQLite transaction per batch: after a crash
// the rows and the checkpoint agree, and applying resumes after the checkpoint.
//
//   auto writer = ReadModelWriter::Open(store, "data/readmodels.sqlite");
//   FACTURA_TRY((*writer)->ApplyFromLog(1'000));   // folds and writes what follows the checkpoint
//
// A rebuild folds on a thread of its own and hands each batch to Write (projector.cc).
// Thread safety: one thread at a time.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eventstore/event_store.h"
#include "projections/journal_writer.h"
#include "projections/row_folder.h"
#include "projections/sqlite.h"
#include "projections/staged_rows.h"
#include "projections/writer_support.h"

namespace factura::projections {

class ReadModelWriter {
 public:
  // Opens or creates the file and its schema. Errors: kInternal `sqlite_error`.
  // `bulk`: for a rebuild into a new file, which is thrown away if anything fails: no rollback
  // journal, no syncs, no secondary indexes, search indexes or invoice counts until FinishBulk,
  // which builds them from the rows, syncs, and returns the file to WAL mode.
  [[nodiscard]] static domain::Result<std::unique_ptr<ReadModelWriter>> Open(
      const eventstore::EventStore& store, const std::string& path, bool bulk = false,
      size_t max_cached_states = 100'000);

  // The last position applied (0 for a new file) and the schema version the file was built with
  // (0 for a new file).
  uint64_t checkpoint() const { return checkpoint_; }

  // After a bulk load: builds what the rows need (indexes, search indexes, counts), syncs, and
  // returns the file to WAL mode; the journal's own FinishBulk does the same for it.
  [[nodiscard]] domain::Result<void> FinishBulk();
  // The schema version both files were built with; 0 when they are not one pair (another
  // version, or a journal behind the read models): then they must be rebuilt.
  int64_t schema_version() const;

  // The journal's writer, for a rebuild to write it on a thread of its own (then this writer's
  // only other use is WriteOwnRows, on another thread).
  JournalWriter& journal() { return *journal_; }

  // Stops checkpointing the WAL at commits (which then wait for a copy and an fsync) and calls
  // `committed` after each commit with the WAL's length in frames, for a checkpointer of its own.
  // `committed` runs on the applying thread: it must be quick. It must outlive the writer.
  using WalCommitted = std::function<void(int wal_frames)>;
  void HandOverCheckpoints(WalCommitted committed);

  // Applies `records`, which must continue from the checkpoint, and commits them with the new
  // checkpoint. On error nothing of the batch is kept. Errors: the store's, the codec's,
  // kInternal `sqlite_error`, kFailedPrecondition `position_gap`.
  [[nodiscard]] domain::Result<void> Apply(const std::vector<RecordRef>& records);

  // Applies at most `max_records` of the log after the checkpoint, read in place (no copies),
  // in one transaction. Returns how many; `first_recorded_at` (if given) gets the first one's
  // commit time. For the live projector. Errors: as Apply.
  [[nodiscard]] domain::Result<size_t> ApplyFromLog(size_t max_records,
                                                    domain::Timestamp* first_recorded_at = nullptr);

  // Writes rows folded elsewhere from the records after the checkpoint (a rebuild's folding
  // thread), with their checkpoint. On error nothing of them is kept. Errors: kInternal
  // `sqlite_error`.
  [[nodiscard]] domain::Result<void> Write(const StagedRows& rows);
  // Write without the journal's rows, which a rebuild writes on another thread.
  [[nodiscard]] domain::Result<void> WriteOwnRows(const StagedRows& rows);

 private:
  ReadModelWriter(const eventstore::EventStore& store, std::unique_ptr<Database> db,
                  size_t max_cached_states);
  [[nodiscard]] domain::Result<void> Prepare(bool bulk);
  [[nodiscard]] domain::Result<void> Analyze();
  [[nodiscard]] domain::Result<void> WriteRows(const StagedRows& rows);

  // Upserts `row` of a table with a search index (its write answers the row's rowid) and keeps
  // the row's search entry in step (queued in search_updates_ when its text changed).
  [[nodiscard]] domain::Result<void> UpsertSearchable(TableStatements& table,
                                                      const StagedRows& rows,
                                                      const StagedRows::Row& row);

  // Writes search_updates_: after the batch's other rows, because SQLite has an FTS5 table flush
  // its pending entries (a new segment) at every later statement that opens a savepoint, as each
  // upsert does; interleaved, that is a segment per row.
  [[nodiscard]] domain::Result<void> WriteSearchUpdates();

  // A row's search entry to rewrite: unindex the old text (if the row had an entry), index the
  // new (which stays in the batch's rows until it is written).
  struct SearchUpdate {
    TableStatements* table;
    std::optional<int64_t> old_rowid;
    std::vector<std::optional<std::string>> old_text;
    int64_t rowid;
    std::vector<std::optional<std::string_view>> text;
  };

  const eventstore::EventStore& store_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<JournalWriter> journal_;
  RowFolder folder_;   // for Apply and ApplyFromLog
  StagedRows staged_;  // theirs, reused batch after batch
  uint64_t checkpoint_ = 0;
  int64_t schema_version_ = 0;
  bool bulk_ = false;         // until FinishBulk: no search indexes, triggers or secondary indexes
  uint64_t analyzed_at_ = 0;  // the checkpoint of the last ANALYZE
  std::vector<TableStatements> tables_;  // prepared once
  std::optional<Statement> set_checkpoint_;
  std::vector<SearchUpdate> search_updates_;  // this batch's, written last
  WalCommitted wal_committed_;
};

}  // namespace factura::projections
