#include "api/documents/invoice_document.h"

namespace factura::api::documents {
namespace {

std::vector<std::string> AddressLines(const std::optional<domain::Address>& address) {
  std::vector<std::string> lines;
  if (!address) return lines;
  lines.push_back(address->street);
  if (address->street2) lines.push_back(*address->street2);
  std::string city = address->city;
  if (address->state) city += ", " + *address->state;
  if (address->postal_code) city += " " + *address->postal_code;
  lines.push_back(city);
  lines.push_back(address->country);
  return lines;
}

Party Seller(const domain::OrganizationState& organization, const DocumentLocale& locale) {
  Party seller{std::string(locale.labels.from), organization.legal_name.value_or(organization.name),
               AddressLines(organization.address)};
  if (organization.tax_id) {
    seller.lines.push_back(std::string(locale.labels.tax_id) + ": " + *organization.tax_id);
  }
  return seller;
}

Party Buyer(const domain::CustomerSnapshot& customer, const DocumentLocale& locale) {
  Party buyer{
      std::string(locale.labels.bill_to), customer.company_name.value_or(customer.name), {}};
  if (customer.company_name && *customer.company_name != customer.name) {
    buyer.lines.push_back(customer.name);
  }
  for (std::string& line : AddressLines(customer.billing_address)) {
    buyer.lines.push_back(std::move(line));
  }
  if (customer.email) buyer.lines.push_back(*customer.email);
  if (customer.tax_number) {
    buyer.lines.push_back(std::string(locale.labels.tax_id) + ": " + *customer.tax_number);
  }
  return buyer;
}

std::string DiscountText(const domain::LineItem& line, int64_t own_discount,
                         domain::Currency currency, const DocumentLocale& locale) {
  if (line.discount.type == domain::DiscountType::kPercent) {
    return FormatDocumentPercent(line.discount.percent, locale);
  }
  if (own_discount != 0) return FormatMoney(own_discount, currency, locale);
  return "";
}

}  // namespace

Document InvoiceDocument(const domain::InvoiceState& invoice,
                         const domain::OrganizationState& organization,
                         const DocumentLocale& locale, const std::optional<std::string>& page_url) {
  const DocumentLabels& l = locale.labels;
  const domain::InvoiceContent& content = invoice.content;
  domain::Currency currency = content.currency;
  auto money = [&](int64_t minor) { return FormatMoney(minor, currency, locale); };
  Document d;
  d.title = l.invoice;
  d.number = invoice.number;
  if (!invoice.issued) d.stamp = l.draft;
  if (invoice.voided) d.stamp = l.void_mark;
  if (invoice.status == domain::InvoiceStatus::kPaid) d.stamp = l.paid_mark;
  d.facts.emplace_back(l.issue_date, FormatDocumentDate(content.issue_date, locale));
  d.facts.emplace_back(l.due_date, FormatDocumentDate(content.due_date, locale));
  if (content.reference) d.facts.emplace_back(l.reference, *content.reference);
  d.seller = Seller(organization, locale);
  d.buyer = Buyer(content.customer, locale);
  d.columns = {{std::string(l.description), 4.2, false}, {std::string(l.quantity), 0.9, true},
               {std::string(l.unit), 0.9, false},        {std::string(l.unit_price), 1.5, true},
               {std::string(l.discount), 1.2, true},     {std::string(l.tax), 0.9, true},
               {std::string(l.amount), 1.6, true}};
  for (size_t i = 0; i < content.line_items.size(); ++i) {
    const domain::LineItem& line = content.line_items[i];
    domain::LineTotals totals =
        i < invoice.totals.lines.size() ? invoice.totals.lines[i] : domain::LineTotals{};
    const std::optional<domain::AppliedTax>& tax = line.tax ? line.tax : content.default_tax;
    d.rows.push_back({line.description, FormatDocumentQuantity(line.quantity, locale),
                      line.unit.value_or(""), money(line.unit_price_minor),
                      DiscountText(line, totals.own_discount, currency, locale),
                      tax && !content.tax_exempt ? FormatDocumentPercent(tax->rate, locale) : "",
                      money(totals.subtotal - totals.own_discount)});
  }
  const domain::InvoiceTotals& totals = invoice.totals;
  d.totals.push_back({std::string(l.subtotal), money(totals.subtotal), false});
  if (totals.discount_total != 0) {
    d.totals.push_back({std::string(l.discount), money(-totals.discount_total), false});
  }
  for (const domain::TaxTotal& tax : totals.taxes) {
    std::string label =
        Fill(Fill(l.tax_on, "{name}",
                  tax.tax.name + " (" + FormatDocumentPercent(tax.tax.rate, locale) + ")"),
             "{taxable}", money(tax.taxable_amount));
    d.totals.push_back({std::move(label), money(tax.tax_amount), false});
  }
  d.totals.push_back({std::string(l.total), money(totals.total), true, "total"});
  int64_t paid = invoice.NetPaid() + invoice.customer_credit_applied_minor;
  if (paid != 0) d.totals.push_back({std::string(l.amount_paid), money(-paid), false});
  if (invoice.amount_credited_minor != 0) {
    d.totals.push_back(
        {std::string(l.amount_credited), money(-invoice.amount_credited_minor), false});
  }
  if (invoice.issued) {
    d.totals.push_back({std::string(l.amount_due), money(invoice.AmountDue()), true, "amount_due"});
  }
  if (content.tax_exempt && content.tax_exempt_reason) {
    d.sections.emplace_back(l.tax, *content.tax_exempt_reason);
  }
  if (content.notes) d.sections.emplace_back(l.notes, *content.notes);
  if (content.terms) d.sections.emplace_back(l.terms, *content.terms);
  if (page_url && invoice.issued && !invoice.voided) {
    d.qr_payload = *page_url;
    d.qr_caption = std::string(l.scan_to_pay) + "\n" + *page_url;
  }
  d.page_of = l.page_of;
  d.author = organization.legal_name.value_or(organization.name);
  d.created = invoice.issued_at.value_or(invoice.updated_at);
  return d;
}

Document CreditNoteDocument(const domain::CreditNoteState& credit_note,
                            const domain::InvoiceState& invoice,
                            const domain::OrganizationState& organization,
                            const DocumentLocale& locale) {
  const DocumentLabels& l = locale.labels;
  domain::Currency currency = credit_note.amount.currency;
  auto money = [&](int64_t minor) { return FormatMoney(minor, currency, locale); };
  Document d;
  d.title = l.credit_note;
  d.number = credit_note.number;
  d.facts.emplace_back(l.issue_date,
                       FormatDocumentDate(domain::UtcDateOf(credit_note.created_at), locale));
  d.facts.emplace_back(l.credited_invoice, invoice.number);
  d.seller = Seller(organization, locale);
  d.buyer = Buyer(invoice.content.customer, locale);
  d.columns = {{std::string(l.description), 5, false},
               {std::string(l.quantity), 1, true},
               {std::string(l.unit_price), 1.6, true},
               {std::string(l.amount), 1.6, true}};
  for (const domain::CreditNoteLine& line : credit_note.lines) {
    d.rows.push_back({line.description, FormatDocumentQuantity(line.quantity, locale),
                      money(line.unit_price_minor), money(line.amount_minor)});
  }
  if (credit_note.lines.empty()) {
    d.rows.push_back({credit_note.reason.value_or(std::string(l.credit_note)), "1",
                      money(credit_note.amount.minor_units),
                      money(credit_note.amount.minor_units)});
  }
  if (credit_note.tax_minor != 0) {
    d.totals.push_back({std::string(l.tax), money(credit_note.tax_minor), false});
  }
  d.totals.push_back({std::string(l.total), money(credit_note.amount.minor_units), true});
  if (credit_note.reason) d.sections.emplace_back(l.reason, *credit_note.reason);
  d.page_of = l.page_of;
  d.author = organization.legal_name.value_or(organization.name);
  d.created = credit_note.created_at;
  return d;
}

Document ReceiptDocument(const domain::PaymentState& payment, const domain::InvoiceState& invoice,
                         const domain::OrganizationState& organization,
                         const DocumentLocale& locale) {
  const DocumentLabels& l = locale.labels;
  domain::Currency currency = payment.amount.currency;
  auto money = [&](int64_t minor) { return FormatMoney(minor, currency, locale); };
  Document d;
  d.title = l.receipt;
  d.number = payment.number.empty() ? payment.id : payment.number;
  d.facts.emplace_back(l.payment_date, FormatDocumentDate(payment.payment_date, locale));
  d.facts.emplace_back(l.payment_method, payment.payment_method);
  if (payment.reference) d.facts.emplace_back(l.reference, *payment.reference);
  d.seller = Seller(organization, locale);
  d.buyer = Buyer(invoice.content.customer, locale);
  d.buyer.heading = l.received_from;
  d.columns = {{std::string(l.applied_to), 4, false},
               {std::string(l.issue_date), 1.6, false},
               {std::string(l.total), 1.6, true},
               {std::string(l.amount), 1.6, true}};
  d.rows.push_back({invoice.number, FormatDocumentDate(invoice.content.issue_date, locale),
                    FormatMoney(invoice.totals.total, invoice.content.currency, locale),
                    money(payment.applied_minor)});
  d.totals.push_back({std::string(l.amount_received), money(payment.amount.minor_units), true});
  if (payment.refunded_minor != 0) {
    d.totals.push_back({std::string(l.refunded), money(-payment.refunded_minor), false});
  }
  d.totals.push_back({std::string(l.amount_due),
                      FormatMoney(invoice.AmountDue(), invoice.content.currency, locale), false});
  if (payment.notes) d.sections.emplace_back(l.notes, *payment.notes);
  d.page_of = l.page_of;
  d.author = organization.legal_name.value_or(organization.name);
  d.created = payment.created_at;
  return d;
}

std::string PdfFileName(std::string_view kind, std::string_view number) {
  std::string name(kind);
  name += '_';
  for (char c : number) {
    bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || c == '.';
    name += plain ? c : '_';
  }
  return name + ".pdf";
}

}  // namespace factura::api::documents
