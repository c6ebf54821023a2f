#pragma once
// The journal's tables (schema.h): they only grow, a row per log record (or a few), keyed by its
// position.

#include "projections/tables/table.h"

namespace factura::projections::tables {

// What changed an invoice's amount due, and on which business date: issue (+total), payments
// (−), refunds (+), voids, write-offs and credit notes (−). The aging report sums them up to any
// date, so it is right for past dates too.
inline constexpr Column kInvoiceMovementColumns[] = {
    {"org", Type::kInteger}, {"position", Type::kInteger}, {"invoice_id", Type::kText},
    {"kind", Type::kText},   {"on_date", Type::kText},     {"amount", Type::kInteger},
};
inline constexpr std::string_view kInvoiceMovementKey[] = {"org", "position", "invoice_id"};
inline constexpr Table kInvoiceMovements{
    .name = "invoice_movements",
    .columns = kInvoiceMovementColumns,
    .key = kInvoiceMovementKey,
    .indexes = R"sql(
CREATE INDEX IF NOT EXISTS invoice_movements_date ON invoice_movements(org, on_date);
CREATE INDEX IF NOT EXISTS invoice_movements_invoice ON invoice_movements(org, invoice_id);
)sql",
};

// The webhook events (seed 000 §5) of the log, one row each: what /v1/events lists. The
// payload is not copied here; it is rendered from the log when asked for.
inline constexpr Column kEventColumns[] = {
    {"org", Type::kInteger},
    {"position", Type::kInteger},
    {"ordinal", Type::kInteger},  // of the record's webhook events
    {"id", Type::kText},
    {"type", Type::kText},
    {"resource_id", Type::kText},
    {"sequence", Type::kInteger},  // the resource's version
    {"created_at", Type::kInteger},
    // The customer the resource belongs to (an invoice's, a payment's, a credit note's, a
    // customer itself); NULL for the rest. A customer user sees these events alone. Not indexed:
    // an index on it cost the live projector a quarter of its rate (its keys land all over the
    // index), and a filter on it walks the organization's events by position instead (~15 ms
    // for 100k events; bench/RESULTS.md, issue 18).
    {"customer_id", Type::kText, true},
};
inline constexpr std::string_view kEventKey[] = {"org", "position", "ordinal"};
inline constexpr Table kEvents{
    .name = "events",
    .columns = kEventColumns,
    .key = kEventKey,
    .indexes = R"sql(
CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events(org, id);
CREATE INDEX IF NOT EXISTS events_type ON events(org, type, position);
CREATE INDEX IF NOT EXISTS events_created ON events(org, created_at, id);
)sql",
};

}  // namespace factura::projections::tables
