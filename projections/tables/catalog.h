#pragma once
// The catalog's tables: products and tax rates.

#include "projections/tables/table.h"

namespace factura::projections::tables {

inline constexpr Column kProductColumns[] = {
    {"org", Type::kInteger},         {"id", Type::kText},
    {"name", Type::kText},           {"sku", Type::kText, true},
    {"category", Type::kText, true}, {"unit_price", Type::kInteger},
    {"currency", Type::kText},       {"is_active", Type::kInteger},
    {"version", Type::kInteger},     {"created_at", Type::kInteger},
    {"updated_at", Type::kInteger},
};
inline constexpr Table kProducts{
    .name = "products",
    .columns = kProductColumns,
    .key = kOrgAndId,
    .indexes = "CREATE INDEX IF NOT EXISTS products_created ON products(org, created_at, id);",
};

inline constexpr Column kTaxRateColumns[] = {
    {"org", Type::kInteger},        {"id", Type::kText},
    {"name", Type::kText},          {"type", Type::kText},
    {"rate", Type::kText},  // a percentage, as written ("7.25")
    {"inclusive", Type::kInteger},  {"is_active", Type::kInteger},
    {"version", Type::kInteger},    {"created_at", Type::kInteger},
    {"updated_at", Type::kInteger},
};
inline constexpr Table kTaxRates{
    .name = "tax_rates",
    .columns = kTaxRateColumns,
    .key = kOrgAndId,
    .indexes = "CREATE INDEX IF NOT EXISTS tax_rates_created ON tax_rates(org, created_at, id);",
};

}  // namespace factura::projections::tables
