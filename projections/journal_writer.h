#pragma once
// The writer of the journal (schema.h kJournalTables): the tables that only grow, a row per log
// record, keyed by its position (webhook events, amount-due movements), in a file of its own
// beside the read models, with its own checkpoint. The read-model writer writes a batch's
// journal rows first and its other rows after, so the journal is never behind the read models;
// writing a batch again after a crash between the two commits replaces its rows with the same.
//
// Thread safety: one thread at a time (a rebuild's second writing thread, or the projector's).

#include <memory>
#include <string>
#include <vector>

#include "projections/sqlite.h"
#include "projections/staged_rows.h"
#include "projections/writer_support.h"

namespace factura::projections {

class JournalWriter {
 public:
  // Opens or creates the file. `bulk` as ReadModelWriter::Open. Errors: kInternal
  // `sqlite_error`.
  [[nodiscard]] static domain::Result<std::unique_ptr<JournalWriter>> Open(const std::string& path,
                                                                           bool bulk);

  // The last position written (0 for a new file) and the schema version it was built with.
  uint64_t checkpoint() const { return checkpoint_; }
  int64_t schema_version() const { return schema_version_; }

  // Writes the journal's rows of `rows` (its tables': events, movements) with their checkpoint,
  // in one transaction. Errors: kInternal `sqlite_error`.
  [[nodiscard]] domain::Result<void> Write(const StagedRows& rows);

  // Adds the indexes, syncs, and returns the file to WAL mode (after a bulk load).
  [[nodiscard]] domain::Result<void> FinishBulk();

  [[nodiscard]] domain::Result<void> Analyze();

  sqlite3* handle() { return db_->handle(); }

 private:
  explicit JournalWriter(std::unique_ptr<Database> db) : db_(std::move(db)) {}

  std::unique_ptr<Database> db_;
  std::vector<TableStatements> tables_;
  std::optional<Statement> set_checkpoint_;
  uint64_t checkpoint_ = 0;
  int64_t schema_version_ = 0;
};

}  // namespace factura::projections
