#pragma once
// A read-model table, described once: its columns, its key, its search index and its secondary
// indexes. Everything else follows from the description (table.cc): the CREATE statements, the
// statement that writes a staged row, the search index's upkeep, and the schema's fingerprint,
// so adding a column is one edit (then the folder fills it; tests/projections check that every
// column of every table is filled).
//
// Columns are named, never numbered by hand: `kInvoices["amount_due"]` is the column's index,
// computed when compiling (a name the table does not have does not compile). Staged rows
// (staged_rows.h) and list rows (queries.h) are indexed by it.
//
//   inline constexpr Column kThingColumns[] = {{"org", Type::kInteger}, {"id", Type::kText}};
//   inline constexpr Table kThings{.name = "things", .columns = kThingColumns, ...};
//   rows.Add(kThings).Int(kThings["org"], org).Text(kThings["id"], id);

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace factura::projections::tables {

enum class Type : uint8_t { kInteger, kText };

struct Column {
  std::string_view name;
  Type type;
  bool nullable = false;
};

// How a staged row of the table is written.
enum class Write : uint8_t {
  kReplace,    // INSERT OR REPLACE: the row with the same key is replaced
  kUpsert,     // INSERT … ON CONFLICT(key) DO UPDATE: the rowid stays, which a search entry needs
  kKeepFirst,  // INSERT OR IGNORE: the first row with a key stays
  kNotStaged,  // kept by triggers (`indexes`) or by its file's own statements
};

struct Table {
  std::string_view name;
  std::span<const Column> columns;
  std::span<const std::string_view> key;  // the primary key, or the unique key of a rowid table
  bool without_rowid = true;              // false: a rowid table, `key` a UNIQUE constraint
  std::string_view constraints;           // more, as SQL: "UNIQUE(number)"
  Write write = Write::kReplace;
  // Text columns indexed for search in the FTS5 table `search_index` (external content: the
  // table's own rows, by rowid, so a rowid table written with kUpsert).
  std::string_view search_index;
  std::span<const std::string_view> search;
  // The columns naming a set of rows that is replaced whole (an invoice's taxes): a staged
  // removal (StagedRows::Remove) deletes the rows that have its values in them.
  std::span<const std::string_view> owner;
  // CREATE INDEX and CREATE TRIGGER statements: made with the table, or after a bulk load.
  std::string_view indexes;
  // What a bulk load, which writes no triggers, runs once the rows are in.
  std::string_view after_bulk_load;

  // The index of the column named `column`.
  consteval size_t operator[](std::string_view column) const {
    for (size_t i = 0; i < columns.size(); ++i) {
      if (columns[i].name == column) return i;
    }
    throw "no such column";  // (at compile time: not a constant expression)
  }
  // The same, when the name is known only at run time; columns.size() when there is none.
  size_t IndexOf(std::string_view column) const;
};

// The key of most tables: an aggregate's id within its organization.
inline constexpr std::string_view kOrgAndId[] = {"org", "id"};

// CREATE TABLE (and its search index's CREATE VIRTUAL TABLE), IF NOT EXISTS.
std::string CreateSql(const Table& table);
// The statement writing a staged row: its parameters are the columns, in order (?1 …). A kUpsert
// statement answers the row's rowid.
std::string WriteSql(const Table& table);
// DELETE of the rows of one owner: parameters the owner columns, in order.
std::string RemoveSql(const Table& table);
// The search index's upkeep: read a row's indexed text (parameters: the key; answers the rowid,
// then the text columns), remove an entry and add one (parameters: the rowid, then the text).
std::string ReadSearchTextSql(const Table& table);
std::string UnindexSql(const Table& table);
std::string IndexSql(const Table& table);
// The search index rebuilt from the table's rows: for a file built without it. Empty when the
// table has none.
std::string RebuildSearchSql(const Table& table);

// For a file's tables: every CREATE TABLE; every table's `indexes`; what a bulk load runs once
// the rows are in (each table's `after_bulk_load` and search index rebuilt, then the indexes).
std::string CreateSql(std::span<const Table* const> tables);
std::string IndexesSql(std::span<const Table* const> tables);
std::string AfterBulkLoadSql(std::span<const Table* const> tables);

// A number that changes when any table's description does (FNV-1a over every field), so that a
// file built with another description is rebuilt (schema.h). Positive.
constexpr int64_t Fingerprint(std::span<const Table* const> tables, uint64_t seed) {
  uint64_t hash = 14695981039346656037ull ^ seed;
  auto mix = [&](std::string_view text) {
    for (char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    hash = (hash ^ 0xffu) * 1099511628211ull;  // a separator: ("ab","c") is not ("a","bc")
  };
  auto mix_all = [&](std::span<const std::string_view> names) {
    for (std::string_view name : names) mix(name);
    mix("|");
  };
  for (const Table* table : tables) {
    mix(table->name);
    for (const Column& column : table->columns) {
      mix(column.name);
      mix(column.type == Type::kInteger ? "i" : "t");
      mix(column.nullable ? "?" : "!");
    }
    mix_all(table->key);
    mix(table->without_rowid ? "w" : "r");
    mix(table->constraints);
    mix(std::string_view(&"rukn"[static_cast<size_t>(table->write)], 1));
    mix(table->search_index);
    mix_all(table->search);
    mix_all(table->owner);
    mix(table->indexes);
    mix(table->after_bulk_load);
  }
  return static_cast<int64_t>(hash >> 2) + 1;
}

}  // namespace factura::projections::tables
