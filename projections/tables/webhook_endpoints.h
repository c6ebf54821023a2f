#pragma once
// The webhook endpoints' table.

#include "projections/tables/table.h"

namespace factura::projections::tables {

inline constexpr Column kWebhookEndpointColumns[] = {
    {"org", Type::kInteger},
    {"id", Type::kText},
    {"url", Type::kText},
    {"events", Type::kText},  // JSON array of strings
    {"description", Type::kText, true},
    {"active", Type::kInteger},
    {"disabled_reason", Type::kText, true},
    {"deleted", Type::kInteger},
    {"version", Type::kInteger},
    {"created_at", Type::kInteger},
    {"updated_at", Type::kInteger},
};
inline constexpr Table kWebhookEndpoints{
    .name = "webhook_endpoints",
    .columns = kWebhookEndpointColumns,
    .key = kOrgAndId,
    .indexes =
        "CREATE INDEX IF NOT EXISTS webhook_endpoints_created ON "
        "webhook_endpoints(org, created_at, id);",
};

}  // namespace factura::projections::tables
