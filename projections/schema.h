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
// are microseconds since the epoch. `meta` holds the schema version and the checkpoint: the
// last log position applied, committed in the same transaction as the rows it produced.

#include <cstdint>
#include <string>
#include <string_view>

namespace factura::projections {

// Bump on any change below: a server finding another version rebuilds the file from the log.
inline constexpr int64_t kSchemaVersion = 10;

inline constexpr std::string_view kTables = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);

CREATE TABLE IF NOT EXISTS organizations(
  id TEXT PRIMARY KEY, number INTEGER NOT NULL UNIQUE) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS invoices(
  org INTEGER NOT NULL, id TEXT NOT NULL, number TEXT NOT NULL, status TEXT NOT NULL,
  customer_id TEXT NOT NULL, customer_name TEXT NOT NULL, currency TEXT NOT NULL,
  issue_date TEXT NOT NULL, due_date TEXT NOT NULL,
  total INTEGER NOT NULL, amount_paid INTEGER NOT NULL, amount_due INTEGER NOT NULL,
  notes TEXT, reference TEXT, paid_on TEXT, version INTEGER NOT NULL,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  UNIQUE(org, id));
-- How many invoices each status has, kept by triggers (kIndexes) in the rows' transaction: a list
-- filtered by status alone (the usual one) counts its rows here instead of walking an index.
CREATE TABLE IF NOT EXISTS invoice_counts(
  org INTEGER NOT NULL, status TEXT NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY(org, status)) WITHOUT ROWID;
-- Search: an index over the rows' own text, by rowid (external content: no second copy; no
-- per-row sizes, which only ranking would use). The writer rewrites a row's entry only when its
-- text changed, so a payment or a status change costs the index nothing. (Not with triggers:
-- FTS5 rows written from triggers measured three times dearer.)
CREATE VIRTUAL TABLE IF NOT EXISTS invoice_search USING fts5(
  number, customer_name, notes, reference, content = 'invoices', columnsize = 0,
  tokenize = 'unicode61 remove_diacritics 2');

-- Each invoice's tax per rate (the taxable amount it was computed on, and the tax).
CREATE TABLE IF NOT EXISTS invoice_taxes(
  org INTEGER NOT NULL, invoice_id TEXT NOT NULL, tax_key TEXT NOT NULL, tax_rate_id TEXT,
  name TEXT NOT NULL, rate TEXT NOT NULL, taxable INTEGER NOT NULL, tax INTEGER NOT NULL,
  PRIMARY KEY(org, invoice_id, tax_key)) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS customers(
  org INTEGER NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, company_name TEXT, email TEXT,
  currency TEXT, status TEXT NOT NULL, version INTEGER NOT NULL,
  credit TEXT NOT NULL,  -- JSON: [{"currency":"USD","amount":12.50}, ...], as the API shows it
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  UNIQUE(org, id));
CREATE VIRTUAL TABLE IF NOT EXISTS customer_search USING fts5(
  name, company_name, email, content = 'customers', columnsize = 0,
  tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE IF NOT EXISTS payments(
  org INTEGER NOT NULL, id TEXT NOT NULL, invoice_id TEXT NOT NULL, customer_id TEXT NOT NULL,
  amount INTEGER NOT NULL, amount_refunded INTEGER NOT NULL, currency TEXT NOT NULL,
  payment_method TEXT NOT NULL, status TEXT NOT NULL, payment_date TEXT NOT NULL,
  reference TEXT, version INTEGER NOT NULL, created_at INTEGER NOT NULL,
  PRIMARY KEY(org, id)) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS products(
  org INTEGER NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, sku TEXT, category TEXT,
  unit_price INTEGER NOT NULL, currency TEXT NOT NULL, is_active INTEGER NOT NULL,
  version INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  PRIMARY KEY(org, id)) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS tax_rates(
  org INTEGER NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,
  rate TEXT NOT NULL, inclusive INTEGER NOT NULL, is_active INTEGER NOT NULL,
  version INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  PRIMARY KEY(org, id)) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS api_keys(
  org INTEGER NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, key_hint TEXT NOT NULL,
  scopes TEXT NOT NULL,  -- JSON array of strings
  status TEXT NOT NULL, expires_at INTEGER, revoked_at INTEGER, version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE(org, id));
CREATE VIRTUAL TABLE IF NOT EXISTS api_key_search USING fts5(
  name, content = 'api_keys', columnsize = 0, tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE IF NOT EXISTS webhook_endpoints(
  org INTEGER NOT NULL, id TEXT NOT NULL, url TEXT NOT NULL,
  events TEXT NOT NULL,  -- JSON array of strings
  description TEXT, active INTEGER NOT NULL, disabled_reason TEXT, deleted INTEGER NOT NULL,
  version INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  PRIMARY KEY(org, id)) WITHOUT ROWID;
)sql";

// Secondary indexes and the triggers that keep invoice_counts: created with the tables, or after
// the rows on a rebuild (faster), which then counts the invoices once (kCountInvoices).
inline constexpr std::string_view kIndexes = R"sql(
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
CREATE INDEX IF NOT EXISTS customers_created ON customers(org, created_at, id);
CREATE INDEX IF NOT EXISTS payments_created ON payments(org, created_at, id);
CREATE INDEX IF NOT EXISTS payments_invoice ON payments(org, invoice_id);
CREATE INDEX IF NOT EXISTS payments_customer ON payments(org, customer_id);
CREATE INDEX IF NOT EXISTS products_created ON products(org, created_at, id);
CREATE INDEX IF NOT EXISTS tax_rates_created ON tax_rates(org, created_at, id);
CREATE INDEX IF NOT EXISTS api_keys_created ON api_keys(org, created_at, id);
CREATE INDEX IF NOT EXISTS webhook_endpoints_created ON webhook_endpoints(org, created_at, id);
)sql";

// The counts the triggers keep, from the rows: for a file built without the triggers.
inline constexpr std::string_view kCountInvoices = R"sql(
DELETE FROM invoice_counts;
INSERT INTO invoice_counts(org, status, n) SELECT org, status, COUNT(*) FROM invoices
GROUP BY org, status;
)sql";

// The journal: the tables that only grow, a row per log record (or a few), keyed by its
// position: the webhook events and the amount-due movements. In a file of its own
// (JournalPath) with its own writer, so that a rebuild writes and indexes it on another core;
// the live writer commits a batch's journal rows before the others, so it is never behind, and
// a batch written again (after a crash between the two commits) replaces its rows with the same.
// Queries see it attached to the read models' connections as `journal`; its tables are found
// unqualified.
inline constexpr std::string_view kJournalTables = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
-- What changed an invoice's amount due, and on which business date: issue (+total), payments
-- (−), refunds (+), voids, write-offs and credit notes (−). The aging report sums them up to any
-- date, so it is right for past dates too.
CREATE TABLE IF NOT EXISTS invoice_movements(
  org INTEGER NOT NULL, position INTEGER NOT NULL, invoice_id TEXT NOT NULL, kind TEXT NOT NULL,
  on_date TEXT NOT NULL, amount INTEGER NOT NULL,
  PRIMARY KEY(org, position, invoice_id)) WITHOUT ROWID;

-- The webhook events (seed 000 §5) of the log, one row each: what /v1/events lists. The
-- payload is not copied here; it is rendered from the log when asked for.
CREATE TABLE IF NOT EXISTS events(
  org INTEGER NOT NULL, position INTEGER NOT NULL, ordinal INTEGER NOT NULL, id TEXT NOT NULL,
  type TEXT NOT NULL, resource_id TEXT NOT NULL, sequence INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY(org, position, ordinal)) WITHOUT ROWID;
)sql";

inline constexpr std::string_view kJournalIndexes = R"sql(
CREATE INDEX IF NOT EXISTS invoice_movements_date ON invoice_movements(org, on_date);
CREATE INDEX IF NOT EXISTS invoice_movements_invoice ON invoice_movements(org, invoice_id);
CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events(org, id);
CREATE INDEX IF NOT EXISTS events_type ON events(org, type, position);
CREATE INDEX IF NOT EXISTS events_created ON events(org, created_at, id);
)sql";

// The journal's file beside the read models' `path` ("readmodels.sqlite" ->
// "readmodels.journal.sqlite").
inline std::string JournalPath(std::string_view path) {
  std::string_view stem = path.ends_with(".sqlite") ? path.substr(0, path.size() - 7) : path;
  return std::string(stem) + ".journal.sqlite";
}

// Each search index rebuilt from its table's rows: for a file built without them.
inline constexpr std::string_view kIndexSearch = R"sql(
INSERT INTO invoice_search(invoice_search) VALUES ('rebuild');
INSERT INTO customer_search(customer_search) VALUES ('rebuild');
INSERT INTO api_key_search(api_key_search) VALUES ('rebuild');
)sql";

}  // namespace factura::projections
