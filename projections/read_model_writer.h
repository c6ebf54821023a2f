#pragma once
// Applies log records to the read models (schema.h) and moves the checkpoint, in one SQLite
// transaction per batch: after a crash the rows and the checkpoint agree, and applying resumes
// after the checkpoint.
//
// Rows are derived from aggregate states folded with the domain's own Evolve, so a list shows
// exactly what a read by id shows. States touched recently stay in a bounded cache; a state
// not cached is folded from its stream in the log up to the version before the record's (never
// past it), so two rebuilds of one log write the same rows.
//
//   auto writer = ReadModelWriter::Open(store, "data/readmodels.sqlite");
//   FACTURA_TRY((*writer)->Apply(records));   // records after (*writer)->checkpoint()
//
// Thread safety: one thread at a time.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/any_state.h"
#include "eventstore/event_store.h"
#include "eventstore/lru_map.h"
#include "projections/sqlite.h"

namespace factura::projections {

// The fields of a log record the read models look at (from an EventRecord or a view).
struct RecordRef {
  uint64_t position = 0;
  std::string_view stream_id;
  uint64_t stream_version = 0;
  std::string_view type;
  uint32_t schema_version = 0;
  std::string_view organization_id;
  std::string_view payload;
  std::string_view event_id;
  domain::Timestamp recorded_at;

  static RecordRef Of(const eventstore::EventRecord& record);
  static RecordRef Of(const eventstore::EventRecordView& record);
};

class ReadModelWriter {
 public:
  // Opens or creates the file and its schema. Errors: kInternal `sqlite_error`.
  // `bulk`: for a rebuild into a new file, which is thrown away if anything fails: no rollback
  // journal, no syncs and no secondary indexes until FinishBulk, which adds them, syncs, and
  // returns the file to WAL mode.
  [[nodiscard]] static domain::Result<std::unique_ptr<ReadModelWriter>> Open(
      const eventstore::EventStore& store, const std::string& path, bool bulk = false,
      size_t max_cached_states = 100'000);

  // The last position applied (0 for a new file) and the schema version the file was built with
  // (0 for a new file).
  uint64_t checkpoint() const { return checkpoint_; }

  [[nodiscard]] domain::Result<void> FinishBulk();
  int64_t schema_version() const { return schema_version_; }

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
  // commit time. For rebuilds and the live projector. Errors: as Apply.
  [[nodiscard]] domain::Result<size_t> ApplyFromLog(size_t max_records,
                                                    domain::Timestamp* first_recorded_at = nullptr);

 private:
  ReadModelWriter(const eventstore::EventStore& store, std::unique_ptr<Database> db,
                  size_t max_cached_states);
  [[nodiscard]] domain::Result<void> Prepare(bool bulk);
  [[nodiscard]] domain::Result<void> Stage(const RecordRef& record);
  [[nodiscard]] domain::Result<void> Analyze();
  // Runs `stage` (which returns the last position it staged) and commits the batch's rows with
  // that checkpoint, or keeps nothing of it.
  [[nodiscard]] domain::Result<void> InTransaction(
      const std::function<domain::Result<uint64_t>()>& stage);
  [[nodiscard]] domain::Result<domain::AnyState*> StateBefore(const RecordRef& record);
  [[nodiscard]] domain::Result<void> WriteRow(std::string_view organization_id,
                                              const domain::AnyState& state);
  // Runs `upsert` (bound by the caller; it returns the row's rowid) and keeps the row's search
  // entry in step (queued in search_updates_ when its text changed): `search` names the table's
  // statements, `text` the row's searchable columns after it. Returns whether the row existed.
  // A searchable table's statements (indexes into statements_): its row's rowid and text before
  // an upsert, and its search index's 'delete' (which must be given the text the entry was made
  // from) and insert.
  struct SearchStatements {
    size_t read_text;
    size_t unindex;
    size_t index;
  };
  [[nodiscard]] domain::Result<bool> UpsertSearchable(
      const SearchStatements& search, Statement& upsert, std::string_view organization_id,
      std::string_view id, const std::vector<std::optional<std::string_view>>& text);

  // Writes search_updates_: after the batch's other rows, because SQLite has an FTS5 table flush
  // its pending entries (a new segment) at every later statement that opens a savepoint, as each
  // upsert does; interleaved, that is a segment per row.
  [[nodiscard]] domain::Result<void> WriteSearchUpdates();

  // A row's search entry to rewrite: unindex the old text (if the row had an entry), index the
  // new.
  struct SearchUpdate {
    size_t unindex;
    size_t index;
    std::optional<int64_t> old_rowid;
    std::vector<std::optional<std::string>> old_text;
    int64_t rowid;
    std::vector<std::optional<std::string>> text;
  };

  const eventstore::EventStore& store_;
  std::unique_ptr<Database> db_;
  eventstore::LruMap<domain::AnyState> states_;  // stream id → state as of the checkpoint
  // The states this batch changed, out of the cache until their rows are written.
  std::unordered_map<std::string, domain::AnyState> batch_;
  uint64_t checkpoint_ = 0;
  int64_t schema_version_ = 0;
  uint64_t analyzed_at_ = 0;                  // the checkpoint of the last ANALYZE
  std::vector<Statement> statements_;         // prepared once; indexes in read_model_writer.cc
  std::vector<SearchUpdate> search_updates_;  // this batch's, written last
  WalCommitted wal_committed_;
};

}  // namespace factura::projections
