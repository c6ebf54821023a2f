#pragma once
// The payments' table.

#include "projections/tables/table.h"

namespace factura::projections::tables {

inline constexpr Column kPaymentColumns[] = {
    {"org", Type::kInteger},
    {"id", Type::kText},
    {"number", Type::kText, true},  // empty for payments recorded before numbers: NULL
    {"invoice_id", Type::kText},
    {"customer_id", Type::kText},
    {"amount", Type::kInteger},
    {"amount_refunded", Type::kInteger},
    {"currency", Type::kText},
    {"payment_method", Type::kText},
    {"status", Type::kText},
    {"payment_date", Type::kText},
    {"reference", Type::kText, true},
    {"version", Type::kInteger},
    {"created_at", Type::kInteger},
    // As the payment was recorded; NULL for payments recorded before they were.
    {"invoice_number", Type::kText, true},
    {"customer_name", Type::kText, true},
};
inline constexpr Table kPayments{
    .name = "payments",
    .columns = kPaymentColumns,
    .key = kOrgAndId,
    .indexes = R"sql(
CREATE INDEX IF NOT EXISTS payments_created ON payments(org, created_at, id);
CREATE INDEX IF NOT EXISTS payments_invoice ON payments(org, invoice_id);
CREATE INDEX IF NOT EXISTS payments_customer ON payments(org, customer_id);
)sql",
};

}  // namespace factura::projections::tables
