#include "projections/tables/table.h"

namespace factura::projections::tables {
namespace {

std::string Join(std::span<const std::string_view> names, std::string_view separator = ", ") {
  std::string joined;
  for (std::string_view name : names) {
    if (!joined.empty()) joined += separator;
    joined += name;
  }
  return joined;
}

std::string ColumnNames(const Table& table) {
  std::string names;
  for (const Column& column : table.columns) {
    if (!names.empty()) names += ", ";
    names += column.name;
  }
  return names;
}

// "?1, ?2, …, ?n", from ?first.
std::string Parameters(size_t count, size_t first = 1) {
  std::string parameters;
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) parameters += ", ";
    parameters += "?" + std::to_string(first + i);
  }
  return parameters;
}

// "a = ?1 AND b = ?2"
std::string Matching(std::span<const std::string_view> names) {
  std::string condition;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) condition += " AND ";
    condition += std::string(names[i]) + " = ?" + std::to_string(i + 1);
  }
  return condition;
}

}  // namespace

size_t Table::IndexOf(std::string_view column) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == column) return i;
  }
  return columns.size();
}

std::string CreateSql(const Table& table) {
  std::string sql = "CREATE TABLE IF NOT EXISTS " + std::string(table.name) + "(";
  for (const Column& column : table.columns) {
    sql += std::string(column.name) + (column.type == Type::kInteger ? " INTEGER" : " TEXT") +
           (column.nullable ? ", " : " NOT NULL, ");
  }
  sql += (table.without_rowid ? "PRIMARY KEY(" : "UNIQUE(") + Join(table.key) + ")";
  if (!table.constraints.empty()) sql += ", " + std::string(table.constraints);
  sql += table.without_rowid ? ") WITHOUT ROWID;\n" : ");\n";
  if (!table.search_index.empty()) {
    sql += "CREATE VIRTUAL TABLE IF NOT EXISTS " + std::string(table.search_index) +
           " USING fts5(" + Join(table.search) + ", content = '" + std::string(table.name) +
           "', columnsize = 0, tokenize = 'unicode61 remove_diacritics 2');\n";
  }
  return sql;
}

std::string WriteSql(const Table& table) {
  std::string into = std::string(table.name) + "(" + ColumnNames(table) + ") VALUES (" +
                     Parameters(table.columns.size()) + ")";
  switch (table.write) {
    case Write::kReplace:
      return "INSERT OR REPLACE INTO " + into;
    case Write::kKeepFirst:
      return "INSERT OR IGNORE INTO " + into;
    case Write::kUpsert: {
      std::string set;
      for (size_t i = 0; i < table.columns.size(); ++i) {
        std::string_view name = table.columns[i].name;
        bool keyed = false;
        for (std::string_view key : table.key) keyed = keyed || key == name;
        if (keyed) continue;
        if (!set.empty()) set += ", ";
        set += std::string(name) + " = ?" + std::to_string(i + 1);
      }
      return "INSERT INTO " + into + " ON CONFLICT(" + Join(table.key) + ") DO UPDATE SET " + set +
             " RETURNING rowid";
    }
    case Write::kNotStaged:
      break;
  }
  return {};
}

std::string RemoveSql(const Table& table) {
  return "DELETE FROM " + std::string(table.name) + " WHERE " + Matching(table.owner);
}

std::string ReadSearchTextSql(const Table& table) {
  return "SELECT rowid, " + Join(table.search) + " FROM " + std::string(table.name) + " WHERE " +
         Matching(table.key);
}

std::string UnindexSql(const Table& table) {
  std::string index(table.search_index);
  return "INSERT INTO " + index + "(" + index + ", rowid, " + Join(table.search) +
         ") VALUES ('delete', ?1, " + Parameters(table.search.size(), 2) + ")";
}

std::string IndexSql(const Table& table) {
  return "INSERT INTO " + std::string(table.search_index) + "(rowid, " + Join(table.search) +
         ") VALUES (?1, " + Parameters(table.search.size(), 2) + ")";
}

std::string RebuildSearchSql(const Table& table) {
  if (table.search_index.empty()) return {};
  std::string index(table.search_index);
  return "INSERT INTO " + index + "(" + index + ") VALUES ('rebuild');";
}

std::string CreateSql(std::span<const Table* const> tables) {
  std::string sql;
  for (const Table* table : tables) sql += CreateSql(*table);
  return sql;
}

std::string IndexesSql(std::span<const Table* const> tables) {
  std::string sql;
  for (const Table* table : tables) sql += std::string(table->indexes) + "\n";
  return sql;
}

std::string AfterBulkLoadSql(std::span<const Table* const> tables) {
  // Indexes first: the counts and search rebuilds read the finished tables.
  std::string sql = IndexesSql(tables);
  for (const Table* table : tables) {
    sql += std::string(table->after_bulk_load) + "\n" + RebuildSearchSql(*table) + "\n";
  }
  return sql;
}

}  // namespace factura::projections::tables
