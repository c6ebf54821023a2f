#pragma once
// The API keys' table (never their secrets: a hint of the last characters).

#include "projections/tables/table.h"

namespace factura::projections::tables {

inline constexpr Column kApiKeyColumns[] = {
    {"org", Type::kInteger},
    {"id", Type::kText},
    {"name", Type::kText},
    {"key_hint", Type::kText},
    {"scopes", Type::kText},  // JSON array of strings
    {"status", Type::kText},  // active, revoked (expired is computed when read)
    {"expires_at", Type::kInteger, true},
    {"revoked_at", Type::kInteger, true},
    {"rate_limit_per_minute", Type::kInteger, true},  // the key's own limit, if any
    {"version", Type::kInteger},
    {"created_at", Type::kInteger},
};
inline constexpr std::string_view kApiKeySearch[] = {"name"};
inline constexpr Table kApiKeys{
    .name = "api_keys",
    .columns = kApiKeyColumns,
    .key = kOrgAndId,
    .without_rowid = false,
    .write = Write::kUpsert,
    .search_index = "api_key_search",
    .search = kApiKeySearch,
    .indexes = "CREATE INDEX IF NOT EXISTS api_keys_created ON api_keys(org, created_at, id);",
};

}  // namespace factura::projections::tables
