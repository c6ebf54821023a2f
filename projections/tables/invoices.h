#pragma once
// The invoices' tables: a row per invoice, the counts by status, and the tax per rate.

#include "projections/tables/table.h"

namespace factura::projections::tables {

inline constexpr Column kInvoiceColumns[] = {
    {"org", Type::kInteger},  // the organization's number (schema.h)
    {"id", Type::kText},
    {"number", Type::kText},
    {"status", Type::kText},
    {"customer_id", Type::kText},
    {"customer_name", Type::kText},
    {"currency", Type::kText},
    {"issue_date", Type::kText},
    {"due_date", Type::kText},
    {"item_count", Type::kInteger},
    {"subtotal", Type::kInteger},
    {"tax_total", Type::kInteger},
    {"total", Type::kInteger},
    {"amount_paid", Type::kInteger},
    {"amount_due", Type::kInteger},
    {"amount_credited", Type::kInteger},  // credit notes against it, whole
    {"notes", Type::kText, true},
    {"reference", Type::kText, true},
    {"paid_on", Type::kText, true},
    {"version", Type::kInteger},
    {"created_at", Type::kInteger},
    {"updated_at", Type::kInteger},
};
inline constexpr std::string_view kInvoiceSearch[] = {"number", "customer_name", "notes",
                                                      "reference"};

// Search: an index over the rows' own text, by rowid (external content: no second copy; no
// per-row sizes, which only ranking would use). The writer rewrites a row's entry only when its
// text changed, so a payment or a status change costs the index nothing. (Not with triggers:
// FTS5 rows written from triggers measured three times dearer.)
inline constexpr Table kInvoices{
    .name = "invoices",
    .columns = kInvoiceColumns,
    .key = kOrgAndId,
    .without_rowid = false,
    .write = Write::kUpsert,
    .search_index = "invoice_search",
    .search = kInvoiceSearch,
    // The triggers keep invoice_counts in the rows' transaction.
    .indexes = R"sql(
CREATE TRIGGER IF NOT EXISTS invoices_counted AFTER INSERT ON invoices BEGIN
  INSERT INTO invoice_counts(org, status, n) VALUES (new.org, new.status, 1)
  ON CONFLICT(org, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS invoices_recounted AFTER UPDATE OF status ON invoices
WHEN old.status IS NOT new.status BEGIN
  UPDATE invoice_counts SET n = n - 1 WHERE org = old.org AND status = old.status;
  INSERT INTO invoice_counts(org, status, n) VALUES (new.org, new.status, 1)
  ON CONFLICT(org, status) DO UPDATE SET n = n + 1;
END;
CREATE INDEX IF NOT EXISTS invoices_created ON invoices(org, created_at, id);
CREATE INDEX IF NOT EXISTS invoices_status ON invoices(org, status, created_at);
CREATE INDEX IF NOT EXISTS invoices_customer ON invoices(org, customer_id, created_at);
CREATE INDEX IF NOT EXISTS invoices_due ON invoices(org, due_date);
CREATE INDEX IF NOT EXISTS invoices_issue ON invoices(org, issue_date);
)sql",
};

// How many invoices each status has, kept by kInvoices' triggers: a list filtered by status
// alone (the usual one) counts its rows here instead of walking an index.
inline constexpr Column kInvoiceCountColumns[] = {
    {"org", Type::kInteger},
    {"status", Type::kText},
    {"n", Type::kInteger},
};
inline constexpr std::string_view kOrgAndStatus[] = {"org", "status"};
inline constexpr Table kInvoiceCounts{
    .name = "invoice_counts",
    .columns = kInvoiceCountColumns,
    .key = kOrgAndStatus,
    .write = Write::kNotStaged,
    // A bulk load writes no triggers: the counts, from the finished rows.
    .after_bulk_load = R"sql(
DELETE FROM invoice_counts;
INSERT INTO invoice_counts(org, status, n) SELECT org, status, COUNT(*) FROM invoices
GROUP BY org, status;
)sql",
};

// Each invoice's tax per rate (the taxable amount it was computed on, and the tax); replaced
// whole when the invoice changes.
inline constexpr Column kInvoiceTaxColumns[] = {
    {"org", Type::kInteger},
    {"invoice_id", Type::kText},
    {"tax_key", Type::kText},  // the tax rate's id, or "inline:<rate>[:incl]"
    {"tax_rate_id", Type::kText, true},
    {"name", Type::kText},
    {"rate", Type::kText},
    {"taxable", Type::kInteger},
    {"tax", Type::kInteger},
};
inline constexpr std::string_view kInvoiceTaxKey[] = {"org", "invoice_id", "tax_key"};
inline constexpr std::string_view kInvoiceTaxOwner[] = {"org", "invoice_id"};
inline constexpr Table kInvoiceTaxes{
    .name = "invoice_taxes",
    .columns = kInvoiceTaxColumns,
    .key = kInvoiceTaxKey,
    .owner = kInvoiceTaxOwner,
};

}  // namespace factura::projections::tables
