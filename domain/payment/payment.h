#pragma once
// The Payment aggregate: money received against an invoice, and refunds of it.
//
// Recording a payment decides for three aggregates at once, returned as one list for one atomic
// append: PaymentRecorded (payment), PaymentApplied and maybe InvoicePaid (invoice), and for an
// overpayment CustomerCreditAdjusted (customer). A refund takes money back from the invoice
// first, reopening it, then from the customer's credit that the payment created.

#include <array>
#include <functional>
#include <string>
#include <string_view>

#include "domain/customer/customer_state.h"
#include "domain/error.h"
#include "domain/events.h"
#include "domain/invoice/invoice_state.h"
#include "domain/organization/organization_state.h"
#include "domain/payment/payment_commands.h"
#include "domain/payment/payment_state.h"

namespace factura::domain {

inline constexpr std::array<std::string_view, 11> kPaymentMethods = {
    "ach",        "bank_transfer", "card",   "cash",   "check", "credit_card",
    "debit_card", "other",         "paypal", "stripe", "wire"};

struct PaymentContext {
  Timestamp now;
  std::string new_payment_id;                           // RecordPayment, MarkInvoicePaid
  std::function<std::string(std::string_view)> new_id;  // refund ids
  // The invoice the payment is for and its customer, loaded by the processor.
  const InvoiceState* invoice = nullptr;
  const CustomerState* customer = nullptr;
  // The organization, whose payment sequence numbers a new payment; without it (tests of other
  // rules) the payment gets no number.
  const OrganizationState* organization = nullptr;
};

// Errors: `payment_exists`, `payment_not_found`, `invoice_not_found` (param `invoice_id`),
// `invoice_not_payable` (kFailedPrecondition), `currency_mismatch` (param `currency`),
// `invalid_amount`, `too_many_decimals`, `invalid_payment_method`, `invalid_date`,
// `refund_exceeds_payment`, `payment_fully_refunded`, `credit_already_used`.
[[nodiscard]] Result<Events> Decide(const PaymentState& state, const PaymentCommand& command,
                                    const PaymentContext& context);

PaymentState Evolve(PaymentState state, const Event& event);

}  // namespace factura::domain
