#pragma once
// cereal serialization of the domain's value types and events, for the event store's payloads.
//
// Internal to eventstore/: the domain knows nothing of cereal, so these are non-intrusive free
// functions found by argument-dependent lookup. Field order is the wire format: append new
// fields only through a new schema version (see payload_codec.cc), never reorder.

#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <string>

#include "domain/events.h"

// A named field: `FACTURA_FIELD(e, invoice_id)` is the name/value pair "invoice_id".
#define FACTURA_FIELD(object, field) ::cereal::make_nvp(#field, object.field)

namespace factura::domain {

template <class Archive>
void save(Archive& archive, const Currency& currency) {
  archive(std::string(currency.code()));
}

template <class Archive>
void load(Archive& archive, Currency& currency) {
  std::string code;
  archive(code);
  if (code.empty()) {
    currency = Currency();
    return;
  }
  auto found = FindCurrency(code);
  if (!found) throw cereal::Exception("unknown currency code in payload: " + code);
  currency = *found;
}

template <class Archive, class T>
void save(Archive& archive, const Patch<T>& patch) {
  archive(::cereal::make_nvp("op", static_cast<uint8_t>(patch.op())));
  if (patch.sets()) archive(::cereal::make_nvp("value", patch.value()));
}

template <class Archive, class T>
void load(Archive& archive, Patch<T>& patch) {
  uint8_t op = 0;
  archive(::cereal::make_nvp("op", op));
  switch (static_cast<typename Patch<T>::Op>(op)) {
    case Patch<T>::Op::kOmitted:
      patch = Patch<T>::Omitted();
      return;
    case Patch<T>::Op::kClear:
      patch = Patch<T>::Null();
      return;
    case Patch<T>::Op::kSet: {
      T value{};
      archive(::cereal::make_nvp("value", value));
      patch = Patch<T>::Set(std::move(value));
      return;
    }
  }
  throw cereal::Exception("bad patch operation in payload");
}

template <class Archive>
void serialize(Archive& a, Money& m) {
  a(FACTURA_FIELD(m, minor_units), FACTURA_FIELD(m, currency));
}
template <class Archive>
void serialize(Archive& a, Quantity& q) {
  a(FACTURA_FIELD(q, ten_thousandths));
}
template <class Archive>
void serialize(Archive& a, Percent& p) {
  a(FACTURA_FIELD(p, ten_thousandths));
}
template <class Archive>
void serialize(Archive& a, Date& d) {
  a(FACTURA_FIELD(d, days_since_epoch));
}
template <class Archive>
void serialize(Archive& a, Timestamp& t) {
  a(FACTURA_FIELD(t, micros_since_epoch));
}
template <class Archive>
void serialize(Archive& a, Address& x) {
  a(FACTURA_FIELD(x, street), FACTURA_FIELD(x, street2), FACTURA_FIELD(x, city),
    FACTURA_FIELD(x, state), FACTURA_FIELD(x, postal_code), FACTURA_FIELD(x, country));
}
// The profile as schema 1 of CustomerCreated wrote it, or (kV1 false) with what schema 2 added.
template <bool kV1>
struct CustomerProfileShape {
  CustomerProfile* profile;
};
template <class Archive, bool kV1>
void serialize(Archive& a, CustomerProfileShape<kV1>& shape) {
  CustomerProfile& x = *shape.profile;
  a(FACTURA_FIELD(x, name), FACTURA_FIELD(x, company_name), FACTURA_FIELD(x, email),
    FACTURA_FIELD(x, phone), FACTURA_FIELD(x, billing_address),
    FACTURA_FIELD(x, payment_terms_days), FACTURA_FIELD(x, currency), FACTURA_FIELD(x, tax_number));
  if constexpr (!kV1) {
    a(FACTURA_FIELD(x, contact_name), FACTURA_FIELD(x, customer_type), FACTURA_FIELD(x, website),
      FACTURA_FIELD(x, notes), FACTURA_FIELD(x, shipping_address),
      FACTURA_FIELD(x, credit_limit_minor));
  }
}
template <class Archive>
void serialize(Archive& a, AppliedTax& x) {
  a(FACTURA_FIELD(x, tax_rate_id), FACTURA_FIELD(x, name), FACTURA_FIELD(x, rate),
    FACTURA_FIELD(x, inclusive));
}
// A line as version 1 of InvoiceDrafted and InvoiceDraftUpdated wrote it: no type, no discount
// of its own (they read back as a service without discount).
template <class Archive, class Line>
void SerializeLineFieldsV1(Archive& a, Line& x) {
  a(FACTURA_FIELD(x, id), FACTURA_FIELD(x, description), FACTURA_FIELD(x, product_id),
    FACTURA_FIELD(x, quantity), FACTURA_FIELD(x, unit_price_minor), FACTURA_FIELD(x, unit),
    FACTURA_FIELD(x, tax));
}
struct LineItemV1 {
  LineItem line;
};
template <class Archive>
void serialize(Archive& a, LineItemV1& v) {
  SerializeLineFieldsV1(a, v.line);
}
template <class Archive>
void save(Archive& a, const LineItem& x) {
  SerializeLineFieldsV1(a, x);
  a(::cereal::make_nvp("type", static_cast<uint8_t>(x.type)), FACTURA_FIELD(x, discount));
}
template <class Archive>
void load(Archive& a, LineItem& x) {
  SerializeLineFieldsV1(a, x);
  uint8_t type = 0;
  a(::cereal::make_nvp("type", type), FACTURA_FIELD(x, discount));
  if (type > static_cast<uint8_t>(LineType::kOther)) {
    throw cereal::Exception("bad line type in payload");
  }
  x.type = static_cast<LineType>(type);
}
template <class Archive>
void save(Archive& a, const Discount& x) {
  a(::cereal::make_nvp("type", static_cast<uint8_t>(x.type)), FACTURA_FIELD(x, percent),
    FACTURA_FIELD(x, fixed_minor));
}
template <class Archive>
void load(Archive& a, Discount& x) {
  uint8_t type = 0;
  a(::cereal::make_nvp("type", type), FACTURA_FIELD(x, percent), FACTURA_FIELD(x, fixed_minor));
  if (type > static_cast<uint8_t>(DiscountType::kFixed)) {
    throw cereal::Exception("bad discount type in payload");
  }
  x.type = static_cast<DiscountType>(type);
}
template <class Archive>
void serialize(Archive& a, CustomerSnapshot& x) {
  a(FACTURA_FIELD(x, customer_id), FACTURA_FIELD(x, name), FACTURA_FIELD(x, company_name),
    FACTURA_FIELD(x, email), FACTURA_FIELD(x, billing_address), FACTURA_FIELD(x, tax_number));
}
// The content with its lines in the current shape, or (kLinesV1) in version 1's.
template <bool kLinesV1>
struct InvoiceContentShape {
  InvoiceContent* content;
};
template <class Archive, bool kLinesV1>
void serialize(Archive& a, InvoiceContentShape<kLinesV1>& shape) {
  InvoiceContent& x = *shape.content;
  a(FACTURA_FIELD(x, customer), FACTURA_FIELD(x, currency), FACTURA_FIELD(x, issue_date),
    FACTURA_FIELD(x, due_date));
  if constexpr (kLinesV1) {
    std::vector<LineItemV1> lines;
    if constexpr (Archive::is_saving::value) {
      for (const LineItem& line : x.line_items) lines.push_back({line});
    }
    a(::cereal::make_nvp("line_items", lines));
    if constexpr (Archive::is_loading::value) {
      x.line_items.clear();
      for (LineItemV1& line : lines) x.line_items.push_back(std::move(line.line));
    }
  } else {
    a(FACTURA_FIELD(x, line_items));
  }
  a(FACTURA_FIELD(x, default_tax), FACTURA_FIELD(x, tax_exempt),
    FACTURA_FIELD(x, tax_exempt_reason), FACTURA_FIELD(x, discount), FACTURA_FIELD(x, notes),
    FACTURA_FIELD(x, terms), FACTURA_FIELD(x, reference));
}
template <class Archive>
void serialize(Archive& a, InvoiceContent& x) {
  InvoiceContentShape<false> shape{&x};
  serialize(a, shape);
}

// ---- Events (schema version 1 unless payload_codec.cc says otherwise) ----
template <class A>
void serialize(A& a, OrganizationCreated& e) {
  a(FACTURA_FIELD(e, organization_id), FACTURA_FIELD(e, name), FACTURA_FIELD(e, default_currency),
    FACTURA_FIELD(e, invoice_number_prefix), FACTURA_FIELD(e, payment_terms_days),
    FACTURA_FIELD(e, at));
}
// OrganizationSettingsUpdated is at schema version 2 (legal name to time zone appended); version
// 1 is these fields alone (OrganizationSettingsUpdatedV1 in payload_codec.h).
template <class A>
void SerializeOrganizationSettingsUpdatedV1(A& a, OrganizationSettingsUpdated& e) {
  a(FACTURA_FIELD(e, organization_id), FACTURA_FIELD(e, name), FACTURA_FIELD(e, default_currency),
    FACTURA_FIELD(e, invoice_number_prefix), FACTURA_FIELD(e, payment_terms_days),
    FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, OrganizationSettingsUpdated& e) {
  SerializeOrganizationSettingsUpdatedV1(a, e);
  a(FACTURA_FIELD(e, legal_name), FACTURA_FIELD(e, address), FACTURA_FIELD(e, tax_id),
    FACTURA_FIELD(e, payment_number_prefix), FACTURA_FIELD(e, next_invoice_number),
    FACTURA_FIELD(e, next_payment_number), FACTURA_FIELD(e, locale), FACTURA_FIELD(e, time_zone));
}
template <class A>
void serialize(A& a, InvoiceNumberReserved& e) {
  a(FACTURA_FIELD(e, organization_id), FACTURA_FIELD(e, invoice_id), FACTURA_FIELD(e, number),
    FACTURA_FIELD(e, sequence), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, OrganizationPlanChanged& e) {
  a(FACTURA_FIELD(e, organization_id), FACTURA_FIELD(e, plan),
    FACTURA_FIELD(e, rate_limit_per_minute), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, PaymentNumberReserved& e) {
  a(FACTURA_FIELD(e, organization_id), FACTURA_FIELD(e, payment_id), FACTURA_FIELD(e, number),
    FACTURA_FIELD(e, sequence), FACTURA_FIELD(e, at));
}
// CustomerCreated and CustomerUpdated are at schema version 2 (contact name, type, website,
// notes, shipping address and status added); version 1 is CustomerCreatedV1 and
// CustomerUpdatedV1 in payload_codec.h.
template <bool kV1, class A>
void SerializeCustomerCreated(A& a, CustomerCreated& e) {
  CustomerProfileShape<kV1> profile{&e.profile};
  a(FACTURA_FIELD(e, customer_id), ::cereal::make_nvp("profile", profile), FACTURA_FIELD(e, at));
  if constexpr (!kV1) a(FACTURA_FIELD(e, status));
}
template <class A>
void serialize(A& a, CustomerCreated& e) {
  SerializeCustomerCreated<false>(a, e);
}
template <class A>
void SerializeCustomerUpdatedV1(A& a, CustomerUpdated& e) {
  a(FACTURA_FIELD(e, customer_id), FACTURA_FIELD(e, name), FACTURA_FIELD(e, company_name),
    FACTURA_FIELD(e, email), FACTURA_FIELD(e, phone), FACTURA_FIELD(e, billing_address),
    FACTURA_FIELD(e, payment_terms_days), FACTURA_FIELD(e, currency), FACTURA_FIELD(e, tax_number),
    FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, CustomerUpdated& e) {
  SerializeCustomerUpdatedV1(a, e);
  a(FACTURA_FIELD(e, contact_name), FACTURA_FIELD(e, customer_type), FACTURA_FIELD(e, website),
    FACTURA_FIELD(e, notes), FACTURA_FIELD(e, shipping_address), FACTURA_FIELD(e, status),
    FACTURA_FIELD(e, credit_limit_minor));
}
template <class A>
void serialize(A& a, CustomerDeleted& e) {
  a(FACTURA_FIELD(e, customer_id), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, CustomerCreditAdjusted& e) {
  a(FACTURA_FIELD(e, customer_id), FACTURA_FIELD(e, delta), FACTURA_FIELD(e, balance_after_minor),
    FACTURA_FIELD(e, reason), FACTURA_FIELD(e, payment_id), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, ProductCreated& e) {
  a(FACTURA_FIELD(e, product_id), FACTURA_FIELD(e, name), FACTURA_FIELD(e, description),
    FACTURA_FIELD(e, sku), FACTURA_FIELD(e, unit_price), FACTURA_FIELD(e, unit),
    FACTURA_FIELD(e, tax_rate_id), FACTURA_FIELD(e, category), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, ProductUpdated& e) {
  a(FACTURA_FIELD(e, product_id), FACTURA_FIELD(e, name), FACTURA_FIELD(e, description),
    FACTURA_FIELD(e, sku), FACTURA_FIELD(e, unit_price_minor), FACTURA_FIELD(e, unit),
    FACTURA_FIELD(e, tax_rate_id), FACTURA_FIELD(e, category), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, ProductArchived& e) {
  a(FACTURA_FIELD(e, product_id), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, ProductUnarchived& e) {
  a(FACTURA_FIELD(e, product_id), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, TaxRateCreated& e) {
  a(FACTURA_FIELD(e, tax_rate_id), FACTURA_FIELD(e, name), FACTURA_FIELD(e, type),
    FACTURA_FIELD(e, rate), FACTURA_FIELD(e, jurisdiction), FACTURA_FIELD(e, description),
    FACTURA_FIELD(e, inclusive), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, TaxRateUpdated& e) {
  a(FACTURA_FIELD(e, tax_rate_id), FACTURA_FIELD(e, name), FACTURA_FIELD(e, type),
    FACTURA_FIELD(e, rate), FACTURA_FIELD(e, jurisdiction), FACTURA_FIELD(e, description),
    FACTURA_FIELD(e, inclusive), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, TaxRateArchived& e) {
  a(FACTURA_FIELD(e, tax_rate_id), FACTURA_FIELD(e, at));
}
// InvoiceDrafted and InvoiceDraftUpdated are at schema version 2 (lines with a type and a
// discount of their own, and InvoiceDrafted's created_by); version 1's lines are LineItemV1
// (InvoiceDraftedV1 and InvoiceDraftUpdatedV1 in payload_codec.h).
template <bool kLinesV1, class A>
void SerializeInvoiceDrafted(A& a, InvoiceDrafted& e) {
  InvoiceContentShape<kLinesV1> content{&e.content};
  a(FACTURA_FIELD(e, invoice_id), FACTURA_FIELD(e, number), ::cereal::make_nvp("content", content),
    FACTURA_FIELD(e, at));
  if constexpr (!kLinesV1) a(FACTURA_FIELD(e, created_by));
}
template <class A>
void serialize(A& a, InvoiceDrafted& e) {
  SerializeInvoiceDrafted<false>(a, e);
}
template <bool kLinesV1, class A>
void SerializeInvoiceDraftUpdated(A& a, InvoiceDraftUpdated& e) {
  InvoiceContentShape<kLinesV1> content{&e.content};
  a(FACTURA_FIELD(e, invoice_id), ::cereal::make_nvp("content", content), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, InvoiceDraftUpdated& e) {
  SerializeInvoiceDraftUpdated<false>(a, e);
}
template <class A>
void serialize(A& a, InvoiceDeleted& e) {
  a(FACTURA_FIELD(e, invoice_id), FACTURA_FIELD(e, number), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, InvoiceIssued& e) {
  a(FACTURA_FIELD(e, invoice_id), FACTURA_FIELD(e, number), FACTURA_FIELD(e, customer),
    FACTURA_FIELD(e, total_minor), FACTURA_FIELD(e, at));
}
// InvoiceSent is at schema version 2; version 1 is InvoiceSentV1 in payload_codec.h.
template <class A>
void serialize(A& a, InvoiceSent& e) {
  a(FACTURA_FIELD(e, invoice_id), FACTURA_FIELD(e, to), FACTURA_FIELD(e, cc), FACTURA_FIELD(e, bcc),
    FACTURA_FIELD(e, subject), FACTURA_FIELD(e, message), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, InvoiceTemplateChosen& e) {
  a(FACTURA_FIELD(e, invoice_id), FACTURA_FIELD(e, template_id), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, InvoiceViewed& e) {
  a(FACTURA_FIELD(e, invoice_id), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, InvoicePublicLinkChanged& e) {
  a(FACTURA_FIELD(e, invoice_id), FACTURA_FIELD(e, generation), FACTURA_FIELD(e, active),
    FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, PaymentApplied& e) {
  a(FACTURA_FIELD(e, invoice_id), FACTURA_FIELD(e, payment_id), FACTURA_FIELD(e, amount),
    FACTURA_FIELD(e, payment_date), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, InvoicePaid& e) {
  a(FACTURA_FIELD(e, invoice_id), FACTURA_FIELD(e, paid_on), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, RefundApplied& e) {
  a(FACTURA_FIELD(e, invoice_id), FACTURA_FIELD(e, payment_id), FACTURA_FIELD(e, refund_id),
    FACTURA_FIELD(e, amount), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, InvoiceOverdue& e) {
  a(FACTURA_FIELD(e, invoice_id), FACTURA_FIELD(e, as_of), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, InvoiceVoided& e) {
  a(FACTURA_FIELD(e, invoice_id), FACTURA_FIELD(e, reason), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, InvoiceMarkedUncollectible& e) {
  a(FACTURA_FIELD(e, invoice_id), FACTURA_FIELD(e, reason), FACTURA_FIELD(e, at));
}
// CreditNoteIssued is at schema version 2 (`total_minor` appended); version 1 is these fields
// alone (CreditNoteIssuedV1 in payload_codec.h).
template <class A>
void SerializeCreditNoteIssuedV1(A& a, CreditNoteIssued& e) {
  a(FACTURA_FIELD(e, invoice_id), FACTURA_FIELD(e, credit_note_id), FACTURA_FIELD(e, amount),
    FACTURA_FIELD(e, reason), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, CreditNoteIssued& e) {
  SerializeCreditNoteIssuedV1(a, e);
  a(FACTURA_FIELD(e, total_minor));
}
template <class A>
void serialize(A& a, InvoiceAmended& e) {
  a(FACTURA_FIELD(e, invoice_id), FACTURA_FIELD(e, due_date), FACTURA_FIELD(e, notes),
    FACTURA_FIELD(e, terms), FACTURA_FIELD(e, reference), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, CustomerCreditApplied& e) {
  a(FACTURA_FIELD(e, invoice_id), FACTURA_FIELD(e, customer_id), FACTURA_FIELD(e, amount),
    FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, CreditNoteLine& l) {
  a(FACTURA_FIELD(l, description), FACTURA_FIELD(l, quantity), FACTURA_FIELD(l, unit_price_minor),
    FACTURA_FIELD(l, amount_minor));
}
template <class A>
void serialize(A& a, CreditNoteCreated& e) {
  a(FACTURA_FIELD(e, credit_note_id), FACTURA_FIELD(e, invoice_id), FACTURA_FIELD(e, customer_id),
    FACTURA_FIELD(e, number), FACTURA_FIELD(e, amount), FACTURA_FIELD(e, applied_minor),
    FACTURA_FIELD(e, credited_minor), FACTURA_FIELD(e, tax_minor), FACTURA_FIELD(e, lines),
    FACTURA_FIELD(e, reason), FACTURA_FIELD(e, at));
}
// PaymentRecorded is at schema version 3 (`number` appended in 2, `invoice_number` and
// `customer_name` in 3); versions 1 and 2 are PaymentRecordedV1 and V2 in payload_codec.h.
template <class A>
void SerializePaymentRecordedV1(A& a, PaymentRecorded& e) {
  a(FACTURA_FIELD(e, payment_id), FACTURA_FIELD(e, invoice_id), FACTURA_FIELD(e, customer_id),
    FACTURA_FIELD(e, amount), FACTURA_FIELD(e, applied_minor), FACTURA_FIELD(e, credited_minor),
    FACTURA_FIELD(e, payment_method), FACTURA_FIELD(e, payment_date),
    FACTURA_FIELD(e, transaction_id), FACTURA_FIELD(e, reference), FACTURA_FIELD(e, notes),
    FACTURA_FIELD(e, at));
}
template <class A>
void SerializePaymentRecordedV2(A& a, PaymentRecorded& e) {
  SerializePaymentRecordedV1(a, e);
  a(FACTURA_FIELD(e, number));
}
template <class A>
void serialize(A& a, PaymentRecorded& e) {
  SerializePaymentRecordedV2(a, e);
  a(FACTURA_FIELD(e, invoice_number), FACTURA_FIELD(e, customer_name));
}
// PaymentRefunded is at schema version 2 (`to_credit` appended); version 1 is these fields alone
// (PaymentRefundedV1 in payload_codec.h).
template <class A>
void SerializePaymentRefundedV1(A& a, PaymentRefunded& e) {
  a(FACTURA_FIELD(e, payment_id), FACTURA_FIELD(e, refund_id), FACTURA_FIELD(e, amount),
    FACTURA_FIELD(e, from_invoice_minor), FACTURA_FIELD(e, from_credit_minor),
    FACTURA_FIELD(e, reason), FACTURA_FIELD(e, refund_date), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, PaymentRefunded& e) {
  SerializePaymentRefundedV1(a, e);
  a(FACTURA_FIELD(e, to_credit));
}
template <class A>
void serialize(A& a, WebhookEndpointCreated& e) {
  a(FACTURA_FIELD(e, webhook_id), FACTURA_FIELD(e, url), FACTURA_FIELD(e, events),
    FACTURA_FIELD(e, description), FACTURA_FIELD(e, secret), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, WebhookEndpointUpdated& e) {
  a(FACTURA_FIELD(e, webhook_id), FACTURA_FIELD(e, url), FACTURA_FIELD(e, events),
    FACTURA_FIELD(e, description), FACTURA_FIELD(e, active), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, WebhookEndpointSecretRotated& e) {
  a(FACTURA_FIELD(e, webhook_id), FACTURA_FIELD(e, secret), FACTURA_FIELD(e, previous_expires_at),
    FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, WebhookEndpointDisabled& e) {
  a(FACTURA_FIELD(e, webhook_id), FACTURA_FIELD(e, reason), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, WebhookEndpointDeleted& e) {
  a(FACTURA_FIELD(e, webhook_id), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, ApiKeyCreated& e) {
  a(FACTURA_FIELD(e, api_key_id), FACTURA_FIELD(e, name), e.secret_sha256_hex,
    FACTURA_FIELD(e, secret_hint), FACTURA_FIELD(e, scopes), FACTURA_FIELD(e, expires_at),
    FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, ApiKeyRevoked& e) {
  a(FACTURA_FIELD(e, api_key_id), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, ApiKeyRateLimitSet& e) {
  a(FACTURA_FIELD(e, api_key_id), FACTURA_FIELD(e, rate_limit_per_minute), FACTURA_FIELD(e, at));
}

template <class A>
void serialize(A& a, Membership& m) {
  a(FACTURA_FIELD(m, organization_id), FACTURA_FIELD(m, role), FACTURA_FIELD(m, customer_id));
}
template <class A>
void serialize(A& a, UserRegistered& e) {
  a(FACTURA_FIELD(e, user_id), FACTURA_FIELD(e, email), FACTURA_FIELD(e, name),
    FACTURA_FIELD(e, locale), FACTURA_FIELD(e, password_hash), FACTURA_FIELD(e, status),
    FACTURA_FIELD(e, membership), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, UserStatusChanged& e) {
  a(FACTURA_FIELD(e, user_id), FACTURA_FIELD(e, status), FACTURA_FIELD(e, organization_id),
    FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, UserProfileUpdated& e) {
  a(FACTURA_FIELD(e, user_id), FACTURA_FIELD(e, name), FACTURA_FIELD(e, locale),
    FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, UserPasswordChanged& e) {
  a(FACTURA_FIELD(e, user_id), FACTURA_FIELD(e, password_hash), FACTURA_FIELD(e, reason),
    FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, UserPasswordResetRequested& e) {
  a(FACTURA_FIELD(e, user_id), FACTURA_FIELD(e, token_sha256_hex), FACTURA_FIELD(e, expires_at),
    FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, UserMembershipChanged& e) {
  a(FACTURA_FIELD(e, user_id), FACTURA_FIELD(e, membership), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, SessionStarted& e) {
  a(FACTURA_FIELD(e, session_id), FACTURA_FIELD(e, user_id), FACTURA_FIELD(e, refresh_sha256_hex),
    FACTURA_FIELD(e, expires_at), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, SessionRefreshed& e) {
  a(FACTURA_FIELD(e, session_id), FACTURA_FIELD(e, refresh_sha256_hex), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, SessionRevoked& e) {
  a(FACTURA_FIELD(e, session_id), FACTURA_FIELD(e, reason), FACTURA_FIELD(e, at));
}

template <class A>
void serialize(A& a, InvitationCreated& e) {
  a(FACTURA_FIELD(e, invitation_id), FACTURA_FIELD(e, organization_id), FACTURA_FIELD(e, email),
    FACTURA_FIELD(e, role), FACTURA_FIELD(e, token_sha256_hex), FACTURA_FIELD(e, expires_at),
    FACTURA_FIELD(e, invited_by), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, InvitationAccepted& e) {
  a(FACTURA_FIELD(e, invitation_id), FACTURA_FIELD(e, user_id), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, RoleCreated& e) {
  a(FACTURA_FIELD(e, role_id), FACTURA_FIELD(e, name), FACTURA_FIELD(e, description),
    FACTURA_FIELD(e, permissions), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, RoleUpdated& e) {
  a(FACTURA_FIELD(e, role_id), FACTURA_FIELD(e, name), FACTURA_FIELD(e, description),
    FACTURA_FIELD(e, permissions), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, RoleDeleted& e) {
  a(FACTURA_FIELD(e, role_id), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, InvitationCustomerLinked& e) {
  a(FACTURA_FIELD(e, invitation_id), FACTURA_FIELD(e, customer_id), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, InvitationRevoked& e) {
  a(FACTURA_FIELD(e, invitation_id), FACTURA_FIELD(e, at));
}

template <class A>
void serialize(A& a, OAuthClientRegistered& e) {
  a(FACTURA_FIELD(e, client_id), FACTURA_FIELD(e, organization_id), FACTURA_FIELD(e, name),
    FACTURA_FIELD(e, confidential), FACTURA_FIELD(e, redirect_uris), FACTURA_FIELD(e, scopes),
    FACTURA_FIELD(e, secret_sha256_hex), FACTURA_FIELD(e, created_by), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, OAuthClientUpdated& e) {
  a(FACTURA_FIELD(e, client_id), FACTURA_FIELD(e, name), FACTURA_FIELD(e, redirect_uris),
    FACTURA_FIELD(e, scopes), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, OAuthClientSecretRotated& e) {
  a(FACTURA_FIELD(e, client_id), FACTURA_FIELD(e, secret_sha256_hex), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, OAuthClientDeleted& e) {
  a(FACTURA_FIELD(e, client_id), FACTURA_FIELD(e, at));
}
template <class A>
void serialize(A& a, OAuthCodeIssued& e) {
  a(FACTURA_FIELD(e, session_id), FACTURA_FIELD(e, user_id), FACTURA_FIELD(e, organization_id),
    FACTURA_FIELD(e, client_id), FACTURA_FIELD(e, scopes), FACTURA_FIELD(e, redirect_uri),
    FACTURA_FIELD(e, code_challenge), FACTURA_FIELD(e, code_sha256_hex),
    FACTURA_FIELD(e, code_expires_at), FACTURA_FIELD(e, at));
}

}  // namespace factura::domain
