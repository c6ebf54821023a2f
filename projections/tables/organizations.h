#pragma once
// The tables every read-model file has: its meta (schema version, checkpoint) and, in the read
// models', the organizations' numbers (schema.h).

#include "projections/tables/table.h"

namespace factura::projections::tables {

// The schema version and the checkpoint: the last log position applied, committed in the same
// transaction as the rows it produced. Written by the writers' own statements.
inline constexpr Column kMetaColumns[] = {
    {"key", Type::kText},
    {"value", Type::kInteger},
};
inline constexpr std::string_view kMetaKey[] = {"key"};
inline constexpr Table kMeta{
    .name = "meta",
    .columns = kMetaColumns,
    .key = kMetaKey,
    .without_rowid = false,
    .write = Write::kNotStaged,
};

inline constexpr Column kOrganizationColumns[] = {
    {"id", Type::kText},
    {"number", Type::kInteger},
};
inline constexpr std::string_view kOrganizationKey[] = {"id"};
inline constexpr Table kOrganizations{
    .name = "organizations",
    .columns = kOrganizationColumns,
    .key = kOrganizationKey,
    .constraints = "UNIQUE(number)",
    .write = Write::kKeepFirst,  // a number never changes
};

}  // namespace factura::projections::tables
