#pragma once
// The Invoice aggregate: a draft priced from lines, numbered at creation, issued, paid, voided.
//
// State machine (DESIGN.md §2): draft → sent → partially_paid → paid; sent/partially_paid →
// overdue; sent/overdue → void (no payments); → uncollectible; paid → refunded after a full
// refund, a partial refund reopens it. Only drafts are edited or deleted.
//
// Pure: the context carries the time, new ids and the states of the aggregates a command
// references, loaded by the command processor.

#include <functional>
#include <string>
#include <string_view>

#include "domain/customer/customer_state.h"
#include "domain/error.h"
#include "domain/events.h"
#include "domain/invoice/invoice_commands.h"
#include "domain/invoice/invoice_state.h"
#include "domain/organization/organization.h"
#include "domain/product/product_state.h"
#include "domain/tax_rate/tax_rate_state.h"

namespace factura::domain {

inline constexpr size_t kMaxLineItems = 500;
inline constexpr size_t kMaxRecipients = 20;

struct InvoiceContext {
  Timestamp now;
  std::string actor;                                    // who asks: recorded as created_by
  std::string new_invoice_id;                           // CreateInvoice
  std::function<std::string(std::string_view)> new_id;  // line and credit-note ids, by prefix
  const OrganizationState* organization = nullptr;      // CreateInvoice (number, defaults)
  const InvoiceNumberRegistry* numbers = nullptr;       // CreateInvoice
  // The customer the command names (CreateInvoice, UpdateInvoice) or the invoice's (SendInvoice).
  const CustomerState* customer = nullptr;
  // Lookups of the organization's products and tax rates; nullptr when absent.
  std::function<const ProductState*(std::string_view)> find_product;
  std::function<const TaxRateState*(std::string_view)> find_tax_rate;
  // What the customer's issued invoices in `currency` still owe (SendInvoice, for the credit
  // limit); unset: not checked.
  std::function<int64_t(std::string_view currency)> customer_outstanding;
};

// Errors (kind): `invoice_exists` (kAlreadyExists), `invoice_not_found` (kNotFound),
// `customer_not_found`, `product_not_found`, `tax_rate_not_found` (kNotFound, with the field),
// `invoice_not_draft`, `invoice_not_issued`, `invoice_not_sendable`, `invoice_has_payments`,
// `invoice_not_voidable`, `invoice_not_payable`, `invoice_not_overdue` (kFailedPrecondition),
// `invoice_number_taken` (kAlreadyExists), and field errors (`invalid_quantity`,
// `too_many_decimals`, `invalid_date`, `due_date_before_issue_date`, `product_archived`, ...).
[[nodiscard]] Result<Events> Decide(const InvoiceState& state, const InvoiceCommand& command,
                                    const InvoiceContext& context);

// Folds one of the invoice's events; other aggregates' events leave the state as it is.
InvoiceState Evolve(InvoiceState state, const Event& event);

}  // namespace factura::domain
