#include "projections/read_model_writer.h"

#include "domain/ids.h"
#include "domain/money.h"
#include "domain/webhook_endpoint/webhook_event_types.h"
#include "eventstore/payload_codec.h"
#include "projections/schema.h"

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
  kInsertMovement,
  kDeleteInvoiceTaxes,
  kInsertInvoiceTax,
  kUpsertApiKey,
  kUpsertWebhookEndpoint,
  kInsertEvent,
  kReadInvoiceText,
  kUnindexInvoice,
  kIndexInvoice,
  kReadCustomerText,
  kUnindexCustomer,
  kIndexCustomer,
  kReadApiKeyText,
  kUnindexApiKey,
  kIndexApiKey,
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
    "INSERT OR REPLACE INTO invoice_movements(org, position, invoice_id, kind, on_date, amount) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
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
    "INSERT OR REPLACE INTO events(org, position, ordinal, id, type, resource_id, sequence, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
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
};

// The empty state of the aggregates the read models show, by the id's prefix; nullopt for the
// others (organizations), whose records are skipped undecoded.
std::optional<domain::AnyState> ProjectedStateFor(std::string_view aggregate_id) {
  auto has = [&](std::string_view prefix) {
    return aggregate_id.size() > prefix.size() && aggregate_id.starts_with(prefix) &&
           aggregate_id[prefix.size()] == '_';
  };
  if (has(domain::kInvoicePrefix)) return domain::InvoiceState{};
  if (has(domain::kCustomerPrefix)) return domain::CustomerState{};
  if (has(domain::kPaymentPrefix)) return domain::PaymentState{};
  if (has(domain::kProductPrefix)) return domain::ProductState{};
  if (has(domain::kTaxRatePrefix)) return domain::TaxRateState{};
  if (has(domain::kApiKeyPrefix)) return domain::ApiKeyState{};
  if (has(domain::kWebhookPrefix)) return domain::WebhookEndpointState{};
  return std::nullopt;
}

bool IsProjected(std::string_view aggregate_id) {
  for (std::string_view prefix :
       {domain::kInvoicePrefix, domain::kCustomerPrefix, domain::kPaymentPrefix,
        domain::kProductPrefix, domain::kTaxRatePrefix, domain::kApiKeyPrefix,
        domain::kWebhookPrefix}) {
    if (aggregate_id.size() > prefix.size() && aggregate_id.starts_with(prefix) &&
        aggregate_id[prefix.size()] == '_') {
      return true;
    }
  }
  return false;
}

// ["a","b"]: for lists of names the domain validated (scopes, event types); escaped anyway.
std::string JsonStringArray(const std::vector<std::string>& values) {
  std::string json = "[";
  for (const std::string& value : values) {
    if (json.size() > 1) json += ',';
    json += '"';
    for (char c : value) {
      if (c == '"' || c == '\\') json += '\\';
      if (static_cast<unsigned char>(c) >= 0x20) json += c;
    }
    json += '"';
  }
  return json + "]";
}

std::string_view AggregateIdOf(std::string_view stream_id) {
  size_t slash = stream_id.find('/');
  return slash == std::string_view::npos ? stream_id : stream_id.substr(slash + 1);
}

domain::AnyState Evolve(domain::AnyState state, const domain::Event& event) {
  return std::visit([&](auto s) -> domain::AnyState { return domain::Evolve(std::move(s), event); },
                    std::move(state));
}

domain::Result<domain::AnyState> Evolve(domain::AnyState state, const RecordRef& record) {
  auto event = eventstore::DecodePayload(record.type, record.schema_version, record.payload);
  if (!event) return std::unexpected(event.error());
  return Evolve(std::move(state), *event);
}

// How an event changes its invoice's amount due, dated by business date; nullopt when it does
// not. `after` is the state the event belongs to, after it; `due_before` the invoice's amount
// due before it.
struct Movement {
  std::string invoice_id;
  std::string_view kind;
  domain::Date on;
  int64_t amount = 0;
};
std::optional<Movement> MovementOf(const domain::Event& event, const domain::AnyState& after,
                                   int64_t due_before) {
  const auto* invoice = std::get_if<domain::InvoiceState>(&after);
  if (const auto* issued = std::get_if<domain::InvoiceIssued>(&event); issued && invoice) {
    return Movement{issued->invoice_id, "issued", invoice->content.issue_date,
                    invoice->totals.total};
  }
  if (const auto* applied = std::get_if<domain::PaymentApplied>(&event)) {
    return Movement{applied->invoice_id, "payment", applied->payment_date,
                    -applied->amount.minor_units};
  }
  if (const auto* refunded = std::get_if<domain::PaymentRefunded>(&event)) {
    const auto* payment = std::get_if<domain::PaymentState>(&after);
    if (payment == nullptr || refunded->from_invoice_minor == 0) return std::nullopt;
    return Movement{payment->invoice_id, "refund", refunded->refund_date,
                    refunded->from_invoice_minor};
  }
  if (const auto* voided = std::get_if<domain::InvoiceVoided>(&event)) {
    return Movement{voided->invoice_id, "void", domain::UtcDateOf(voided->at), -due_before};
  }
  if (const auto* written_off = std::get_if<domain::InvoiceMarkedUncollectible>(&event)) {
    return Movement{written_off->invoice_id, "uncollectible", domain::UtcDateOf(written_off->at),
                    -due_before};
  }
  if (const auto* credit = std::get_if<domain::CreditNoteIssued>(&event)) {
    return Movement{credit->invoice_id, "credit_note", domain::UtcDateOf(credit->at),
                    -credit->amount.minor_units};
  }
  return std::nullopt;
}

// The customer's credit balances as the API shows them: [{"currency":…,"amount":…}], amounts in
// each currency's digits.
std::string CreditJson(const domain::CustomerState& customer) {
  std::string json = "[";
  for (const auto& [code, minor] : customer.credit_minor_by_currency) {
    auto currency = domain::FindCurrency(code);
    if (!currency || minor == 0) continue;
    if (json.size() > 1) json += ',';
    json +=
        "{\"currency\":\"" + code + "\",\"amount\":" + domain::FormatAmount(minor, *currency) + "}";
  }
  return json + "]";
}

std::optional<std::string_view> Text(const std::optional<std::string>& text) {
  return text ? std::optional<std::string_view>(*text) : std::nullopt;
}

}  // namespace

RecordRef RecordRef::Of(const eventstore::EventRecord& r) {
  return {r.position,        r.stream_id, r.stream_version, r.type,       r.schema_version,
          r.organization_id, r.payload,   r.event_id,       r.recorded_at};
}

RecordRef RecordRef::Of(const eventstore::EventRecordView& r) {
  return {r.position,        r.stream_id, r.stream_version, r.type,       r.schema_version,
          r.organization_id, r.payload,   r.event_id,       r.recorded_at};
}

ReadModelWriter::ReadModelWriter(const eventstore::EventStore& store, std::unique_ptr<Database> db,
                                 size_t max_cached_states)
    : store_(store), db_(std::move(db)), states_(max_cached_states) {}

domain::Result<std::unique_ptr<ReadModelWriter>> ReadModelWriter::Open(
    const eventstore::EventStore& store, const std::string& path, bool bulk,
    size_t max_cached_states) {
  auto db = Database::Open(path, Database::Mode::kReadWrite);
  if (!db) return std::unexpected(db.error());
  std::unique_ptr<ReadModelWriter> writer(
      new ReadModelWriter(store, std::move(*db), max_cached_states));
  FACTURA_TRY(writer->Prepare(bulk));
  return writer;
}

domain::Result<void> ReadModelWriter::Prepare(bool bulk) {
  if (bulk) {
    FACTURA_TRY(db_->Execute(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE; "
        "PRAGMA temp_store=MEMORY;"));
  }
  FACTURA_TRY(db_->Execute(kTables));
  if (!bulk) FACTURA_TRY(db_->Execute(kIndexes));
  auto read = db_->Prepare("SELECT key, value FROM meta");
  if (!read) return std::unexpected(read.error());
  while (true) {
    auto row = read->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    if (read->Text(0) == "checkpoint") checkpoint_ = static_cast<uint64_t>(read->Int(1));
    if (read->Text(0) == "schema_version") schema_version_ = read->Int(1);
  }
  analyzed_at_ = checkpoint_;
  if (schema_version_ == 0 && checkpoint_ == 0) {
    // A new file: it is built with this version.
    auto set =
        db_->Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?1)");
    if (!set) return std::unexpected(set.error());
    set->Bind(1, kSchemaVersion);
    FACTURA_TRY(set->Run());
    schema_version_ = kSchemaVersion;
  }
  for (std::string_view sql : kStatements) {
    auto statement = db_->Prepare(sql);
    if (!statement) return std::unexpected(statement.error());
    statements_.push_back(std::move(*statement));
  }
  return {};
}

domain::Result<void> ReadModelWriter::Analyze() {
  // Sampled (analysis_limit): milliseconds, whatever the table sizes.
  FACTURA_TRY(db_->Execute("PRAGMA analysis_limit=1000; ANALYZE;"));
  analyzed_at_ = checkpoint_;
  return {};
}

domain::Result<void> ReadModelWriter::FinishBulk() {
  FACTURA_TRY(db_->Execute(kIndexes));
  FACTURA_TRY(Analyze());
  return db_->Execute(
      "PRAGMA synchronous=FULL; PRAGMA locking_mode=NORMAL; PRAGMA journal_mode=WAL; "
      "PRAGMA wal_checkpoint;");
}

void ReadModelWriter::HandOverCheckpoints(WalCommitted committed) {
  wal_committed_ = std::move(committed);
  // The hook replaces SQLite's own (which is how wal_autocheckpoint works).
  sqlite3_wal_hook(
      db_->handle(),
      [](void* self, sqlite3*, const char*, int frames) {
        static_cast<ReadModelWriter*>(self)->wal_committed_(frames);
        return SQLITE_OK;
      },
      this);
}

domain::Result<void> ReadModelWriter::Apply(const std::vector<RecordRef>& records) {
  if (records.empty()) return {};
  return InTransaction([&]() -> domain::Result<uint64_t> {
    uint64_t expected = checkpoint_ + 1;
    for (const RecordRef& record : records) {
      if (record.position != expected) {
        return domain::Reject(domain::ErrorKind::kFailedPrecondition, "position_gap", "",
                              "Expected position " + std::to_string(expected) + ", got " +
                                  std::to_string(record.position));
      }
      ++expected;
      FACTURA_TRY(Stage(record));
    }
    return records.back().position;
  });
}

domain::Result<size_t> ReadModelWriter::ApplyFromLog(size_t max_records,
                                                     domain::Timestamp* first_recorded_at) {
  size_t applied = 0;
  FACTURA_TRY(InTransaction([&]() -> domain::Result<uint64_t> {
    std::optional<domain::Error> failure;
    auto last = store_.ScanLog(checkpoint_ + 1, max_records,
                               [&](const eventstore::EventRecordView& record) {
                                 if (applied == 0 && first_recorded_at != nullptr) {
                                   *first_recorded_at = record.recorded_at;
                                 }
                                 auto staged = Stage(RecordRef::Of(record));
                                 if (!staged) failure = staged.error();
                                 ++applied;
                                 return staged.has_value();
                               });
    if (!last) return std::unexpected(last.error());
    if (failure) return std::unexpected(*failure);
    return *last;
  }));
  return applied;
}

domain::Result<void> ReadModelWriter::InTransaction(
    const std::function<domain::Result<uint64_t>()>& stage) {
  uint64_t position = checkpoint_;
  auto applied = db_->InTransaction("BEGIN IMMEDIATE", [&]() -> domain::Result<void> {
    auto staged = stage();
    if (!staged) return std::unexpected(staged.error());
    position = *staged;
    for (const auto& [stream, state] : batch_) {
      std::string_view organization = std::string_view(stream).substr(0, stream.find('/'));
      FACTURA_TRY(WriteRow(organization, state));
    }
    FACTURA_TRY(WriteSearchUpdates());
    Statement& meta = statements_[kSetMeta];
    meta.Bind(1, std::string_view("checkpoint")).Bind(2, static_cast<int64_t>(position));
    return meta.Run();
  });
  if (!applied) {
    // Nothing of the batch is kept, in the file or in memory.
    batch_.clear();
    search_updates_.clear();
    states_.Clear();
    return applied;
  }
  checkpoint_ = position;
  // Fresh statistics as the tables grow (each time they double), so that the query planner
  // drives a search from the text index rather than scanning a sort index.
  if (checkpoint_ >= 2 * analyzed_at_ + 10'000) FACTURA_TRY(Analyze());
  for (auto& [stream, state] : batch_) states_.Put(stream, std::move(state));
  batch_.clear();
  return {};
}

domain::Result<void> ReadModelWriter::Stage(const RecordRef& record) {
  if (!IsProjected(AggregateIdOf(record.stream_id))) return {};
  auto event = eventstore::DecodePayload(record.type, record.schema_version, record.payload);
  if (!event) return std::unexpected(event.error());
  auto state = StateBefore(record);
  if (!state) return std::unexpected(state.error());
  const auto* invoice = std::get_if<domain::InvoiceState>(*state);
  int64_t due_before = invoice != nullptr ? invoice->AmountDue() : 0;
  **state = Evolve(std::move(**state), *event);
  std::vector<std::string_view> types = domain::WebhookTypesOf(*event, **state);
  for (size_t ordinal = 0; ordinal < types.size(); ++ordinal) {
    FACTURA_TRY(statements_[kInsertEvent]
                    .Bind(1, record.organization_id)
                    .Bind(2, static_cast<int64_t>(record.position))
                    .Bind(3, static_cast<int64_t>(ordinal))
                    .Bind(4, domain::WebhookEventId(record.event_id, ordinal))
                    .Bind(5, types[ordinal])
                    .Bind(6, AggregateIdOf(record.stream_id))
                    .Bind(7, static_cast<int64_t>(record.stream_version))
                    .Bind(8, record.recorded_at.micros_since_epoch)
                    .Run());
  }
  std::optional<Movement> movement = MovementOf(*event, **state, due_before);
  if (!movement || movement->amount == 0) return {};
  return statements_[kInsertMovement]
      .Bind(1, record.organization_id)
      .Bind(2, static_cast<int64_t>(record.position))
      .Bind(3, movement->invoice_id)
      .Bind(4, movement->kind)
      .Bind(5, domain::FormatDate(movement->on))
      .Bind(6, movement->amount)
      .Run();
}

domain::Result<domain::AnyState*> ReadModelWriter::StateBefore(const RecordRef& record) {
  std::string stream(record.stream_id);
  if (auto staged = batch_.find(stream); staged != batch_.end()) return &staged->second;
  if (domain::AnyState* cached = states_.Find(stream)) {
    domain::AnyState state = std::move(*cached);
    states_.Erase(stream);
    return &batch_.emplace(std::move(stream), std::move(state)).first->second;
  }
  // Not cached: fold the stream up to the version before this record's.
  domain::AnyState state = *ProjectedStateFor(AggregateIdOf(record.stream_id));
  for (uint64_t version = 1; version < record.stream_version;) {
    auto page = store_.ReadStream(
        record.stream_id, version,
        std::min<uint64_t>(eventstore::EventStore::kMaxPage, record.stream_version - version));
    if (!page) return std::unexpected(page.error());
    if (page->empty()) break;
    for (const eventstore::EventRecord& earlier : *page) {
      auto evolved = Evolve(std::move(state), RecordRef::Of(earlier));
      if (!evolved) return std::unexpected(evolved.error());
      state = std::move(*evolved);
    }
    version = page->back().stream_version + 1;
  }
  return &batch_.emplace(std::move(stream), std::move(state)).first->second;
}

domain::Result<bool> ReadModelWriter::UpsertSearchable(
    const SearchStatements& statements, Statement& upsert, std::string_view org,
    std::string_view id, const std::vector<std::optional<std::string_view>>& text) {
  // The text the entry was made from, read before the upsert replaces it.
  Statement& read = statements_[statements.read_text];
  read.Bind(1, org).Bind(2, id);
  auto found = read.Step();
  if (!found) {
    read.Reset();
    upsert.Reset();
    return std::unexpected(found.error());
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
  auto rowid = upsert.RunForInt();
  if (!rowid) return std::unexpected(rowid.error());
  if (unchanged) return true;
  std::vector<std::optional<std::string>> new_text;
  for (const auto& column : text) {
    new_text.push_back(column ? std::optional<std::string>(*column) : std::nullopt);
  }
  search_updates_.push_back({statements.unindex, statements.index, old_rowid, std::move(old_text),
                             *rowid, std::move(new_text)});
  return old_rowid.has_value();
}

domain::Result<void> ReadModelWriter::WriteSearchUpdates() {
  auto bind = [](Statement& statement, int64_t rowid,
                 const std::vector<std::optional<std::string>>& text) -> Statement& {
    statement.Bind(1, rowid);
    for (size_t i = 0; i < text.size(); ++i) statement.Bind(static_cast<int>(i) + 2, text[i]);
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

domain::Result<void> ReadModelWriter::WriteRow(std::string_view org, const domain::AnyState& any) {
  auto instant = [](domain::Timestamp at) { return at.micros_since_epoch; };
  if (const auto* invoice = std::get_if<domain::InvoiceState>(&any)) {
    if (!invoice->exists) return {};
    const domain::InvoiceContent& c = invoice->content;
    Statement& upsert = statements_[kUpsertInvoice];
    upsert.Bind(1, org)
        .Bind(2, invoice->id)
        .Bind(3, invoice->number)
        .Bind(4, domain::StatusName(invoice->status))
        .Bind(5, c.customer.customer_id)
        .Bind(6, c.customer.name)
        .Bind(7, c.currency.code())
        .Bind(8, domain::FormatDate(c.issue_date))
        .Bind(9, domain::FormatDate(c.due_date))
        .Bind(10, invoice->totals.total)
        .Bind(11, invoice->NetPaid())
        .Bind(12, invoice->AmountDue())
        .Bind(13, c.notes)
        .Bind(14, c.reference)
        .Bind(15, static_cast<int64_t>(invoice->version))
        .Bind(16, instant(invoice->created_at))
        .Bind(17, instant(invoice->updated_at));
    if (invoice->paid_on) {
      upsert.Bind(18, domain::FormatDate(*invoice->paid_on));
    } else {
      upsert.BindNull(18);
    }
    auto existed = UpsertSearchable(
        {kReadInvoiceText, kUnindexInvoice, kIndexInvoice}, upsert, org, invoice->id,
        {invoice->number, c.customer.name, Text(c.notes), Text(c.reference)});
    if (!existed) return std::unexpected(existed.error());
    if (*existed) {
      FACTURA_TRY(statements_[kDeleteInvoiceTaxes].Bind(1, org).Bind(2, invoice->id).Run());
    }
    for (const domain::TaxTotal& tax : invoice->totals.taxes) {
      std::string rate = domain::FormatPercent(tax.tax.rate);
      std::string key = tax.tax.tax_rate_id ? *tax.tax.tax_rate_id
                                            : "inline:" + rate + (tax.tax.inclusive ? ":incl" : "");
      FACTURA_TRY(statements_[kInsertInvoiceTax]
                      .Bind(1, org)
                      .Bind(2, invoice->id)
                      .Bind(3, key)
                      .Bind(4, tax.tax.tax_rate_id)
                      .Bind(5, tax.tax.name)
                      .Bind(6, rate)
                      .Bind(7, tax.taxable_amount)
                      .Bind(8, tax.tax_amount)
                      .Run());
    }
    return {};
  }
  if (const auto* customer = std::get_if<domain::CustomerState>(&any)) {
    if (!customer->exists) return {};
    const domain::CustomerProfile& p = customer->profile;
    std::optional<std::string> currency;
    if (p.currency) currency = std::string(p.currency->code());
    Statement& upsert = statements_[kUpsertCustomer];
    upsert.Bind(1, org)
        .Bind(2, customer->id)
        .Bind(3, p.name)
        .Bind(4, p.company_name)
        .Bind(5, p.email)
        .Bind(6, currency)
        .Bind(7, std::string_view(customer->deleted ? "deleted" : "active"))
        .Bind(8, static_cast<int64_t>(customer->version))
        .Bind(9, instant(customer->created_at))
        .Bind(10, instant(customer->updated_at))
        .Bind(11, CreditJson(*customer));
    auto existed =
        UpsertSearchable({kReadCustomerText, kUnindexCustomer, kIndexCustomer}, upsert, org,
                         customer->id, {p.name, Text(p.company_name), Text(p.email)});
    if (!existed) return std::unexpected(existed.error());
    return {};
  }
  if (const auto* payment = std::get_if<domain::PaymentState>(&any)) {
    if (!payment->exists) return {};
    return statements_[kUpsertPayment]
        .Bind(1, org)
        .Bind(2, payment->id)
        .Bind(3, payment->invoice_id)
        .Bind(4, payment->customer_id)
        .Bind(5, payment->amount.minor_units)
        .Bind(6, payment->refunded_minor)
        .Bind(7, payment->amount.currency.code())
        .Bind(8, payment->payment_method)
        .Bind(9, payment->status())
        .Bind(10, domain::FormatDate(payment->payment_date))
        .Bind(11, payment->reference)
        .Bind(12, static_cast<int64_t>(payment->version))
        .Bind(13, instant(payment->created_at))
        .Run();
  }
  if (const auto* product = std::get_if<domain::ProductState>(&any)) {
    if (!product->exists) return {};
    return statements_[kUpsertProduct]
        .Bind(1, org)
        .Bind(2, product->id)
        .Bind(3, product->name)
        .Bind(4, product->sku)
        .Bind(5, product->category)
        .Bind(6, product->unit_price.minor_units)
        .Bind(7, product->unit_price.currency.code())
        .Bind(8, int64_t{product->is_active()})
        .Bind(9, static_cast<int64_t>(product->version))
        .Bind(10, instant(product->created_at))
        .Bind(11, instant(product->updated_at))
        .Run();
  }
  if (const auto* rate = std::get_if<domain::TaxRateState>(&any)) {
    if (!rate->exists) return {};
    return statements_[kUpsertTaxRate]
        .Bind(1, org)
        .Bind(2, rate->id)
        .Bind(3, rate->name)
        .Bind(4, rate->type)
        .Bind(5, domain::FormatPercent(rate->rate))
        .Bind(6, int64_t{rate->inclusive})
        .Bind(7, int64_t{!rate->archived})
        .Bind(8, static_cast<int64_t>(rate->version))
        .Bind(9, instant(rate->created_at))
        .Bind(10, instant(rate->updated_at))
        .Run();
  }
  if (const auto* key = std::get_if<domain::ApiKeyState>(&any)) {
    if (!key->exists) return {};
    auto optional_instant = [&](const std::optional<domain::Timestamp>& at) {
      return at ? std::optional<int64_t>(instant(*at)) : std::nullopt;
    };
    Statement& upsert = statements_[kUpsertApiKey];
    upsert.Bind(1, org)
        .Bind(2, key->id)
        .Bind(3, key->name)
        .Bind(4, key->secret_hint)
        .Bind(5, JsonStringArray(key->scopes))
        .Bind(6, std::string_view(key->revoked ? "revoked" : "active"))
        .Bind(7, optional_instant(key->expires_at))
        .Bind(8, optional_instant(key->revoked_at))
        .Bind(9, static_cast<int64_t>(key->version))
        .Bind(10, instant(key->created_at));
    auto existed = UpsertSearchable({kReadApiKeyText, kUnindexApiKey, kIndexApiKey}, upsert, org,
                                    key->id, {key->name});
    if (!existed) return std::unexpected(existed.error());
    return {};
  }
  if (const auto* endpoint = std::get_if<domain::WebhookEndpointState>(&any)) {
    if (!endpoint->exists) return {};
    return statements_[kUpsertWebhookEndpoint]
        .Bind(1, org)
        .Bind(2, endpoint->id)
        .Bind(3, endpoint->url)
        .Bind(4, JsonStringArray(endpoint->events))
        .Bind(5, endpoint->description)
        .Bind(6, int64_t{endpoint->active})
        .Bind(7, endpoint->disabled_reason)
        .Bind(8, int64_t{endpoint->deleted})
        .Bind(9, static_cast<int64_t>(endpoint->version))
        .Bind(10, instant(endpoint->created_at))
        .Bind(11, instant(endpoint->updated_at))
        .Run();
  }
  return {};
}

}  // namespace factura::projections
