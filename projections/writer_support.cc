#include "projections/writer_support.h"

#include "projections/row_folder.h"
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
    auto set = db.Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?1)");
    if (!set) return std::unexpected(set.error());
    set->Bind(1, kSchemaVersion);
    FACTURA_TRY(set->Run());
    meta.schema_version = kSchemaVersion;
  }
  return meta;
}

domain::Result<void> TellOrganizations(Database& db, RowFolder& folder) {
  auto organizations = db.Prepare("SELECT id, number FROM organizations");
  if (!organizations) return std::unexpected(organizations.error());
  while (true) {
    auto row = organizations->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return {};
    folder.KnowOrganization(std::string(organizations->Text(0)), organizations->Int(1));
  }
}

Statement& BindValue(Statement& statement, int index, const StagedRows& rows,
                     const StagedRows::Value& value) {
  switch (value.type) {
    case StagedRows::Value::Type::kNull:
      return statement.BindNull(index);
    case StagedRows::Value::Type::kInt:
      return statement.Bind(index, value.number);
    case StagedRows::Value::Type::kText:
      return statement.BindStatic(index, rows.text(value));
  }
  return statement;
}

Statement& BindRow(Statement& statement, const StagedRows& rows, const StagedRows::Row& row) {
  for (uint32_t column = 0; column < row.count; ++column) {
    BindValue(statement, static_cast<int>(column) + 1, rows, rows.value(row, column));
  }
  return statement;
}

}  // namespace factura::projections
