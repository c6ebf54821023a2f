#pragma once
// The credit notes' table.

#include "projections/tables/table.h"

namespace factura::projections::tables {

inline constexpr Column kCreditNoteColumns[] = {
    {"org", Type::kInteger},
    {"id", Type::kText},
    {"number", Type::kText},
    {"invoice_id", Type::kText},
    {"customer_id", Type::kText},
    {"amount", Type::kInteger},
    {"amount_applied", Type::kInteger},   // taken off the invoice's amount due
    {"amount_credited", Type::kInteger},  // to the customer's credit
    {"tax_amount", Type::kInteger},
    {"currency", Type::kText},
    {"reason", Type::kText, true},
    {"lines", Type::kText},  // JSON array, as the API shows it
    {"version", Type::kInteger},
    {"created_at", Type::kInteger},
};
inline constexpr Table kCreditNotes{
    .name = "credit_notes",
    .columns = kCreditNoteColumns,
    .key = kOrgAndId,
    .indexes = R"sql(
CREATE INDEX IF NOT EXISTS credit_notes_created ON credit_notes(org, created_at, id);
CREATE INDEX IF NOT EXISTS credit_notes_invoice ON credit_notes(org, invoice_id);
CREATE INDEX IF NOT EXISTS credit_notes_customer ON credit_notes(org, customer_id);
)sql",
};

}  // namespace factura::projections::tables
