#include "api/render.h"

#include "domain/customer/customer.h"
#include "domain/invoice/invoice.h"
#include "domain/money.h"
#include "projections/nested_json.h"

namespace factura::api {
namespace {

void OptionalString(JsonWriter& json, std::string_view key,
                    const std::optional<std::string>& value) {
  json.Key(key);
  if (value) {
    json.String(*value);
  } else {
    json.Null();
  }
}

// An empty text (never recorded) as null.
void TextOrNull(JsonWriter& json, std::string_view key, std::string_view text) {
  json.Key(key);
  if (text.empty()) {
    json.Null();
  } else {
    json.String(text);
  }
}

void WriteAddress(JsonWriter& json, std::string_view key,
                  const std::optional<domain::Address>& address) {
  json.Key(key);
  if (!address) {
    json.Null();
    return;
  }
  json.BeginObject();
  json.Key("street").String(address->street);
  OptionalString(json, "street2", address->street2);
  json.Key("city").String(address->city);
  OptionalString(json, "state", address->state);
  OptionalString(json, "postal_code", address->postal_code);
  json.Key("country").String(address->country);
  json.EndObject();
}

// discount_type and discount_value, as given: "percent" and 10, "fixed" and 5.00, or nulls.
void WriteDiscount(JsonWriter& json, const domain::Discount& discount, domain::Currency currency) {
  json.Key("discount_type");
  switch (discount.type) {
    case domain::DiscountType::kNone:
      json.Null();
      break;
    case domain::DiscountType::kPercent:
      json.String("percent");
      break;
    case domain::DiscountType::kFixed:
      json.String("fixed");
      break;
  }
  json.Key("discount_value");
  switch (discount.type) {
    case domain::DiscountType::kNone:
      json.Null();
      break;
    case domain::DiscountType::kPercent:
      json.RawNumber(domain::FormatPercent(discount.percent));
      break;
    case domain::DiscountType::kFixed:
      json.RawNumber(domain::FormatAmount(discount.fixed_minor, currency));
      break;
  }
}

// The invoice-level tax (seed 003 §7.2) when one was set: the rate lines without their own
// carry, what it came to, or the exemption; null otherwise.
void WriteInvoiceTax(JsonWriter& json, const domain::InvoiceState& invoice) {
  const domain::InvoiceContent& c = invoice.content;
  json.Key("tax");
  if (!c.default_tax && !c.tax_exempt) {
    json.Null();
    return;
  }
  json.BeginObject();
  json.Key("tax_rate_id");
  if (c.default_tax && c.default_tax->tax_rate_id) {
    json.String(*c.default_tax->tax_rate_id);
  } else {
    json.Null();
  }
  json.Key("name");
  if (c.default_tax) {
    json.String(c.default_tax->name);
  } else {
    json.Null();
  }
  json.Key("rate");
  if (c.default_tax) {
    json.RawNumber(domain::FormatPercent(c.default_tax->rate));
  } else {
    json.Null();
  }
  json.Key("inclusive").Bool(c.default_tax && c.default_tax->inclusive);
  int64_t amount = 0;
  for (const domain::TaxTotal& total : invoice.totals.taxes) {
    if (c.default_tax && total.tax == *c.default_tax) amount = total.tax_amount;
  }
  json.Key("amount").RawNumber(domain::FormatAmount(amount, c.currency));
  json.Key("exempt").Bool(c.tax_exempt);
  OptionalString(json, "exempt_reason", c.tax_exempt_reason);
  json.EndObject();
}

}  // namespace

void WriteBalance(JsonWriter& json, const CustomerBalance& balance) {
  auto currency = domain::FindCurrency(balance.currency);
  int64_t in_currency = 0;
  for (const auto& [code, minor] : balance.owed) {
    if (code == balance.currency) in_currency = minor;
  }
  json.Key("balance").RawNumber(currency ? domain::FormatAmount(in_currency, *currency)
                                         : std::to_string(in_currency));
  json.Key("balances").BeginArray();
  for (const auto& [code, minor] : balance.owed) {
    auto owed_currency = domain::FindCurrency(code);
    if (!owed_currency) continue;
    json.BeginObject().Key("currency").String(code).Key("amount");
    json.RawNumber(domain::FormatAmount(minor, *owed_currency)).EndObject();
  }
  json.EndArray();
}

void WriteCustomer(JsonWriter& json, const domain::CustomerState& customer,
                   const CustomerBalance* balance) {
  const domain::CustomerProfile& p = customer.profile;
  json.BeginObject();
  json.Key("id").String(customer.id);
  json.Key("object").String("customer");
  json.Key("name").String(p.name);
  OptionalString(json, "company_name", p.company_name);
  OptionalString(json, "email", p.email);
  OptionalString(json, "phone", p.phone);
  WriteAddress(json, "billing_address", p.billing_address);
  json.Key("payment_terms").IntOrNull(p.payment_terms_days);
  json.Key("currency");
  if (p.currency) {
    json.String(p.currency->code());
  } else {
    json.Null();
  }
  OptionalString(json, "tax_number", p.tax_number);
  OptionalString(json, "contact_name", p.contact_name);
  OptionalString(json, "customer_type", p.customer_type);
  OptionalString(json, "website", p.website);
  OptionalString(json, "notes", p.notes);
  WriteAddress(json, "shipping_address", p.shipping_address);
  json.Key("credit_limit");
  if (p.credit_limit_minor && p.currency) {
    json.RawNumber(domain::FormatAmount(*p.credit_limit_minor, *p.currency));
  } else {
    json.Null();
  }
  json.Key("credit_balances").RawJson(projections::CreditBalancesJson(customer));
  if (balance != nullptr) WriteBalance(json, *balance);
  json.Key("status").String(domain::CustomerStatusName(customer));
  json.Key("version").Int(static_cast<int64_t>(customer.version));
  json.Key("created_at").String(domain::FormatTimestamp(customer.created_at));
  json.Key("updated_at").String(domain::FormatTimestamp(customer.updated_at));
  json.EndObject();
}

std::string CustomerJson(const domain::CustomerState& customer, const CustomerBalance* balance) {
  JsonWriter json;
  WriteCustomer(json, customer, balance);
  return std::move(json).Take();
}

void WriteOrganization(JsonWriter& json, const domain::OrganizationState& organization) {
  json.BeginObject();
  json.Key("id").String(organization.id);
  json.Key("object").String("organization");
  json.Key("name").String(organization.name);
  json.Key("default_currency").String(organization.default_currency.code());
  OptionalString(json, "legal_name", organization.legal_name);
  WriteAddress(json, "address", organization.address);
  OptionalString(json, "tax_id", organization.tax_id);
  json.Key("invoice_number_prefix").String(organization.invoice_number_prefix);
  json.Key("next_invoice_number").Int(organization.last_invoice_sequence + 1);
  json.Key("payment_number_prefix").String(organization.payment_number_prefix);
  json.Key("next_payment_number").Int(organization.last_payment_sequence + 1);
  json.Key("payment_terms").Int(organization.payment_terms_days);
  json.Key("locale").String(organization.locale);
  json.Key("time_zone").String(organization.time_zone);
  // Set by the operator (`factura organizations plan`); null: the server's default_plan.
  json.Key("plan");
  if (organization.plan.empty()) {
    json.Null();
  } else {
    json.String(organization.plan);
  }
  json.Key("rate_limit_per_minute");
  if (organization.rate_limit_per_minute) {
    json.Int(*organization.rate_limit_per_minute);
  } else {
    json.Null();
  }
  json.Key("version").Int(static_cast<int64_t>(organization.version));
  json.Key("created_at").String(domain::FormatTimestamp(organization.created_at));
  json.Key("updated_at").String(domain::FormatTimestamp(organization.updated_at));
  json.EndObject();
}

std::string OrganizationJson(const domain::OrganizationState& organization) {
  JsonWriter json;
  WriteOrganization(json, organization);
  return std::move(json).Take();
}

namespace {

// An invoice's members, without the braces: for the replies that add some of their own.
void WriteInvoiceMembers(JsonWriter& json, const domain::InvoiceState& invoice,
                         const std::optional<std::string>& public_url) {
  const domain::InvoiceContent& c = invoice.content;
  const domain::Currency currency = c.currency;
  auto amount = [&](int64_t minor) { json.RawNumber(domain::FormatAmount(minor, currency)); };
  json.Key("id").String(invoice.id);
  json.Key("object").String("invoice");
  json.Key("number").String(invoice.number);
  json.Key("status").String(domain::StatusName(invoice.status));
  // The customer as at issue (as drafted, before): what the document was addressed to.
  json.Key("customer").BeginObject();
  json.Key("id").String(c.customer.customer_id);
  json.Key("name").String(c.customer.name);
  OptionalString(json, "company_name", c.customer.company_name);
  OptionalString(json, "email", c.customer.email);
  WriteAddress(json, "billing_address", c.customer.billing_address);
  OptionalString(json, "tax_number", c.customer.tax_number);
  json.EndObject();
  json.Key("issue_date").String(domain::FormatDate(c.issue_date));
  json.Key("due_date").String(domain::FormatDate(c.due_date));
  json.Key("currency").String(currency.code());
  json.Key("line_items").BeginArray();
  for (size_t i = 0; i < c.line_items.size(); ++i) {
    const domain::LineItem& line = c.line_items[i];
    const domain::LineTotals& totals = invoice.totals.lines[i];
    const domain::AppliedTax* tax =
        line.tax ? &*line.tax : (c.default_tax ? &*c.default_tax : nullptr);
    json.BeginObject();
    json.Key("id").String(line.id);
    json.Key("description").String(line.description);
    OptionalString(json, "product_id", line.product_id);
    json.Key("quantity").RawNumber(domain::FormatQuantity(line.quantity));
    OptionalString(json, "unit", line.unit);
    json.Key("unit_price");
    amount(line.unit_price_minor);
    json.Key("type").String(domain::LineTypeName(line.type));
    json.Key("subtotal");
    amount(totals.subtotal);
    WriteDiscount(json, line.discount, currency);
    json.Key("discount_amount");
    amount(totals.discount);
    json.Key("tax_profile_id");
    if (tax != nullptr && tax->tax_rate_id) {
      json.String(*tax->tax_rate_id);
    } else {
      json.Null();
    }
    json.Key("tax_percent");
    if (tax != nullptr && !c.tax_exempt) {
      json.RawNumber(domain::FormatPercent(tax->rate));
    } else {
      json.Null();
    }
    json.Key("tax_inclusive").Bool(tax != nullptr && tax->inclusive);
    json.Key("tax_amount");
    amount(totals.tax);
    json.Key("total");
    amount(totals.total);
    json.EndObject();
  }
  json.EndArray();
  json.Key("subtotal");
  amount(invoice.totals.subtotal);
  WriteDiscount(json, c.discount, currency);
  json.Key("discount_total");
  amount(invoice.totals.discount_total);
  json.Key("tax_total");
  amount(invoice.totals.tax_total);
  json.Key("total");
  amount(invoice.totals.total);
  json.Key("amount_paid");
  amount(invoice.NetPaid());
  json.Key("amount_credited");
  amount(invoice.amount_credited_minor);
  json.Key("customer_credit_applied");
  amount(invoice.customer_credit_applied_minor);
  json.Key("amount_due");
  amount(invoice.AmountDue());
  WriteInvoiceTax(json, invoice);
  json.Key("tax_exempt").Bool(c.tax_exempt);
  OptionalString(json, "notes", c.notes);
  OptionalString(json, "terms", c.terms);
  OptionalString(json, "reference", c.reference);
  json.Key("template_id").String(invoice.template_id);
  TextOrNull(json, "created_by", invoice.created_by);
  // Relative to the API's root, as every link the API gives: GET it with the same credentials.
  json.Key("pdf_url").String("/v1/invoices/" + invoice.id + "/pdf");
  json.Key("public_url").StringOrNull(public_url);
  auto instant = [&](std::string_view key, const std::optional<domain::Timestamp>& at) {
    json.Key(key);
    if (at) {
      json.String(domain::FormatTimestamp(*at));
    } else {
      json.Null();
    }
  };
  instant("sent_at", invoice.sent_at);
  instant("viewed_at", invoice.viewed_at);
  instant("voided_at", invoice.voided_at);
  OptionalString(json, "void_reason", invoice.void_reason);
  json.Key("paid_at");
  if (invoice.paid_on) {
    json.String(domain::FormatDate(*invoice.paid_on));
  } else {
    json.Null();
  }
  json.Key("payments").BeginArray();
  for (const auto& payment : invoice.payments) {
    json.BeginObject().Key("id").String(payment.payment_id).Key("amount");
    amount(payment.amount_minor);
    json.Key("payment_date").String(domain::FormatDate(payment.payment_date)).EndObject();
  }
  json.EndArray();
  json.Key("version").Int(static_cast<int64_t>(invoice.version));
  json.Key("created_at").String(domain::FormatTimestamp(invoice.created_at));
  json.Key("updated_at").String(domain::FormatTimestamp(invoice.updated_at));
}

void WriteRefund(JsonWriter& json, const domain::RefundRecord& refund, domain::Currency currency) {
  json.BeginObject().Key("id").String(refund.refund_id).Key("amount");
  json.RawNumber(domain::FormatAmount(refund.amount_minor, currency));
  OptionalString(json, "reason", refund.reason);
  json.Key("refund_date").String(domain::FormatDate(refund.refund_date));
  json.Key("applied_as_credit").Bool(refund.to_credit);
  json.Key("status").String("succeeded").EndObject();
}

void WritePaymentMembers(JsonWriter& json, const domain::PaymentState& payment) {
  const domain::Currency currency = payment.amount.currency;
  auto amount = [&](int64_t minor) { json.RawNumber(domain::FormatAmount(minor, currency)); };
  json.Key("id").String(payment.id);
  json.Key("object").String("payment");
  TextOrNull(json, "payment_number", payment.number);
  json.Key("invoice_id").String(payment.invoice_id);
  TextOrNull(json, "invoice_number", payment.invoice_number);
  json.Key("customer_id").String(payment.customer_id);
  TextOrNull(json, "customer_name", payment.customer_name);
  json.Key("amount");
  amount(payment.amount.minor_units);
  json.Key("currency").String(currency.code());
  json.Key("applied_to_invoice");
  amount(payment.applied_minor);
  json.Key("credited_to_customer");
  amount(payment.credited_minor);
  json.Key("payment_method").String(payment.payment_method);
  json.Key("payment_date").String(domain::FormatDate(payment.payment_date));
  OptionalString(json, "transaction_id", payment.transaction_id);
  OptionalString(json, "reference", payment.reference);
  OptionalString(json, "notes", payment.notes);
  json.Key("status").String(payment.status());
  json.Key("amount_refunded");
  amount(payment.refunded_minor);
  json.Key("refunds").BeginArray();
  for (const auto& refund : payment.refunds) WriteRefund(json, refund, currency);
  json.EndArray();
  json.Key("version").Int(static_cast<int64_t>(payment.version));
  json.Key("created_at").String(domain::FormatTimestamp(payment.created_at));
}

}  // namespace

void WriteInvoice(JsonWriter& json, const domain::InvoiceState& invoice,
                  const std::optional<std::string>& public_url) {
  json.BeginObject();
  WriteInvoiceMembers(json, invoice, public_url);
  json.EndObject();
}

std::string InvoiceJson(const domain::InvoiceState& invoice,
                        const std::optional<std::string>& public_url) {
  JsonWriter json;
  WriteInvoice(json, invoice, public_url);
  return std::move(json).Take();
}

std::string MarkedPaidJson(const domain::InvoiceState& invoice,
                           const std::optional<std::string>& public_url,
                           const domain::PaymentState& payment) {
  JsonWriter json;
  json.BeginObject();
  WriteInvoiceMembers(json, invoice, public_url);
  json.Key("payment");
  WritePayment(json, payment);
  json.EndObject();
  return std::move(json).Take();
}

void WritePayment(JsonWriter& json, const domain::PaymentState& payment) {
  json.BeginObject();
  WritePaymentMembers(json, payment);
  json.EndObject();
}

std::string PaymentJson(const domain::PaymentState& payment) {
  JsonWriter json;
  WritePayment(json, payment);
  return std::move(json).Take();
}

void WriteCreditNote(JsonWriter& json, const domain::CreditNoteState& note) {
  const domain::Currency currency = note.amount.currency;
  auto amount = [&](const char* key, int64_t minor) {
    json.Key(key).RawNumber(domain::FormatAmount(minor, currency));
  };
  json.BeginObject();
  json.Key("id").String(note.id);
  json.Key("object").String("credit_note");
  json.Key("number").String(note.number);
  json.Key("invoice_id").String(note.invoice_id);
  json.Key("customer_id").String(note.customer_id);
  amount("amount", note.amount.minor_units);
  json.Key("currency").String(currency.code());
  amount("applied_to_invoice", note.applied_minor);
  amount("credited_to_customer", note.credited_minor);
  amount("tax_amount", note.tax_minor);
  OptionalString(json, "reason", note.reason);
  json.Key("lines").RawJson(projections::CreditNoteLinesJson(note));
  json.Key("status").String("issued");
  json.Key("created_at").String(domain::FormatTimestamp(note.created_at));
  json.EndObject();
}

std::string CreditNoteJson(const domain::CreditNoteState& note) {
  JsonWriter json;
  WriteCreditNote(json, note);
  return std::move(json).Take();
}

std::string RefundedJson(const domain::PaymentState& payment) {
  JsonWriter json;
  json.BeginObject();
  WritePaymentMembers(json, payment);
  if (!payment.refunds.empty()) {
    json.Key("refund");
    WriteRefund(json, payment.refunds.back(), payment.amount.currency);
  }
  json.EndObject();
  return std::move(json).Take();
}

void WriteProduct(JsonWriter& json, const domain::ProductState& product) {
  json.BeginObject();
  json.Key("id").String(product.id);
  json.Key("object").String("product");
  json.Key("name").String(product.name);
  OptionalString(json, "description", product.description);
  OptionalString(json, "sku", product.sku);
  json.Key("unit_price")
      .RawNumber(domain::FormatAmount(product.unit_price.minor_units, product.unit_price.currency));
  json.Key("currency").String(product.unit_price.currency.code());
  OptionalString(json, "unit", product.unit);
  OptionalString(json, "tax_profile_id", product.tax_rate_id);
  OptionalString(json, "category", product.category);
  json.Key("is_active").Bool(product.is_active());
  json.Key("version").Int(static_cast<int64_t>(product.version));
  json.Key("created_at").String(domain::FormatTimestamp(product.created_at));
  json.Key("updated_at").String(domain::FormatTimestamp(product.updated_at));
  json.EndObject();
}

std::string ProductJson(const domain::ProductState& product) {
  JsonWriter json;
  WriteProduct(json, product);
  return std::move(json).Take();
}

void WriteTaxRate(JsonWriter& json, const domain::TaxRateState& rate) {
  json.BeginObject();
  json.Key("id").String(rate.id);
  json.Key("object").String("tax_rate");
  json.Key("name").String(rate.name);
  json.Key("type").String(rate.type);
  json.Key("rate").RawNumber(domain::FormatPercent(rate.rate));
  OptionalString(json, "jurisdiction", rate.jurisdiction);
  OptionalString(json, "description", rate.description);
  json.Key("inclusive").Bool(rate.inclusive);
  json.Key("is_active").Bool(!rate.archived);
  json.Key("version").Int(static_cast<int64_t>(rate.version));
  json.Key("created_at").String(domain::FormatTimestamp(rate.created_at));
  json.Key("updated_at").String(domain::FormatTimestamp(rate.updated_at));
  json.EndObject();
}

std::string TaxRateJson(const domain::TaxRateState& rate) {
  JsonWriter json;
  WriteTaxRate(json, rate);
  return std::move(json).Take();
}

void WriteWebhookEndpoint(JsonWriter& json, const domain::WebhookEndpointState& endpoint,
                          const std::optional<std::string>& secret) {
  json.BeginObject();
  json.Key("id").String(endpoint.id);
  json.Key("object").String("webhook");
  json.Key("url").String(endpoint.url);
  json.Key("events").BeginArray();
  for (const std::string& type : endpoint.events) json.String(type);
  json.EndArray();
  json.Key("description").StringOrNull(endpoint.description);
  if (secret) json.Key("secret").String(*secret);
  json.Key("active").Bool(endpoint.active);
  json.Key("disabled_reason").StringOrNull(endpoint.disabled_reason);
  json.Key("version").Int(static_cast<int64_t>(endpoint.version));
  json.Key("created_at").String(domain::FormatTimestamp(endpoint.created_at));
  json.Key("updated_at").String(domain::FormatTimestamp(endpoint.updated_at));
  json.EndObject();
}

std::string WebhookEndpointJson(const domain::WebhookEndpointState& endpoint,
                                const std::optional<std::string>& secret) {
  JsonWriter json;
  WriteWebhookEndpoint(json, endpoint, secret);
  return std::move(json).Take();
}

void WriteApiKey(JsonWriter& json, const domain::ApiKeyState& key,
                 const std::optional<std::string>& secret) {
  json.BeginObject();
  json.Key("id").String(key.id);
  json.Key("object").String("api_key");
  json.Key("name").String(key.name);
  if (secret) json.Key("key").String(*secret);
  json.Key("key_hint").String("…" + key.secret_hint);
  json.Key("scopes").BeginArray();
  for (const std::string& scope : key.scopes) json.String(scope);
  json.EndArray();
  json.Key("status").String(key.revoked ? "revoked" : "active");
  json.Key("created_at").String(domain::FormatTimestamp(key.created_at));
  json.Key("expires_at");
  if (key.expires_at) {
    json.String(domain::FormatTimestamp(*key.expires_at));
  } else {
    json.Null();
  }
  json.Key("revoked_at");
  if (key.revoked_at) {
    json.String(domain::FormatTimestamp(*key.revoked_at));
  } else {
    json.Null();
  }
  json.Key("rate_limit_per_minute");
  if (key.rate_limit_per_minute) {
    json.Int(*key.rate_limit_per_minute);
  } else {
    json.Null();
  }
  json.EndObject();
}

std::string ApiKeyJson(const domain::ApiKeyState& key, const std::optional<std::string>& secret) {
  JsonWriter json;
  WriteApiKey(json, key, secret);
  return std::move(json).Take();
}

}  // namespace factura::api
