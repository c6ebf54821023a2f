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
  for (size_t column = 0; column < row.table->columns.size(); ++column) {
    BindValue(statement, static_cast<int>(column) + 1, rows, rows.value(row, column));
  }
  return statement;
}

Statement& BindColumns(Statement& statement, const StagedRows& rows, const StagedRows::Row& row,
                       std::span<const size_t> columns) {
  for (size_t i = 0; i < columns.size(); ++i) {
    BindValue(statement, static_cast<int>(i) + 1, rows, rows.value(row, columns[i]));
  }
  return statement;
}

domain::Result<void> WriteStaged(TableStatements& statements, const StagedRows& rows,
                                 const StagedRows::Row& row) {
  if (!row.removes) return BindRow(*statements.write, rows, row).Run();
  if (!statements.remove) {
    return domain::Reject(domain::ErrorKind::kInternal, "no_owner", "",
                          "Table " + std::string(statements.table->name) + " has no owner");
  }
  return BindColumns(*statements.remove, rows, row, statements.owner_columns).Run();
}

domain::Result<std::vector<TableStatements>> PrepareTables(
    Database& db, std::span<const tables::Table* const> tables) {
  std::vector<TableStatements> prepared;
  prepared.reserve(tables.size());
  auto prepare = [&](const std::string& sql,
                     std::optional<Statement>& into) -> domain::Result<void> {
    auto statement = db.Prepare(sql);
    if (!statement) return std::unexpected(statement.error());
    into.emplace(std::move(*statement));
    return {};
  };
  auto columns_of = [](const tables::Table& table, std::span<const std::string_view> names) {
    std::vector<size_t> columns;
    for (std::string_view name : names) columns.push_back(table.IndexOf(name));
    return columns;
  };
  for (const tables::Table* table : tables) {
    TableStatements& statements = prepared.emplace_back(TableStatements{.table = table});
    if (table->write != tables::Write::kNotStaged) {
      FACTURA_TRY(prepare(tables::WriteSql(*table), statements.write));
    }
    if (!table->owner.empty()) {
      FACTURA_TRY(prepare(tables::RemoveSql(*table), statements.remove));
      statements.owner_columns = columns_of(*table, table->owner);
    }
    if (!table->search_index.empty()) {
      FACTURA_TRY(prepare(tables::ReadSearchTextSql(*table), statements.read_text));
      FACTURA_TRY(prepare(tables::UnindexSql(*table), statements.unindex));
      FACTURA_TRY(prepare(tables::IndexSql(*table), statements.index));
      statements.key_columns = columns_of(*table, table->key);
      statements.text_columns = columns_of(*table, table->search);
    }
  }
  return prepared;
}

TableStatements* Find(std::vector<TableStatements>& statements, const tables::Table* table) {
  for (TableStatements& candidate : statements) {
    if (candidate.table == table) return &candidate;
  }
  return nullptr;
}

}  // namespace factura::projections
