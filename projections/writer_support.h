#pragma once
// What the two read-model writers (read_model_writer.h, journal_writer.h) share: the pragmas
// of a bulk load, a file's meta (checkpoint and schema version), the organizations' numbers, and
// binding a staged row.

#include <cstdint>
#include <string_view>

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

// Binds a staged row's values to `statement`'s parameters 1..n, without copies: the rows stay
// unchanged until the statement has run.
Statement& BindRow(Statement& statement, const StagedRows& rows, const StagedRows::Row& row);
// One staged value to parameter `index`, as BindRow does.
Statement& BindValue(Statement& statement, int index, const StagedRows& rows,
                     const StagedRows::Value& value);

// Fresh statistics for the query planner, sampled (analysis_limit): milliseconds, whatever the
// table sizes.
inline constexpr std::string_view kAnalyze = "PRAGMA analysis_limit=1000; ANALYZE;";

}  // namespace factura::projections
