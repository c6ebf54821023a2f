#pragma once
// Events of the Invoice aggregate (stream: the invoice's id).
//
// InvoiceDrafted and InvoiceDraftUpdated carry the whole editable content, resolved: prices,
// tax rates and the customer's name and address as they were. InvoiceIssued records the customer
// again as of issue, so an issued invoice never changes because a customer moved.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/customer/customer_profile.h"
#include "domain/date.h"
#include "domain/invoice/line_item.h"
#include "domain/money.h"
#include "domain/patch.h"

namespace factura::domain {

struct CustomerSnapshot {
  std::string customer_id;
  std::string name;
  std::optional<std::string> company_name;
  std::optional<std::string> email;
  std::optional<Address> billing_address;
  std::optional<std::string> tax_number;
  friend bool operator==(const CustomerSnapshot&, const CustomerSnapshot&) = default;
};

// Everything a draft may edit.
struct InvoiceContent {
  CustomerSnapshot customer;
  Currency currency;
  Date issue_date;
  Date due_date;
  std::vector<LineItem> line_items;
  std::optional<AppliedTax> default_tax;  // for lines without a tax of their own
  bool tax_exempt = false;                // then no line carries tax
  std::optional<std::string> tax_exempt_reason;
  Discount discount;
  std::optional<std::string> notes;
  std::optional<std::string> terms;
  std::optional<std::string> reference;
  friend bool operator==(const InvoiceContent&, const InvoiceContent&) = default;
};

struct InvoiceDrafted {
  static constexpr std::string_view kType = "InvoiceDrafted";
  std::string invoice_id;
  std::string number;
  InvoiceContent content;
  Timestamp at;
  std::string created_by;  // who drafted it: the actor's id (schema 2; empty before)
  friend bool operator==(const InvoiceDrafted&, const InvoiceDrafted&) = default;
};

struct InvoiceDraftUpdated {
  static constexpr std::string_view kType = "InvoiceDraftUpdated";
  std::string invoice_id;
  InvoiceContent content;  // the whole new content
  Timestamp at;
  friend bool operator==(const InvoiceDraftUpdated&, const InvoiceDraftUpdated&) = default;
};

// Its number stays accounted for: an auditor can explain every number by this event.
struct InvoiceDeleted {
  static constexpr std::string_view kType = "InvoiceDeleted";
  std::string invoice_id;
  std::string number;
  Timestamp at;
  friend bool operator==(const InvoiceDeleted&, const InvoiceDeleted&) = default;
};

// The draft became a legal document: its content is frozen from here on.
struct InvoiceIssued {
  static constexpr std::string_view kType = "InvoiceIssued";
  std::string invoice_id;
  std::string number;
  CustomerSnapshot customer;  // as of issue
  int64_t total_minor = 0;
  Timestamp at;
  friend bool operator==(const InvoiceIssued&, const InvoiceIssued&) = default;
};

struct InvoiceSent {
  static constexpr std::string_view kType = "InvoiceSent";
  std::string invoice_id;
  std::vector<std::string> to;
  std::vector<std::string> cc;
  std::vector<std::string> bcc;
  std::optional<std::string> subject;
  std::optional<std::string> message;
  Timestamp at;
  friend bool operator==(const InvoiceSent&, const InvoiceSent&) = default;
};

// The document template the invoice is rendered with (seed 000 `template_id`); without one, an
// invoice uses kDefaultInvoiceTemplate.
struct InvoiceTemplateChosen {
  static constexpr std::string_view kType = "InvoiceTemplateChosen";
  std::string invoice_id;
  std::string template_id;
  Timestamp at;
  friend bool operator==(const InvoiceTemplateChosen&, const InvoiceTemplateChosen&) = default;
};

// The customer's credit balance paying (part of) the invoice: POST /v1/invoices/{id}/apply-credit.
// Appended with CustomerCreditAdjusted (negative) on the customer's stream, and InvoicePaid when
// it settles the invoice.
struct CustomerCreditApplied {
  static constexpr std::string_view kType = "CustomerCreditApplied";
  std::string invoice_id;
  std::string customer_id;
  Money amount;
  Timestamp at;
  friend bool operator==(const CustomerCreditApplied&, const CustomerCreditApplied&) = default;
};

// An issued invoice's non-financial fields amended (PATCH on an issued invoice): only those the
// request changed are set. Amounts of an issued invoice change only through credit notes.
struct InvoiceAmended {
  static constexpr std::string_view kType = "InvoiceAmended";
  std::string invoice_id;
  std::optional<Date> due_date;
  Patch<std::string> notes;
  Patch<std::string> terms;
  Patch<std::string> reference;
  Timestamp at;
  friend bool operator==(const InvoiceAmended&, const InvoiceAmended&) = default;
};

struct InvoiceViewed {
  static constexpr std::string_view kType = "InvoiceViewed";
  std::string invoice_id;
  Timestamp at;
  friend bool operator==(const InvoiceViewed&, const InvoiceViewed&) = default;
};

// The hosted page's link (api/documents/public_links.h) changed: a new generation makes every
// older link stop working; `active` false revokes the link until it is regenerated.
struct InvoicePublicLinkChanged {
  static constexpr std::string_view kType = "InvoicePublicLinkChanged";
  std::string invoice_id;
  uint32_t generation = 0;
  bool active = true;
  Timestamp at;
  friend bool operator==(const InvoicePublicLinkChanged&,
                         const InvoicePublicLinkChanged&) = default;
};

struct PaymentApplied {
  static constexpr std::string_view kType = "PaymentApplied";
  std::string invoice_id;
  std::string payment_id;
  Money amount;  // the part of the payment that went to this invoice
  Date payment_date;
  Timestamp at;
  friend bool operator==(const PaymentApplied&, const PaymentApplied&) = default;
};

struct InvoicePaid {
  static constexpr std::string_view kType = "InvoicePaid";
  std::string invoice_id;
  Date paid_on;  // the date of the payment that settled it
  Timestamp at;
  friend bool operator==(const InvoicePaid&, const InvoicePaid&) = default;
};

struct RefundApplied {
  static constexpr std::string_view kType = "RefundApplied";
  std::string invoice_id;
  std::string payment_id;
  std::string refund_id;
  Money amount;  // the part of the refund taken back from this invoice
  Timestamp at;
  friend bool operator==(const RefundApplied&, const RefundApplied&) = default;
};

struct InvoiceOverdue {
  static constexpr std::string_view kType = "InvoiceOverdue";
  std::string invoice_id;
  Date as_of;
  Timestamp at;
  friend bool operator==(const InvoiceOverdue&, const InvoiceOverdue&) = default;
};

struct InvoiceVoided {
  static constexpr std::string_view kType = "InvoiceVoided";
  std::string invoice_id;
  std::optional<std::string> reason;
  Timestamp at;
  friend bool operator==(const InvoiceVoided&, const InvoiceVoided&) = default;
};

struct InvoiceMarkedUncollectible {
  static constexpr std::string_view kType = "InvoiceMarkedUncollectible";
  std::string invoice_id;
  std::optional<std::string> reason;
  Timestamp at;
  friend bool operator==(const InvoiceMarkedUncollectible&,
                         const InvoiceMarkedUncollectible&) = default;
};

// A credit note against the invoice (the CreditNote aggregate decides it): `amount` is what it
// took off the amount due, `total_minor` the whole credit note (the rest went to the customer's
// credit). Schema 2 appended `total_minor`; version 1 reads back with total = amount.
struct CreditNoteIssued {
  static constexpr std::string_view kType = "CreditNoteIssued";
  std::string invoice_id;
  std::string credit_note_id;
  Money amount;
  std::optional<std::string> reason;
  Timestamp at;
  int64_t total_minor = 0;
  friend bool operator==(const CreditNoteIssued&, const CreditNoteIssued&) = default;
};

}  // namespace factura::domain
