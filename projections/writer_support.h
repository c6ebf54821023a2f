#pragma once
// What the two read-model writers (read_model_writer.h, journal_writer.h) share: the pragmas
// of a bulk load, a file's meta (checkpoint and schema version), the organizations' numbers, the
// statements that write a table's staged rows, and binding a staged row.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "projections/sqlite.h"
#include "projections/staged_rows.h"

namespace factura::projections {

class RowFolder;

// For a rebuild into a new file, which is thrown away if anything fails: no rollback journal, no
// syncs, one connection, and a cache that holds the tables being loaded.
inline constexpr std::string_view kBulkLoadPragmas =
    "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE; "
    "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-1048576;";
// Back to the live writer's settings once loaded.
inline constexpr std::string_view kBulkLoadFinished =
    "PRAGMA cache_size=-65536; PRAGMA synchronous=FULL; PRAGMA locking_mode=NORMAL; "
    "PRAGMA journal_mode=WAL; PRAGMA wal_checkpoint;";

struct FileMeta {
  uint64_t checkpoint = 0;
  int64_t schema_version = 0;
};
// The file's checkpoint and schema version; a new file (neither set) is marked with
// kSchemaVersion. Errors: kInternal `sqlite_error`.
[[nodiscard]] domain::Result<FileMeta> ReadMeta(Database& db);

// Tells `folder` the organizations' numbers the read models `db` hold, so that it goes on with
// them (schema.h).
[[nodiscard]] domain::Result<void> TellOrganizations(Database& db, RowFolder& folder);

// The statements that write one table's staged rows (tables::Table), prepared from its
// description.
struct TableStatements {
  const tables::Table* table;
  std::optional<Statement> write;   // a row (tables::WriteSql); none for a table not staged
  std::optional<Statement> remove;  // an owner's rows (tables::RemoveSql), for a table with owners
  std::vector<size_t> owner_columns;
  // For a table with a search index: a row's rowid and indexed text before it is written (by its
  // key columns), the index's 'delete' (which must be given the text the entry was made from)
  // and insert, and which of the row's values are the indexed text.
  std::optional<Statement> read_text;
  std::optional<Statement> unindex;
  std::optional<Statement> index;
  std::vector<size_t> key_columns;
  std::vector<size_t> text_columns;
};
// Every table's statements, for a file with `tables`. Errors: kInternal `sqlite_error`.
[[nodiscard]] domain::Result<std::vector<TableStatements>> PrepareTables(
    Database& db, std::span<const tables::Table* const> tables);
// The statements of `table` among `statements`; nullptr when it is not one of the file's.
TableStatements* Find(std::vector<TableStatements>& statements, const tables::Table* table);

// Binds a staged row's values to `statement`'s parameters 1..n, without copies: the rows stay
// unchanged until the statement has run.
Statement& BindRow(Statement& statement, const StagedRows& rows, const StagedRows::Row& row);
// Some of its values (`columns`, in order) to parameters 1..k, as BindRow does.
Statement& BindColumns(Statement& statement, const StagedRows& rows, const StagedRows::Row& row,
                       std::span<const size_t> columns);
// A staged row written with its table's write statement, or a staged removal
// (StagedRows::Remove) run. Errors: kInternal `sqlite_error`, `no_owner`.
[[nodiscard]] domain::Result<void> WriteStaged(TableStatements& statements, const StagedRows& rows,
                                               const StagedRows::Row& row);

// A file's checkpoint, committed with the rows it stands for: ?1 the last position applied.
inline constexpr std::string_view kSetCheckpoint =
    "INSERT OR REPLACE INTO meta(key, value) VALUES ('checkpoint', ?1)";
// One staged value to parameter `index`, as BindRow does.
Statement& BindValue(Statement& statement, int index, const StagedRows& rows,
                     const StagedRows::Value& value);

// Fresh statistics for the query planner, sampled (analysis_limit): milliseconds, whatever the
// table sizes.
inline constexpr std::string_view kAnalyze = "PRAGMA analysis_limit=1000; ANALYZE;";

}  // namespace factura::projections
