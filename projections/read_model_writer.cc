#include "projections/read_model_writer.h"

#include "projections/schema.h"
#include "projections/writer_support.h"

namespace factura::projections {

ReadModelWriter::ReadModelWriter(const eventstore::EventStore& store, std::unique_ptr<Database> db,
                                 size_t max_cached_states)
    : store_(store), db_(std::move(db)), folder_(store, max_cached_states) {}

domain::Result<std::unique_ptr<ReadModelWriter>> ReadModelWriter::Open(
    const eventstore::EventStore& store, const std::string& path, bool bulk,
    size_t max_cached_states) {
  auto db = Database::Open(path, Database::Mode::kReadWrite);
  if (!db) return std::unexpected(db.error());
  std::unique_ptr<ReadModelWriter> writer(
      new ReadModelWriter(store, std::move(*db), max_cached_states));
  FACTURA_TRY(writer->Prepare(bulk));
  auto journal = JournalWriter::Open(JournalPath(path), bulk);
  if (!journal) return std::unexpected(journal.error());
  writer->journal_ = std::move(*journal);
  return writer;
}

int64_t ReadModelWriter::schema_version() const {
  // The two files are one pair: built with one version, and the journal never behind.
  bool paired =
      journal_->schema_version() == schema_version_ && journal_->checkpoint() >= checkpoint_;
  return paired ? schema_version_ : 0;
}

domain::Result<void> ReadModelWriter::Prepare(bool bulk) {
  bulk_ = bulk;
  if (bulk) FACTURA_TRY(db_->Execute(kBulkLoadPragmas));
  FACTURA_TRY(db_->Execute(tables::CreateSql(tables::kMeta)));
  auto meta = ReadMeta(*db_);
  if (!meta) return std::unexpected(meta.error());
  checkpoint_ = meta->checkpoint;
  schema_version_ = meta->schema_version;
  // A file of another version is rebuilt from the log (Projector::Start), never written: its
  // tables may lack columns this version's statements and indexes name.
  if (schema_version_ != kSchemaVersion) return {};
  FACTURA_TRY(db_->Execute(tables::CreateSql(kReadModelTables)));
  if (!bulk) FACTURA_TRY(db_->Execute(tables::IndexesSql(kReadModelTables)));
  analyzed_at_ = checkpoint_;
  auto tables = PrepareTables(*db_, kReadModelTables);
  if (!tables) return std::unexpected(tables.error());
  tables_ = std::move(*tables);
  auto set_checkpoint = db_->Prepare(kSetCheckpoint);
  if (!set_checkpoint) return std::unexpected(set_checkpoint.error());
  set_checkpoint_.emplace(std::move(*set_checkpoint));
  return TellOrganizations(*db_, folder_);  // the folder continues the file
}

domain::Result<void> ReadModelWriter::Analyze() {
  FACTURA_TRY(db_->Execute(kAnalyze));
  // (In a bulk load the journal is another thread's: it analyzes itself when finished.)
  if (!bulk_) FACTURA_TRY(journal_->Analyze());
  analyzed_at_ = checkpoint_;
  return {};
}

domain::Result<void> ReadModelWriter::FinishBulk() {
  // What the live writer keeps row by row, built once from the finished tables.
  FACTURA_TRY(db_->Execute(tables::AfterBulkLoadSql(kReadModelTables)));
  FACTURA_TRY(db_->Execute(kAnalyze));
  bulk_ = false;
  analyzed_at_ = checkpoint_;
  return db_->Execute(kBulkLoadFinished);
}

void ReadModelWriter::HandOverCheckpoints(WalCommitted committed) {
  wal_committed_ = std::move(committed);
  // The hook replaces SQLite's own (which is how wal_autocheckpoint works); one for each file.
  for (sqlite3* handle : {db_->handle(), journal_->handle()}) {
    sqlite3_wal_hook(
        handle,
        [](void* self, sqlite3*, const char*, int frames) {
          static_cast<ReadModelWriter*>(self)->wal_committed_(frames);
          return SQLITE_OK;
        },
        this);
  }
}

domain::Result<void> ReadModelWriter::Apply(const std::vector<RecordRef>& records) {
  if (records.empty()) return {};
  staged_.Clear();
  uint64_t expected = checkpoint_ + 1;
  for (const RecordRef& record : records) {
    domain::Result<void> folded;
    if (record.position != expected) {
      folded = domain::Reject(domain::ErrorKind::kFailedPrecondition, "position_gap", "",
                              "Expected position " + std::to_string(expected) + ", got " +
                                  std::to_string(record.position));
    } else {
      folded = folder_.Fold(record, staged_);
    }
    if (!folded) {
      folder_.Forget();
      return folded;
    }
    ++expected;
  }
  folder_.Finish(staged_);
  return Write(staged_);
}

domain::Result<size_t> ReadModelWriter::ApplyFromLog(size_t max_records,
                                                     domain::Timestamp* first_recorded_at) {
  if (schema_version() != kSchemaVersion) {
    return domain::Reject(domain::ErrorKind::kFailedPrecondition, "read_models_outdated", "",
                          "The read models were built by another version: rebuild them");
  }
  staged_.Clear();
  std::optional<domain::Error> failure;
  auto last =
      store_.ScanLog(checkpoint_ + 1, max_records, [&](const eventstore::EventRecordView& record) {
        auto folded = folder_.Fold(RecordRef::Of(record), staged_);
        if (!folded) failure = folded.error();
        return folded.has_value() && !folder_.full();
      });
  if (!last || failure) {
    folder_.Forget();
    return std::unexpected(failure ? *failure : last.error());
  }
  if (staged_.records == 0) return 0;
  folder_.Finish(staged_);
  FACTURA_TRY(Write(staged_));
  if (first_recorded_at != nullptr) *first_recorded_at = staged_.first_recorded_at;
  return staged_.records;
}

domain::Result<void> ReadModelWriter::Write(const StagedRows& rows) {
  // The journal first: never behind the read models (journal_writer.h).
  auto indexed = journal_->Write(rows);
  if (!indexed) {
    folder_.Forget();
    return indexed;
  }
  return WriteOwnRows(rows);
}

domain::Result<void> ReadModelWriter::WriteOwnRows(const StagedRows& rows) {
  if (rows.records == 0) return {};
  auto written = db_->InTransaction("BEGIN IMMEDIATE", [&]() -> domain::Result<void> {
    FACTURA_TRY(WriteRows(rows));
    FACTURA_TRY(WriteSearchUpdates());
    return set_checkpoint_->Bind(1, static_cast<int64_t>(rows.last_position)).Run();
  });
  if (!written) {
    // Nothing of the batch is kept, in the file or in memory.
    search_updates_.clear();
    folder_.Forget();
    return written;
  }
  checkpoint_ = rows.last_position;
  // Fresh statistics as the tables grow (each time they double), so that the query planner
  // drives a search from the text index rather than scanning a sort index.
  if (checkpoint_ >= 2 * analyzed_at_ + 10'000) FACTURA_TRY(Analyze());
  return {};
}

domain::Result<void> ReadModelWriter::WriteRows(const StagedRows& rows) {
  for (const StagedRows::Row& row : rows.rows()) {
    TableStatements* table = Find(tables_, row.table);
    if (table == nullptr) continue;  // the journal's
    if (!row.removes && table->read_text && !bulk_) {
      // (A bulk load indexes the text once, from the finished tables: FinishBulk.)
      FACTURA_TRY(UpsertSearchable(*table, rows, row));
    } else {
      FACTURA_TRY(WriteStaged(*table, rows, row));
    }
  }
  return {};
}

domain::Result<void> ReadModelWriter::UpsertSearchable(TableStatements& table,
                                                       const StagedRows& rows,
                                                       const StagedRows::Row& row) {
  // The text the entry was made from, read before the upsert replaces it; an aggregate's first
  // row has none (nothing to read: a new invoice's costs one index search less).
  Statement& read = *table.read_text;
  BindColumns(read, rows, row, table.key_columns);
  auto found = row.may_exist ? read.Step() : domain::Result<bool>(false);
  if (!found) {
    read.Reset();
    return std::unexpected(found.error());
  }
  std::vector<std::optional<std::string_view>> text;
  for (size_t column : table.text_columns) {
    text.push_back(rows.optional_text(rows.value(row, column)));
  }
  std::optional<int64_t> old_rowid;
  std::vector<std::optional<std::string>> old_text;
  bool unchanged = *found;
  if (*found) {
    old_rowid = read.Int(0);
    for (size_t i = 0; i < text.size(); ++i) {
      int column = static_cast<int>(i) + 1;
      if (read.IsNull(column)) {
        old_text.emplace_back();
        unchanged = unchanged && !text[i];
      } else {
        old_text.emplace_back(std::string(read.Text(column)));
        unchanged = unchanged && text[i] && *text[i] == *old_text.back();
      }
    }
  }
  read.Reset();
  auto rowid = BindRow(*table.write, rows, row).RunForInt();
  if (!rowid) return std::unexpected(rowid.error());
  if (unchanged) return {};
  search_updates_.push_back({&table, old_rowid, std::move(old_text), *rowid, std::move(text)});
  return {};
}

domain::Result<void> ReadModelWriter::WriteSearchUpdates() {
  auto bind = [](Statement& statement, int64_t rowid, const auto& text) -> Statement& {
    statement.Bind(1, rowid);
    for (size_t i = 0; i < text.size(); ++i) {
      int index = static_cast<int>(i) + 2;
      if (text[i]) {
        statement.BindStatic(index, std::string_view(*text[i]));
      } else {
        statement.BindNull(index);
      }
    }
    return statement;
  };
  for (const SearchUpdate& update : search_updates_) {
    if (update.old_rowid) {
      FACTURA_TRY(bind(*update.table->unindex, *update.old_rowid, update.old_text).Run());
    }
    FACTURA_TRY(bind(*update.table->index, update.rowid, update.text).Run());
  }
  search_updates_.clear();
  return {};
}

}  // namespace factura::projections
