#include "projections/row_folder.h"

#include <boost/json.hpp>

#include "domain/customer/customer.h"
#include "domain/ids.h"
#include "domain/money.h"
#include "domain/stream_id.h"
#include "domain/webhook_endpoint/webhook_event_types.h"
#include "eventstore/payload_codec.h"
#include "eventstore/stream_fold.h"
#include "projections/nested_json.h"
#include "projections/schema.h"

namespace factura::projections {
namespace {

using tables::kApiKeys;
using tables::kCreditNotes;
using tables::kCustomers;
using tables::kEvents;
using tables::kInvoiceMovements;
using tables::kInvoices;
using tables::kInvoiceTaxes;
using tables::kOrganizations;
using tables::kPayments;
using tables::kProducts;
using tables::kTaxRates;
using tables::kWebhookEndpoints;

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
  if (const auto* applied = std::get_if<domain::CustomerCreditApplied>(&event)) {
    return Movement{applied->invoice_id, "customer_credit", domain::UtcDateOf(applied->at),
                    -applied->amount.minor_units};
  }
  if (const auto* credit = std::get_if<domain::CreditNoteIssued>(&event)) {
    return Movement{credit->invoice_id, "credit_note", domain::UtcDateOf(credit->at),
                    -credit->amount.minor_units};
  }
  return std::nullopt;
}

// The customer a resource belongs to, for the events' `customer_id`; nullopt for resources of
// no customer (products, tax rates, endpoints, keys).
std::optional<std::string_view> CustomerOf(const domain::AnyState& state) {
  if (const auto* invoice = std::get_if<domain::InvoiceState>(&state)) {
    return invoice->content.customer.customer_id;
  }
  if (const auto* payment = std::get_if<domain::PaymentState>(&state)) return payment->customer_id;
  if (const auto* credit = std::get_if<domain::CreditNoteState>(&state)) return credit->customer_id;
  if (const auto* customer = std::get_if<domain::CustomerState>(&state)) return customer->id;
  return std::nullopt;
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

RowFolder::RowFolder(const eventstore::EventStore& store, size_t max_cached_states)
    : store_(store), states_(max_cached_states) {}

domain::Result<void> RowFolder::Fold(const RecordRef& record, StagedRows& rows) {
  if (rows.records++ == 0) rows.first_recorded_at = record.recorded_at;
  rows.last_position = record.position;
  std::string_view aggregate_id = domain::StreamId::AggregateOf(record.stream_id);
  // The read models show every aggregate but organizations, whose records are skipped undecoded.
  if (domain::HasIdPrefix(aggregate_id, domain::kOrganizationPrefix)) return {};
  auto cached = StateBefore(record, rows);
  if (!cached) return std::unexpected(cached.error());
  if (*cached == nullptr) return {};  // a stream of no aggregate kind
  auto event = eventstore::DecodePayload(record.type, record.schema_version, record.payload);
  if (!event) return std::unexpected(event.error());
  domain::AnyState& state = (*cached)->state;
  const auto* invoice = std::get_if<domain::InvoiceState>(&state);
  int64_t due_before = invoice != nullptr ? invoice->AmountDue() : 0;
  state = Evolve(std::move(state), *event);
  std::vector<std::string_view> types = domain::WebhookTypesOf(*event, state);
  const int64_t org = OrganizationNumber(record.organization_id, record.position, rows);
  std::optional<std::string_view> customer = CustomerOf(state);
  for (size_t ordinal = 0; ordinal < types.size(); ++ordinal) {
    auto row = rows.Add(kEvents);
    row.Int(kEvents["org"], org)
        .Int(kEvents["position"], static_cast<int64_t>(record.position))
        .Int(kEvents["ordinal"], static_cast<int64_t>(ordinal))
        .Text(kEvents["type"], types[ordinal])
        .Text(kEvents["resource_id"], aggregate_id)
        .Int(kEvents["sequence"], static_cast<int64_t>(record.stream_version))
        .Int(kEvents["created_at"], record.recorded_at.micros_since_epoch);
    if (customer && !customer->empty()) row.Text(kEvents["customer_id"], *customer);
    if (ordinal == 0) {
      row.Text(kEvents["id"], record.event_id);
    } else {
      row.Text(kEvents["id"], domain::WebhookEventId(record.event_id, ordinal));
    }
  }
  std::optional<Movement> movement = MovementOf(*event, state, due_before);
  if (!movement || movement->amount == 0) return {};
  rows.Add(kInvoiceMovements)
      .Int(kInvoiceMovements["org"], org)
      .Int(kInvoiceMovements["position"], static_cast<int64_t>(record.position))
      .Text(kInvoiceMovements["invoice_id"], movement->invoice_id)
      .Text(kInvoiceMovements["kind"], movement->kind)
      .Text(kInvoiceMovements["on_date"], domain::FormatDate(movement->on))
      .Int(kInvoiceMovements["amount"], movement->amount);
  return {};
}

domain::Result<RowFolder::Cached*> RowFolder::StateBefore(const RecordRef& record,
                                                          StagedRows& rows) {
  Cached* cached = states_.Find(record.stream_id);
  if (cached == nullptr) {
    // Not cached: fold the stream up to the version before this record's.
    std::optional<domain::AnyState> empty =
        domain::EmptyStateFor(domain::StreamId::AggregateOf(record.stream_id));
    if (!empty) return nullptr;
    domain::AnyState state = std::move(*empty);
    auto folded = eventstore::VisitStream(
        store_, record.stream_id, {.through_version = record.stream_version - 1},
        [&](const eventstore::EventRecord& earlier) -> domain::Result<bool> {
          auto evolved = Evolve(std::move(state), RecordRef::Of(earlier));
          if (!evolved) return std::unexpected(evolved.error());
          state = std::move(*evolved);
          return true;
        });
    if (!folded) return std::unexpected(folded.error());
    cached =
        states_.Put(record.stream_id, Cached{0, std::move(state), 0, record.stream_version > 1});
  }
  if (cached->batch != batch_) {
    cached->batch = batch_;
    touched_.push_back(cached);
    // Looked up once a batch: that stages the organization's row with the batch's.
    cached->organization = OrganizationNumber(domain::StreamId::OrganizationOf(record.stream_id),
                                              record.position, rows);
  }
  return cached;
}

int64_t RowFolder::OrganizationNumber(std::string_view id, uint64_t position, StagedRows& rows) {
  auto known = organizations_.find(id);
  if (known == organizations_.end()) {
    known = organizations_.emplace(std::string(id), Organization{static_cast<int64_t>(position), 0})
                .first;
  }
  if (known->second.batch != batch_) {
    // Once a batch: the batch that first writes its rows also writes its number, whichever
    // batch that turns out to be (one may be written again after a failure or a crash).
    known->second.batch = batch_;
    rows.Add(kOrganizations)
        .Text(kOrganizations["id"], id)
        .Int(kOrganizations["number"], known->second.number);
  }
  return known->second.number;
}

void RowFolder::KnowOrganization(std::string id, int64_t number) {
  organizations_.insert_or_assign(std::move(id), Organization{number, 0});
}

void RowFolder::Finish(StagedRows& rows) {
  for (Cached* cached : touched_) StageRow(*cached, rows);
  touched_.clear();
  ++batch_;
}

void RowFolder::Forget() {
  touched_.clear();
  states_.Clear();
  ++batch_;
}

void RowFolder::StageRow(Cached& cached, StagedRows& rows) {
  const int64_t org = cached.organization;
  bool may_have_row = cached.may_have_row;
  cached.may_have_row = true;
  auto instant = [](domain::Timestamp at) { return at.micros_since_epoch; };
  auto optional_instant = [&](const std::optional<domain::Timestamp>& at) {
    return at ? std::optional<int64_t>(instant(*at)) : std::nullopt;
  };
  const domain::AnyState& any = cached.state;
  if (const auto* invoice = std::get_if<domain::InvoiceState>(&any)) {
    if (!invoice->exists) return;
    const domain::InvoiceContent& c = invoice->content;
    auto row = rows.Add(kInvoices, may_have_row);
    row.Int(kInvoices["org"], org)
        .Text(kInvoices["id"], invoice->id)
        .Text(kInvoices["number"], invoice->number)
        .Text(kInvoices["status"], domain::StatusName(invoice->status))
        .Text(kInvoices["customer_id"], c.customer.customer_id)
        .Text(kInvoices["customer_name"], c.customer.name)
        .Text(kInvoices["currency"], c.currency.code())
        .Text(kInvoices["issue_date"], domain::FormatDate(c.issue_date))
        .Text(kInvoices["due_date"], domain::FormatDate(c.due_date))
        .Int(kInvoices["item_count"], static_cast<int64_t>(c.line_items.size()))
        .Int(kInvoices["subtotal"], invoice->totals.subtotal)
        .Int(kInvoices["tax_total"], invoice->totals.tax_total)
        .Int(kInvoices["total"], invoice->totals.total)
        .Int(kInvoices["amount_paid"], invoice->NetPaid())
        .Int(kInvoices["amount_credited"], invoice->credit_notes_total_minor)
        .Int(kInvoices["amount_due"], invoice->AmountDue())
        .Text(kInvoices["notes"], c.notes)
        .Text(kInvoices["reference"], c.reference)
        .Int(kInvoices["version"], static_cast<int64_t>(invoice->version))
        .Int(kInvoices["created_at"], instant(invoice->created_at))
        .Int(kInvoices["updated_at"], instant(invoice->updated_at));
    if (invoice->paid_on) row.Text(kInvoices["paid_on"], domain::FormatDate(*invoice->paid_on));
    if (may_have_row) {
      rows.Remove(kInvoiceTaxes)
          .Int(kInvoiceTaxes["org"], org)
          .Text(kInvoiceTaxes["invoice_id"], invoice->id);
    }
    for (const domain::TaxTotal& tax : invoice->totals.taxes) {
      std::string rate = domain::FormatPercent(tax.tax.rate);
      std::string key = tax.tax.tax_rate_id ? *tax.tax.tax_rate_id
                                            : "inline:" + rate + (tax.tax.inclusive ? ":incl" : "");
      rows.Add(kInvoiceTaxes)
          .Int(kInvoiceTaxes["org"], org)
          .Text(kInvoiceTaxes["invoice_id"], invoice->id)
          .Text(kInvoiceTaxes["tax_key"], key)
          .Text(kInvoiceTaxes["tax_rate_id"], tax.tax.tax_rate_id)
          .Text(kInvoiceTaxes["name"], tax.tax.name)
          .Text(kInvoiceTaxes["rate"], rate)
          .Int(kInvoiceTaxes["taxable"], tax.taxable_amount)
          .Int(kInvoiceTaxes["tax"], tax.tax_amount);
    }
    return;
  }
  if (const auto* customer = std::get_if<domain::CustomerState>(&any)) {
    if (!customer->exists) return;
    const domain::CustomerProfile& p = customer->profile;
    auto row = rows.Add(kCustomers, may_have_row);
    row.Int(kCustomers["org"], org)
        .Text(kCustomers["id"], customer->id)
        .Text(kCustomers["name"], p.name)
        .Text(kCustomers["company_name"], p.company_name)
        .Text(kCustomers["email"], p.email)
        .Text(kCustomers["status"], domain::CustomerStatusName(*customer))
        .Text(kCustomers["customer_type"], p.customer_type)
        .Text(kCustomers["credit"], CreditBalancesJson(*customer))
        .Int(kCustomers["version"], static_cast<int64_t>(customer->version))
        .Int(kCustomers["created_at"], instant(customer->created_at))
        .Int(kCustomers["updated_at"], instant(customer->updated_at));
    if (p.currency) row.Text(kCustomers["currency"], p.currency->code());
    return;
  }
  if (const auto* note = std::get_if<domain::CreditNoteState>(&any)) {
    if (!note->exists) return;
    rows.Add(kCreditNotes)
        .Int(kCreditNotes["org"], org)
        .Text(kCreditNotes["id"], note->id)
        .Text(kCreditNotes["number"], note->number)
        .Text(kCreditNotes["invoice_id"], note->invoice_id)
        .Text(kCreditNotes["customer_id"], note->customer_id)
        .Int(kCreditNotes["amount"], note->amount.minor_units)
        .Int(kCreditNotes["amount_applied"], note->applied_minor)
        .Int(kCreditNotes["amount_credited"], note->credited_minor)
        .Int(kCreditNotes["tax_amount"], note->tax_minor)
        .Text(kCreditNotes["currency"], note->amount.currency.code())
        .Text(kCreditNotes["reason"], note->reason)
        .Text(kCreditNotes["lines"], CreditNoteLinesJson(*note))
        .Int(kCreditNotes["version"], static_cast<int64_t>(note->version))
        .Int(kCreditNotes["created_at"], instant(note->created_at));
    return;
  }
  if (const auto* payment = std::get_if<domain::PaymentState>(&any)) {
    if (!payment->exists) return;
    auto row = rows.Add(kPayments);
    row.Int(kPayments["org"], org)
        .Text(kPayments["id"], payment->id)
        .Text(kPayments["invoice_id"], payment->invoice_id)
        .Text(kPayments["customer_id"], payment->customer_id)
        .Int(kPayments["amount"], payment->amount.minor_units)
        .Int(kPayments["amount_refunded"], payment->refunded_minor)
        .Text(kPayments["currency"], payment->amount.currency.code())
        .Text(kPayments["payment_method"], payment->payment_method)
        .Text(kPayments["status"], payment->status())
        .Text(kPayments["payment_date"], domain::FormatDate(payment->payment_date))
        .Text(kPayments["reference"], payment->reference)
        .Int(kPayments["version"], static_cast<int64_t>(payment->version))
        .Int(kPayments["created_at"], instant(payment->created_at));
    // (NULL for payments recorded before numbers.)
    if (!payment->number.empty()) row.Text(kPayments["number"], payment->number);
    if (!payment->invoice_number.empty()) {
      row.Text(kPayments["invoice_number"], payment->invoice_number)
          .Text(kPayments["customer_name"], payment->customer_name);
    }
    return;
  }
  if (const auto* product = std::get_if<domain::ProductState>(&any)) {
    if (!product->exists) return;
    rows.Add(kProducts)
        .Int(kProducts["org"], org)
        .Text(kProducts["id"], product->id)
        .Text(kProducts["name"], product->name)
        .Text(kProducts["sku"], product->sku)
        .Text(kProducts["category"], product->category)
        .Int(kProducts["unit_price"], product->unit_price.minor_units)
        .Text(kProducts["currency"], product->unit_price.currency.code())
        .Int(kProducts["is_active"], int64_t{product->is_active()})
        .Int(kProducts["version"], static_cast<int64_t>(product->version))
        .Int(kProducts["created_at"], instant(product->created_at))
        .Int(kProducts["updated_at"], instant(product->updated_at));
    return;
  }
  if (const auto* rate = std::get_if<domain::TaxRateState>(&any)) {
    if (!rate->exists) return;
    rows.Add(kTaxRates)
        .Int(kTaxRates["org"], org)
        .Text(kTaxRates["id"], rate->id)
        .Text(kTaxRates["name"], rate->name)
        .Text(kTaxRates["type"], rate->type)
        .Text(kTaxRates["rate"], domain::FormatPercent(rate->rate))
        .Int(kTaxRates["inclusive"], int64_t{rate->inclusive})
        .Int(kTaxRates["is_active"], int64_t{!rate->archived})
        .Int(kTaxRates["version"], static_cast<int64_t>(rate->version))
        .Int(kTaxRates["created_at"], instant(rate->created_at))
        .Int(kTaxRates["updated_at"], instant(rate->updated_at));
    return;
  }
  if (const auto* key = std::get_if<domain::ApiKeyState>(&any)) {
    if (!key->exists) return;
    rows.Add(kApiKeys, may_have_row)
        .Int(kApiKeys["org"], org)
        .Text(kApiKeys["id"], key->id)
        .Text(kApiKeys["name"], key->name)
        .Text(kApiKeys["key_hint"], key->secret_hint)
        .Text(kApiKeys["scopes"], JsonStringArray(key->scopes))
        .Text(kApiKeys["status"], key->revoked ? "revoked" : "active")
        .Int(kApiKeys["expires_at"], optional_instant(key->expires_at))
        .Int(kApiKeys["revoked_at"], optional_instant(key->revoked_at))
        .Int(kApiKeys["rate_limit_per_minute"], key->rate_limit_per_minute)
        .Int(kApiKeys["version"], static_cast<int64_t>(key->version))
        .Int(kApiKeys["created_at"], instant(key->created_at));
    return;
  }
  if (const auto* endpoint = std::get_if<domain::WebhookEndpointState>(&any)) {
    if (!endpoint->exists) return;
    rows.Add(kWebhookEndpoints)
        .Int(kWebhookEndpoints["org"], org)
        .Text(kWebhookEndpoints["id"], endpoint->id)
        .Text(kWebhookEndpoints["url"], endpoint->url)
        .Text(kWebhookEndpoints["events"], JsonStringArray(endpoint->events))
        .Text(kWebhookEndpoints["description"], endpoint->description)
        .Int(kWebhookEndpoints["active"], int64_t{endpoint->active})
        .Text(kWebhookEndpoints["disabled_reason"], endpoint->disabled_reason)
        .Int(kWebhookEndpoints["deleted"], int64_t{endpoint->deleted})
        .Int(kWebhookEndpoints["version"], static_cast<int64_t>(endpoint->version))
        .Int(kWebhookEndpoints["created_at"], instant(endpoint->created_at))
        .Int(kWebhookEndpoints["updated_at"], instant(endpoint->updated_at));
  }
}

}  // namespace factura::projections
