#include "projections/writer_support.h"

#include "projections/schema.h"

namespace factura::projections {

domain::Result<FileMeta> ReadMeta(Database& db) {
  FileMeta meta;
  auto read = db.Prepare("SELECT key, value FROM meta");
  if (!read) return std::unexpected(read.error());
  while (true) {
    auto row = read->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    if (read->Text(0) == "checkpoint") meta.checkpoint = static_cast<uint64_t>(read->Int(1));
    if (read->Text(0) == "schema_version") meta.schema_version = read->Int(1);
  }
  if (meta.schema_version == 0 && meta.checkpoint == 0) {
    // A new file: it is built with this version.
    auto set =
        db.Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?1)");
    if (!set) return std::unexpected(set.error());
    set->Bind(1, kSchemaVersion);
    FACTURA_TRY(set->Run());
    meta.schema_version = kSchemaVersion;
  }
  return meta;
}

Statement& BindRow(Statement& statement, const StagedRows& rows, const StagedRows::Row& row) {
  for (uint32_t column = 0; column < row.count; ++column) {
    const StagedRows::Value& value = rows.value(row, column);
    int index = static_cast<int>(column) + 1;
    switch (value.type) {
      case StagedRows::Value::Type::kNull: statement.BindNull(index); break;
      case StagedRows::Value::Type::kInt: statement.Bind(index, value.number); break;
      case StagedRows::Value::Type::kText: statement.BindStatic(index, rows.text(value)); break;
    }
  }
  return statement;
}

}  // namespace factura::projections
