#pragma once
// The writer of the event index (schema.h kEventTables): the webhook events of the log, in a
// file of its own beside the read models, with its own checkpoint. The read-model writer writes
// a batch's events here first and its other rows after, so the event index is never behind the
// read models; rows are keyed by log position, so writing a batch again after a crash between
// the two commits replaces them with the same rows.
//
// Thread safety: one thread at a time (a rebuild's second writing thread, or the projector's).

#include <memory>
#include <string>
#include <vector>

#include "projections/sqlite.h"
#include "projections/staged_rows.h"

namespace factura::projections {

class EventIndexWriter {
 public:
  // Opens or creates the file. `bulk` as ReadModelWriter::Open. Errors: kInternal
  // `sqlite_error`.
  [[nodiscard]] static domain::Result<std::unique_ptr<EventIndexWriter>> Open(
      const std::string& path, bool bulk);

  // The last position written (0 for a new file) and the schema version it was built with.
  uint64_t checkpoint() const { return checkpoint_; }
  int64_t schema_version() const { return schema_version_; }

  // Writes the kEvent rows of `rows` with their checkpoint, in one transaction. Errors:
  // kInternal `sqlite_error`.
  [[nodiscard]] domain::Result<void> Write(const StagedRows& rows);

  // Adds the indexes, syncs, and returns the file to WAL mode (after a bulk load).
  [[nodiscard]] domain::Result<void> FinishBulk();

  [[nodiscard]] domain::Result<void> Analyze();

  sqlite3* handle() { return db_->handle(); }

 private:
  explicit EventIndexWriter(std::unique_ptr<Database> db) : db_(std::move(db)) {}

  std::unique_ptr<Database> db_;
  std::vector<Statement> statements_;  // insert an event; set the checkpoint
  uint64_t checkpoint_ = 0;
  int64_t schema_version_ = 0;
};

}  // namespace factura::projections
