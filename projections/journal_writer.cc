#include "projections/journal_writer.h"

#include "projections/schema.h"
#include "projections/writer_support.h"

namespace factura::projections {

domain::Result<std::unique_ptr<JournalWriter>> JournalWriter::Open(const std::string& path,
                                                                   bool bulk) {
  auto db = Database::Open(path, Database::Mode::kReadWrite);
  if (!db) return std::unexpected(db.error());
  std::unique_ptr<JournalWriter> writer(new JournalWriter(std::move(*db)));
  Database& file = *writer->db_;
  if (bulk) FACTURA_TRY(file.Execute(kBulkLoadPragmas));
  FACTURA_TRY(file.Execute(tables::CreateSql(tables::kMeta)));
  auto meta = ReadMeta(file);
  if (!meta) return std::unexpected(meta.error());
  writer->checkpoint_ = meta->checkpoint;
  writer->schema_version_ = meta->schema_version;
  // Another version's journal: rebuilt with the read models, never written (read_model_writer).
  if (writer->schema_version_ != kSchemaVersion) return writer;
  FACTURA_TRY(file.Execute(tables::CreateSql(kJournalTables)));
  if (!bulk) FACTURA_TRY(file.Execute(tables::IndexesSql(kJournalTables)));
  auto tables = PrepareTables(file, kJournalTables);
  if (!tables) return std::unexpected(tables.error());
  writer->tables_ = std::move(*tables);
  auto set_checkpoint = file.Prepare(kSetCheckpoint);
  if (!set_checkpoint) return std::unexpected(set_checkpoint.error());
  writer->set_checkpoint_.emplace(std::move(*set_checkpoint));
  return writer;
}

domain::Result<void> JournalWriter::Write(const StagedRows& rows) {
  if (rows.records == 0) return {};
  auto written = db_->InTransaction("BEGIN IMMEDIATE", [&]() -> domain::Result<void> {
    for (const StagedRows::Row& row : rows.rows()) {
      TableStatements* table = Find(tables_, row.table);
      if (table == nullptr) continue;  // the read models'
      FACTURA_TRY(WriteStaged(*table, rows, row));
    }
    return set_checkpoint_->Bind(1, static_cast<int64_t>(rows.last_position)).Run();
  });
  if (!written) return written;
  checkpoint_ = rows.last_position;
  return {};
}

domain::Result<void> JournalWriter::FinishBulk() {
  FACTURA_TRY(db_->Execute(tables::AfterBulkLoadSql(kJournalTables)));
  FACTURA_TRY(Analyze());
  return db_->Execute(kBulkLoadFinished);
}

domain::Result<void> JournalWriter::Analyze() { return db_->Execute(kAnalyze); }

}  // namespace factura::projections
