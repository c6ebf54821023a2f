#pragma once
// The read models' SQLite schema (DESIGN.md §4). Every table is keyed by organization first:
// no query can reach another organization's rows without naming it.
//
// `org` is the organization's number, not its id: the log position of the first record of that
// organization the projector folded (the same in every build of the files from one log), kept in
// `organizations`. A query names its organization by id through it:
//   WHERE org = (SELECT number FROM organizations WHERE id = ?1)
// (an organization with no rows yet has no number, and the query no rows). An integer instead of
// the 30-character id in every row and index entry: the files are a third smaller and the
// projector applies ~35% more records a second (bench/RESULTS.md, session 8).
//
// Amounts are integers in minor units; dates are ISO 8601 text (they sort as text); instants
// are microseconds since the epoch. Each table is described once, in projections/tables/.
//
// The journal: the tables that only grow, a row per log record (or a few), keyed by its
// position: the webhook events and the amount-due movements. In a file of its own
// (JournalPath) with its own writer, so that a rebuild writes and indexes it on another core;
// the live writer commits a batch's journal rows before the others, so it is never behind, and
// a batch written again (after a crash between the two commits) replaces its rows with the same.
// Queries see it attached to the read models' connections as `journal`; its tables are found
// unqualified.

#include <cstdint>
#include <string>
#include <string_view>

#include "projections/tables/api_keys.h"
#include "projections/tables/catalog.h"
#include "projections/tables/credit_notes.h"
#include "projections/tables/customers.h"
#include "projections/tables/invoices.h"
#include "projections/tables/journal.h"
#include "projections/tables/organizations.h"
#include "projections/tables/payments.h"
#include "projections/tables/webhook_endpoints.h"

namespace factura::projections {

// The read models' file: its tables, in the order they are made.
inline constexpr const tables::Table* kReadModelTables[] = {
    &tables::kMeta,          &tables::kOrganizations,    &tables::kInvoices,
    &tables::kInvoiceCounts, &tables::kInvoiceTaxes,     &tables::kCustomers,
    &tables::kPayments,      &tables::kProducts,         &tables::kTaxRates,
    &tables::kApiKeys,       &tables::kWebhookEndpoints, &tables::kCreditNotes,
};
// The journal's file.
inline constexpr const tables::Table* kJournalTables[] = {
    &tables::kMeta,
    &tables::kInvoiceMovements,
    &tables::kEvents,
};

// Bump when what the folder puts into the rows changes while the tables' descriptions do not:
// a file built by another version is rebuilt from the log.
inline constexpr uint64_t kFoldingVersion = 16;  // 16: customers' status and type

// The version a file is built with: the tables' descriptions and the folding version. A server
// finding another in a file rebuilds it from the log.
inline constexpr const tables::Table* kAllTables[] = {
    &tables::kMeta,
    &tables::kOrganizations,
    &tables::kInvoices,
    &tables::kInvoiceCounts,
    &tables::kInvoiceTaxes,
    &tables::kCustomers,
    &tables::kPayments,
    &tables::kProducts,
    &tables::kTaxRates,
    &tables::kApiKeys,
    &tables::kWebhookEndpoints,
    &tables::kCreditNotes,
    &tables::kInvoiceMovements,
    &tables::kEvents,
};
inline constexpr int64_t kSchemaVersion = tables::Fingerprint(kAllTables, kFoldingVersion);

// The journal's file beside the read models' `path` ("readmodels.sqlite" ->
// "readmodels.journal.sqlite").
inline std::string JournalPath(std::string_view path) {
  std::string_view stem = path.ends_with(".sqlite") ? path.substr(0, path.size() - 7) : path;
  return std::string(stem) + ".journal.sqlite";
}

}  // namespace factura::projections
