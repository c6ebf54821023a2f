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
  FACTURA_TRY(file.Execute(kJournalTables));
  if (!bulk) FACTURA_TRY(file.Execute(kJournalIndexes));
  auto meta = ReadMeta(file);
  if (!meta) return std::unexpected(meta.error());
  writer->checkpoint_ = meta->checkpoint;
  writer->schema_version_ = meta->schema_version;
  for (std::string_view sql :
       {"INSERT OR REPLACE INTO events(org, position, ordinal, id, type, resource_id, sequence, "
        "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        "INSERT OR REPLACE INTO invoice_movements(org, position, invoice_id, kind, on_date, "
        "amount) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('checkpoint', ?1)"}) {
    auto statement = file.Prepare(sql);
    if (!statement) return std::unexpected(statement.error());
    writer->statements_.push_back(std::move(*statement));
  }
  return writer;
}

domain::Result<void> JournalWriter::Write(const StagedRows& rows) {
  if (rows.records == 0) return {};
  auto written = db_->InTransaction("BEGIN IMMEDIATE", [&]() -> domain::Result<void> {
    for (const StagedRows::Row& row : rows.rows()) {
      if (row.kind == RowKind::kEvent) FACTURA_TRY(BindRow(statements_[0], rows, row).Run());
      if (row.kind == RowKind::kMovement) FACTURA_TRY(BindRow(statements_[1], rows, row).Run());
    }
    return statements_[2].Bind(1, static_cast<int64_t>(rows.last_position)).Run();
  });
  if (!written) return written;
  checkpoint_ = rows.last_position;
  return {};
}

domain::Result<void> JournalWriter::FinishBulk() {
  FACTURA_TRY(db_->Execute(kJournalIndexes));
  FACTURA_TRY(Analyze());
  return db_->Execute(kBulkLoadFinished);
}

domain::Result<void> JournalWriter::Analyze() { return db_->Execute(kAnalyze); }

}  // namespace factura::projections
