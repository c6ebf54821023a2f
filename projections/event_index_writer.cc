#include "projections/event_index_writer.h"

#include "projections/schema.h"
#include "projections/writer_support.h"

namespace factura::projections {

domain::Result<std::unique_ptr<EventIndexWriter>> EventIndexWriter::Open(const std::string& path,
                                                                         bool bulk) {
  auto db = Database::Open(path, Database::Mode::kReadWrite);
  if (!db) return std::unexpected(db.error());
  std::unique_ptr<EventIndexWriter> writer(new EventIndexWriter(std::move(*db)));
  Database& file = *writer->db_;
  if (bulk) FACTURA_TRY(file.Execute(kBulkLoadPragmas));
  FACTURA_TRY(file.Execute(kEventTables));
  if (!bulk) FACTURA_TRY(file.Execute(kEventIndexes));
  auto meta = ReadMeta(file);
  if (!meta) return std::unexpected(meta.error());
  writer->checkpoint_ = meta->checkpoint;
  writer->schema_version_ = meta->schema_version;
  for (std::string_view sql :
       {"INSERT OR REPLACE INTO events(org, position, ordinal, id, type, resource_id, sequence, "
        "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('checkpoint', ?1)"}) {
    auto statement = file.Prepare(sql);
    if (!statement) return std::unexpected(statement.error());
    writer->statements_.push_back(std::move(*statement));
  }
  return writer;
}

domain::Result<void> EventIndexWriter::Write(const StagedRows& rows) {
  if (rows.records == 0) return {};
  auto written = db_->InTransaction("BEGIN IMMEDIATE", [&]() -> domain::Result<void> {
    for (const StagedRows::Row& row : rows.rows()) {
      if (row.kind == RowKind::kEvent) FACTURA_TRY(BindRow(statements_[0], rows, row).Run());
    }
    return statements_[1].Bind(1, static_cast<int64_t>(rows.last_position)).Run();
  });
  if (!written) return written;
  checkpoint_ = rows.last_position;
  return {};
}

domain::Result<void> EventIndexWriter::FinishBulk() {
  FACTURA_TRY(db_->Execute(kEventIndexes));
  FACTURA_TRY(Analyze());
  return db_->Execute(kBulkLoadFinished);
}

domain::Result<void> EventIndexWriter::Analyze() { return db_->Execute(kAnalyze); }

}  // namespace factura::projections
