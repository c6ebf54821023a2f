#pragma once
// Commands of the Invoice aggregate (seed 000 §4.1, seed 003 §7). Numbers arrive as text and
// are parsed by the decision with the invoice's currency, so every rejection names its field.
// Payments are recorded through the Payment aggregate (domain/payment).

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/date.h"
#include "domain/patch.h"

namespace factura::domain {

// A line from free text (description + unit_price) or from a product (product_id; the rest
// defaults to the product's). Tax: a tax rate's id, or an inline percentage, or neither (then
// the product's tax rate, else the invoice's default tax).
struct LineItemInput {
  std::optional<std::string> description;
  std::optional<std::string> product_id;
  std::optional<std::string> quantity;  // default "1"
  std::optional<std::string> unit_price;
  std::optional<std::string> unit;
  std::optional<std::string> tax_rate_id;     // seed 000: tax_profile_id
  std::optional<std::string> tax_percent;     // seed 001: tax_rate
  std::optional<std::string> type;            // service (default), product, fee, other
  std::optional<std::string> discount_type;   // percent or fixed, with discount_value
  std::optional<std::string> discount_value;  // percent ("10") or amount ("5.00")
  friend bool operator==(const LineItemInput&, const LineItemInput&) = default;
};

struct DiscountInput {
  std::string type;   // "percent" or "fixed"
  std::string value;  // percent ("10") or amount in the invoice's currency ("50.00")
  friend bool operator==(const DiscountInput&, const DiscountInput&) = default;
};

// The invoice-level tax of seed 003 §7.2, applied to lines without their own.
struct InvoiceTaxInput {
  std::optional<std::string> tax_rate_id;
  std::optional<std::string> rate;  // inline percentage
  std::optional<std::string> name;  // for an inline rate, e.g. "sales_tax"
  bool exempt = false;
  std::optional<std::string> exempt_reason;
  friend bool operator==(const InvoiceTaxInput&, const InvoiceTaxInput&) = default;
};

struct CreateInvoice {
  std::string customer_id;
  std::optional<std::string> number;      // custom; default: next of the sequence
  std::optional<std::string> currency;    // default: customer's, else organization's
  std::optional<std::string> issue_date;  // default: today (UTC)
  std::optional<std::string> due_date;    // default: issue date + payment terms
  std::vector<LineItemInput> line_items;
  std::optional<DiscountInput> discount;
  std::optional<InvoiceTaxInput> tax;
  std::optional<std::string> notes;
  std::optional<std::string> terms;
  std::optional<std::string> reference;
  std::optional<std::string> template_id;  // one of kInvoiceTemplates; default the first
  bool auto_send = false;                  // issue and send it at once, as SendInvoice{} would
};

// Drafts only. `line_items`, when present, replaces all lines.
struct UpdateInvoice {
  Patch<std::string> customer_id;
  Patch<std::string> currency;
  Patch<std::string> issue_date;
  Patch<std::string> due_date;
  Patch<std::vector<LineItemInput>> line_items;
  Patch<DiscountInput> discount;
  Patch<InvoiceTaxInput> tax;
  Patch<std::string> notes;
  Patch<std::string> terms;
  Patch<std::string> reference;
  Patch<std::string> template_id;  // null: back to the default template
};

struct DeleteInvoice {};

// Issues a draft (or re-sends an issued invoice) and records the recipients.
struct SendInvoice {
  std::vector<std::string> to;  // default: the customer's email
  std::vector<std::string> cc;
  std::vector<std::string> bcc;
  std::optional<std::string> subject;
  std::optional<std::string> message;
};

struct MarkInvoiceViewed {};

struct VoidInvoice {
  std::optional<std::string> reason;
};

struct MarkInvoiceUncollectible {
  std::optional<std::string> reason;
};

// From the scheduler: the due date passed with an amount due.
struct MarkInvoiceOverdue {
  Date as_of;
};

// Pays the invoice from its customer's credit balance in the invoice's currency.
struct ApplyCustomerCredit {
  std::optional<std::string> amount;  // default: as much as both the credit and the amount due
};

// The hosted page's link: a new one (every older one stops working), or none until then.
struct RegeneratePublicLink {};
struct RevokePublicLink {};

using InvoiceCommand =
    std::variant<CreateInvoice, UpdateInvoice, DeleteInvoice, SendInvoice, MarkInvoiceViewed,
                 VoidInvoice, MarkInvoiceUncollectible, MarkInvoiceOverdue, ApplyCustomerCredit,
                 RegeneratePublicLink, RevokePublicLink>;

}  // namespace factura::domain
