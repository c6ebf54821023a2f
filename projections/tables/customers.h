#pragma once
// The customers' table.

#include "projections/tables/table.h"

namespace factura::projections::tables {

inline constexpr Column kCustomerColumns[] = {
    {"org", Type::kInteger},        {"id", Type::kText},
    {"name", Type::kText},          {"company_name", Type::kText, true},
    {"email", Type::kText, true},   {"currency", Type::kText, true},
    {"status", Type::kText},  // active, inactive, suspended, deleted
    {"credit", Type::kText},  // JSON: [{"currency":"USD","amount":12.50}, ...], as the API shows it
    {"version", Type::kInteger},    {"created_at", Type::kInteger},
    {"updated_at", Type::kInteger}, {"customer_type", Type::kText, true},
};
inline constexpr std::string_view kCustomerSearch[] = {"name", "company_name", "email"};
inline constexpr Table kCustomers{
    .name = "customers",
    .columns = kCustomerColumns,
    .key = kOrgAndId,
    .without_rowid = false,
    .write = Write::kUpsert,
    .search_index = "customer_search",
    .search = kCustomerSearch,
    .indexes = "CREATE INDEX IF NOT EXISTS customers_created ON customers(org, created_at, id);",
};

}  // namespace factura::projections::tables
