#include "projections/read_model_writer.h"

#include "projections/schema.h"
#include "projections/writer_support.h"

namespace factura::projections {
namespace {

// Prepared statements, by index into statements_.
enum StatementIndex : size_t {
  kUpsertInvoice,
  kUpsertCustomer,
  kUpsertPayment,
  kUpsertProduct,
  kUpsertTaxRate,
  kSetMeta,
  kDeleteInvoiceTaxes,
  kInsertInvoiceTax,
  kUpsertApiKey,
  kUpsertWebhookEndpoint,
  kReadInvoiceText,
  kUnindexInvoice,
  kIndexInvoice,
  kReadCustomerText,
  kUnindexCustomer,
  kIndexCustomer,
  kReadApiKeyText,
  kUnindexApiKey,
  kIndexApiKey,
  kInsertOrganization,
};

constexpr std::string_view kStatements[] = {
    "INSERT INTO invoices(org, id, number, status, customer_id, customer_name, currency, "
    "issue_date, due_date, total, amount_paid, amount_due, notes, reference, version, created_at, "
    "updated_at, paid_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
    "?15, ?16, ?17, ?18) ON CONFLICT(org, id) DO UPDATE SET number = ?3, status = ?4, "
    "customer_id = ?5, customer_name = ?6, currency = ?7, issue_date = ?8, due_date = ?9, "
    "total = ?10, amount_paid = ?11, amount_due = ?12, notes = ?13, reference = ?14, "
    "version = ?15, created_at = ?16, updated_at = ?17, paid_on = ?18 RETURNING rowid",
    "INSERT INTO customers(org, id, name, company_name, email, currency, status, version, "
    "created_at, updated_at, credit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
    "ON CONFLICT(org, id) DO UPDATE SET name = ?3, company_name = ?4, email = ?5, currency = ?6, "
    "status = ?7, version = ?8, created_at = ?9, updated_at = ?10, credit = ?11 RETURNING rowid",
    "INSERT OR REPLACE INTO payments(org, id, invoice_id, customer_id, amount, amount_refunded, "
    "currency, payment_method, status, payment_date, reference, version, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    "INSERT OR REPLACE INTO products(org, id, name, sku, category, unit_price, currency, "
    "is_active, version, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
    "?10, ?11)",
    "INSERT OR REPLACE INTO tax_rates(org, id, name, type, rate, inclusive, is_active, version, "
    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
    "DELETE FROM invoice_taxes WHERE org = ?1 AND invoice_id = ?2",
    "INSERT OR REPLACE INTO invoice_taxes(org, invoice_id, tax_key, tax_rate_id, name, rate, "
    "taxable, tax) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    "INSERT INTO api_keys(org, id, name, key_hint, scopes, status, expires_at, revoked_at, "
    "version, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT(org, id) DO UPDATE SET name = ?3, key_hint = ?4, scopes = ?5, status = ?6, "
    "expires_at = ?7, revoked_at = ?8, version = ?9, created_at = ?10 RETURNING rowid",
    "INSERT OR REPLACE INTO webhook_endpoints(org, id, url, events, description, active, "
    "disabled_reason, deleted, version, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
    "?7, ?8, ?9, ?10, ?11)",
    "SELECT rowid, number, customer_name, notes, reference FROM invoices WHERE org = ?1 AND id = "
    "?2",
    "INSERT INTO invoice_search(invoice_search, rowid, number, customer_name, notes, reference) "
    "VALUES ('delete', ?1, ?2, ?3, ?4, ?5)",
    "INSERT INTO invoice_search(rowid, number, customer_name, notes, reference) "
    "VALUES (?1, ?2, ?3, ?4, ?5)",
    "SELECT rowid, name, company_name, email FROM customers WHERE org = ?1 AND id = ?2",
    "INSERT INTO customer_search(customer_search, rowid, name, company_name, email) "
    "VALUES ('delete', ?1, ?2, ?3, ?4)",
    "INSERT INTO customer_search(rowid, name, company_name, email) VALUES (?1, ?2, ?3, ?4)",
    "SELECT rowid, name FROM api_keys WHERE org = ?1 AND id = ?2",
    "INSERT INTO api_key_search(api_key_search, rowid, name) VALUES ('delete', ?1, ?2)",
    "INSERT INTO api_key_search(rowid, name) VALUES (?1, ?2)",
    "INSERT OR IGNORE INTO organizations(id, number) VALUES (?1, ?2)",
};

}  // namespace

ReadModelWriter::ReadModelWriter(const eventstore::EventStore& store, std::unique_ptr<Database> db,
                                 size_t max_cached_states)
    : store_(store), db_(std::move(db)), folder_(store, max_cached_states) {}

domain::Result<std::unique_ptr<ReadModelWriter>> ReadModelWriter::Open(
    const eventstore::EventStore& store, const std::string& path, bool bulk,
    size_t max_cached_states) {
  auto db = Database::Open(path, Database::Mode::kReadWrite);
  if (!db) return std::unexpected(db.error());
  std::unique_ptr<ReadModelWriter> writer(
      new ReadModelWriter(store, std::move(*db), max_cached_states));
  FACTURA_TRY(writer->Prepare(bulk));
  auto journal = JournalWriter::Open(JournalPath(path), bulk);
  if (!journal) return std::unexpected(journal.error());
  writer->journal_ = std::move(*journal);
  return writer;
}

int64_t ReadModelWriter::schema_version() const {
  // The two files are one pair: built with one version, and the journal never behind.
  bool paired =
      journal_->schema_version() == schema_version_ && journal_->checkpoint() >= checkpoint_;
  return paired ? schema_version_ : 0;
}

domain::Result<void> ReadModelWriter::Prepare(bool bulk) {
  bulk_ = bulk;
  if (bulk) FACTURA_TRY(db_->Execute(kBulkLoadPragmas));
  FACTURA_TRY(db_->Execute(kTables));
  if (!bulk) FACTURA_TRY(db_->Execute(kIndexes));
  auto meta = ReadMeta(*db_);
  if (!meta) return std::unexpected(meta.error());
  checkpoint_ = meta->checkpoint;
  schema_version_ = meta->schema_version;
  analyzed_at_ = checkpoint_;
  for (std::string_view sql : kStatements) {
    auto statement = db_->Prepare(sql);
    if (!statement) return std::unexpected(statement.error());
    statements_.push_back(std::move(*statement));
  }
  return TellOrganizations(*db_, folder_);  // the folder continues the file
}

domain::Result<void> ReadModelWriter::Analyze() {
  FACTURA_TRY(db_->Execute(kAnalyze));
  // (In a bulk load the journal is another thread's: it analyzes itself when finished.)
  if (!bulk_) FACTURA_TRY(journal_->Analyze());
  analyzed_at_ = checkpoint_;
  return {};
}

domain::Result<void> ReadModelWriter::FinishBulk() {
  // What the live writer keeps row by row, built once from the finished tables.
  FACTURA_TRY(db_->Execute(kIndexes));
  FACTURA_TRY(db_->Execute(kCountInvoices));
  FACTURA_TRY(db_->Execute(kIndexSearch));
  FACTURA_TRY(db_->Execute(kAnalyze));
  bulk_ = false;
  analyzed_at_ = checkpoint_;
  return db_->Execute(kBulkLoadFinished);
}

void ReadModelWriter::HandOverCheckpoints(WalCommitted committed) {
  wal_committed_ = std::move(committed);
  // The hook replaces SQLite's own (which is how wal_autocheckpoint works); one for each file.
  for (sqlite3* handle : {db_->handle(), journal_->handle()}) {
    sqlite3_wal_hook(
        handle,
        [](void* self, sqlite3*, const char*, int frames) {
          static_cast<ReadModelWriter*>(self)->wal_committed_(frames);
          return SQLITE_OK;
        },
        this);
  }
}

// The statement that writes each kind of row but the journal's (events, movements).
StatementIndex StatementOf(RowKind kind) {
  switch (kind) {
    case RowKind::kInvoice:
      return kUpsertInvoice;
    case RowKind::kInvoiceTaxesCleared:
      return kDeleteInvoiceTaxes;
    case RowKind::kInvoiceTax:
      return kInsertInvoiceTax;
    case RowKind::kCustomer:
      return kUpsertCustomer;
    case RowKind::kPayment:
      return kUpsertPayment;
    case RowKind::kProduct:
      return kUpsertProduct;
    case RowKind::kTaxRate:
      return kUpsertTaxRate;
    case RowKind::kApiKey:
      return kUpsertApiKey;
    case RowKind::kWebhookEndpoint:
      return kUpsertWebhookEndpoint;
    case RowKind::kOrganization:
      return kInsertOrganization;
    case RowKind::kEvent:
    case RowKind::kMovement:
      break;
  }
  return kSetMeta;  // not reached: WriteRows skips the journal's rows
}

domain::Result<void> ReadModelWriter::Apply(const std::vector<RecordRef>& records) {
  if (records.empty()) return {};
  staged_.Clear();
  uint64_t expected = checkpoint_ + 1;
  for (const RecordRef& record : records) {
    domain::Result<void> folded;
    if (record.position != expected) {
      folded = domain::Reject(domain::ErrorKind::kFailedPrecondition, "position_gap", "",
                              "Expected position " + std::to_string(expected) + ", got " +
                                  std::to_string(record.position));
    } else {
      folded = folder_.Fold(record, staged_);
    }
    if (!folded) {
      folder_.Forget();
      return folded;
    }
    ++expected;
  }
  folder_.Finish(staged_);
  return Write(staged_);
}

domain::Result<size_t> ReadModelWriter::ApplyFromLog(size_t max_records,
                                                     domain::Timestamp* first_recorded_at) {
  staged_.Clear();
  std::optional<domain::Error> failure;
  auto last =
      store_.ScanLog(checkpoint_ + 1, max_records, [&](const eventstore::EventRecordView& record) {
        auto folded = folder_.Fold(RecordRef::Of(record), staged_);
        if (!folded) failure = folded.error();
        return folded.has_value() && !folder_.full();
      });
  if (!last || failure) {
    folder_.Forget();
    return std::unexpected(failure ? *failure : last.error());
  }
  if (staged_.records == 0) return 0;
  folder_.Finish(staged_);
  FACTURA_TRY(Write(staged_));
  if (first_recorded_at != nullptr) *first_recorded_at = staged_.first_recorded_at;
  return staged_.records;
}

domain::Result<void> ReadModelWriter::Write(const StagedRows& rows) {
  // The journal first: never behind the read models (journal_writer.h).
  auto indexed = journal_->Write(rows);
  if (!indexed) {
    folder_.Forget();
    return indexed;
  }
  return WriteOwnRows(rows);
}

domain::Result<void> ReadModelWriter::WriteOwnRows(const StagedRows& rows) {
  if (rows.records == 0) return {};
  auto written = db_->InTransaction("BEGIN IMMEDIATE", [&]() -> domain::Result<void> {
    FACTURA_TRY(WriteRows(rows));
    FACTURA_TRY(WriteSearchUpdates());
    Statement& meta = statements_[kSetMeta];
    meta.Bind(1, std::string_view("checkpoint")).Bind(2, static_cast<int64_t>(rows.last_position));
    return meta.Run();
  });
  if (!written) {
    // Nothing of the batch is kept, in the file or in memory.
    search_updates_.clear();
    folder_.Forget();
    return written;
  }
  checkpoint_ = rows.last_position;
  // Fresh statistics as the tables grow (each time they double), so that the query planner
  // drives a search from the text index rather than scanning a sort index.
  if (checkpoint_ >= 2 * analyzed_at_ + 10'000) FACTURA_TRY(Analyze());
  return {};
}

domain::Result<void> ReadModelWriter::WriteRows(const StagedRows& rows) {
  static const Searchable kInvoices{kReadInvoiceText,
                                    kUnindexInvoice,
                                    kIndexInvoice,
                                    {2, 5, 12, 13}};  // number, customer name, notes, reference
  static const Searchable kCustomers{
      kReadCustomerText, kUnindexCustomer, kIndexCustomer, {2, 3, 4}};  // name, company name, email
  static const Searchable kApiKeys{kReadApiKeyText, kUnindexApiKey, kIndexApiKey, {2}};  // name
  for (const StagedRows::Row& row : rows.rows()) {
    if (row.kind == RowKind::kEvent || row.kind == RowKind::kMovement) continue;  // the journal's
    Statement& statement = statements_[StatementOf(row.kind)];
    const Searchable* searchable = row.kind == RowKind::kInvoice    ? &kInvoices
                                   : row.kind == RowKind::kCustomer ? &kCustomers
                                   : row.kind == RowKind::kApiKey   ? &kApiKeys
                                                                    : nullptr;
    // A bulk load indexes the text once, from the finished tables (FinishBulk).
    if (searchable != nullptr && !bulk_) {
      FACTURA_TRY(UpsertSearchable(*searchable, statement, rows, row));
    } else {
      FACTURA_TRY(BindRow(statement, rows, row).Run());
    }
  }
  return {};
}

domain::Result<void> ReadModelWriter::UpsertSearchable(const Searchable& searchable,
                                                       Statement& upsert, const StagedRows& rows,
                                                       const StagedRows::Row& row) {
  // The text the entry was made from, read before the upsert replaces it; an aggregate's first
  // row has none (nothing to read: a new invoice's costs one index search less).
  Statement& read = statements_[searchable.read_text];
  BindValue(read, 1, rows, rows.value(row, 0));  // organization and id
  BindValue(read, 2, rows, rows.value(row, 1));
  auto found = row.may_exist ? read.Step() : domain::Result<bool>(false);
  if (!found) {
    read.Reset();
    return std::unexpected(found.error());
  }
  std::vector<std::optional<std::string_view>> text;
  for (uint32_t column : searchable.text_columns) {
    text.push_back(rows.optional_text(rows.value(row, column)));
  }
  std::optional<int64_t> old_rowid;
  std::vector<std::optional<std::string>> old_text;
  bool unchanged = *found;
  if (*found) {
    old_rowid = read.Int(0);
    for (size_t i = 0; i < text.size(); ++i) {
      int column = static_cast<int>(i) + 1;
      if (read.IsNull(column)) {
        old_text.emplace_back();
        unchanged = unchanged && !text[i];
      } else {
        old_text.emplace_back(std::string(read.Text(column)));
        unchanged = unchanged && text[i] && *text[i] == *old_text.back();
      }
    }
  }
  read.Reset();
  auto rowid = BindRow(upsert, rows, row).RunForInt();
  if (!rowid) return std::unexpected(rowid.error());
  if (unchanged) return {};
  search_updates_.push_back({searchable.unindex, searchable.index, old_rowid, std::move(old_text),
                             *rowid, std::move(text)});
  return {};
}

domain::Result<void> ReadModelWriter::WriteSearchUpdates() {
  auto bind = [](Statement& statement, int64_t rowid, const auto& text) -> Statement& {
    statement.Bind(1, rowid);
    for (size_t i = 0; i < text.size(); ++i) {
      int index = static_cast<int>(i) + 2;
      if (text[i]) {
        statement.BindStatic(index, std::string_view(*text[i]));
      } else {
        statement.BindNull(index);
      }
    }
    return statement;
  };
  for (const SearchUpdate& update : search_updates_) {
    if (update.old_rowid) {
      FACTURA_TRY(bind(statements_[update.unindex], *update.old_rowid, update.old_text).Run());
    }
    FACTURA_TRY(bind(statements_[update.index], update.rowid, update.text).Run());
  }
  search_updates_.clear();
  return {};
}

}  // namespace factura::projections
