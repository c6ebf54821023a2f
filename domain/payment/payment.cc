#include "domain/payment/payment.h"

#include <algorithm>

#include "domain/aggregate.h"
#include "domain/ids.h"
#include "domain/organization/organization.h"
#include "domain/overloaded.h"
#include "domain/text.h"

namespace factura::domain {
namespace {

std::unexpected<Error> NotFound() {
  return Reject(ErrorKind::kNotFound, "payment_not_found", "id", "No such payment");
}

Result<Date> DateOrToday(const std::optional<std::string>& text, std::string_view param,
                         Timestamp now) {
  if (!text) return UtcDateOf(now);
  auto date = ParseDate(*text);
  if (!date) return std::unexpected(WithParamPrefix(date.error(), param));
  return *date;
}

Result<const InvoiceState*> PayableInvoice(std::string_view invoice_id,
                                           const PaymentContext& context) {
  FACTURA_TRY(ValidateId(invoice_id, kInvoicePrefix, "invoice_id"));
  const InvoiceState* invoice = context.invoice;
  if (invoice == nullptr || !invoice->exists || invoice->deleted || invoice->id != invoice_id) {
    return Reject(ErrorKind::kNotFound, "invoice_not_found", "invoice_id",
                  "No invoice '" + std::string(invoice_id) + "'");
  }
  if (!invoice->IsPayable()) {
    return Reject(ErrorKind::kFailedPrecondition, "invoice_not_payable", "invoice_id",
                  "Payments are recorded against sent, partially paid or overdue invoices; this "
                  "one is " +
                      std::string(StatusName(invoice->status)));
  }
  return invoice;
}

Result<Events> Record(const PaymentState& state, const RecordPayment& c,
                      const PaymentContext& context) {
  if (state.exists) {
    return Reject(ErrorKind::kAlreadyExists, "payment_exists", "id", "The payment exists");
  }
  auto invoice = PayableInvoice(c.invoice_id, context);
  if (!invoice) return std::unexpected(invoice.error());
  Currency currency = (*invoice)->content.currency;
  if (c.currency && *c.currency != currency.code()) {
    if (auto known = FindCurrency(*c.currency); !known) return std::unexpected(known.error());
    return Invalid("currency_mismatch", "currency",
                   "The invoice is in " + std::string(currency.code()));
  }
  auto amount = ParseAmount(c.amount, currency);
  if (!amount) return std::unexpected(WithParamPrefix(amount.error(), "amount"));
  if (*amount <= 0) return Invalid("invalid_amount", "amount", "The amount must be positive");
  if (std::find(kPaymentMethods.begin(), kPaymentMethods.end(), c.payment_method) ==
      kPaymentMethods.end()) {
    return Invalid("invalid_payment_method", "payment_method",
                   "'" + c.payment_method.substr(0, 40) + "' is not a known payment method");
  }
  auto date = DateOrToday(c.payment_date, "payment_date", context.now);
  if (!date) return std::unexpected(date.error());
  for (const auto& [text, param] :
       {std::pair{&c.transaction_id, "transaction_id"}, std::pair{&c.reference, "reference"}}) {
    if (*text) FACTURA_TRY(ValidateRequiredText(**text, param, kMaxNameLength));
  }
  if (c.notes) FACTURA_TRY(ValidateOptionalText(*c.notes, "notes", kMaxLongTextLength));

  const InvoiceState& inv = **invoice;
  std::string customer_id = inv.content.customer.customer_id;
  int64_t due = inv.AmountDue();
  int64_t applied = std::min(*amount, due);
  int64_t credited = *amount - applied;
  Events events;
  std::string number;
  if (const OrganizationState* organization = context.organization) {
    PaymentNumberReserved reserved =
        ReservePaymentNumber(*organization, context.new_payment_id, *date, context.now);
    number = reserved.number;
    events.push_back(std::move(reserved));
  }
  events.push_back(PaymentRecorded{context.new_payment_id, inv.id, customer_id,
                                   Money{*amount, currency}, applied, credited, c.payment_method,
                                   *date, c.transaction_id, c.reference, c.notes, context.now,
                                   std::move(number), inv.number, inv.content.customer.name});
  events.push_back(
      PaymentApplied{inv.id, context.new_payment_id, Money{applied, currency}, *date, context.now});
  if (applied == due) events.push_back(InvoicePaid{inv.id, *date, context.now});
  if (credited > 0) {
    const CustomerState* customer = context.customer;
    if (customer == nullptr || customer->id != customer_id || !customer->exists) {
      return Reject(ErrorKind::kNotFound, "customer_not_found", "invoice_id",
                    "The invoice's customer is missing; the overpayment has nowhere to go");
    }
    auto balance = CheckedAdd(customer->CreditIn(currency.code()), credited);
    if (!balance) return std::unexpected(WithParamPrefix(balance.error(), "amount"));
    events.push_back(CustomerCreditAdjusted{customer_id, Money{credited, currency}, *balance,
                                            "overpayment", context.new_payment_id, context.now});
  }
  return events;
}

Result<Events> MarkPaid(const PaymentState& state, const MarkInvoicePaid& c,
                        const PaymentContext& context) {
  auto invoice = PayableInvoice(c.invoice_id, context);
  if (!invoice) return std::unexpected(invoice.error());
  RecordPayment payment{
      .invoice_id = c.invoice_id,
      .amount = FormatAmount((*invoice)->AmountDue(), (*invoice)->content.currency),
      .payment_method = c.payment_method,
      .payment_date = c.payment_date,
      .reference = c.reference};
  return Record(state, payment, context);
}

Result<Events> Refund(const PaymentState& state, const RefundPayment& c,
                      const PaymentContext& context) {
  if (!state.exists) return NotFound();
  if (state.Refundable() == 0) {
    return Reject(ErrorKind::kFailedPrecondition, "payment_fully_refunded", "id",
                  "The payment has been refunded in full");
  }
  Currency currency = state.amount.currency;
  // To credit, only what the invoice received can go back: the rest already is credit.
  int64_t on_invoice = state.applied_minor - state.refunded_from_invoice_minor;
  int64_t most = c.apply_as_credit ? on_invoice : state.Refundable();
  if (most == 0) {
    return Reject(ErrorKind::kFailedPrecondition, "nothing_to_credit", "apply_as_credit",
                  "What is left of this payment is customer credit already");
  }
  int64_t amount = most;
  if (c.amount) {
    auto parsed = ParseAmount(*c.amount, currency);
    if (!parsed) return std::unexpected(WithParamPrefix(parsed.error(), "amount"));
    if (*parsed <= 0) return Invalid("invalid_amount", "amount", "The amount must be positive");
    if (*parsed > most) {
      return Invalid("refund_exceeds_payment", "amount",
                     "At most " + FormatAmount(most, currency) + " can be refunded" +
                         (c.apply_as_credit ? " as credit" : ""));
    }
    amount = *parsed;
  }
  if (c.reason) FACTURA_TRY(ValidateRequiredText(*c.reason, "reason", kMaxLongTextLength));
  auto date = DateOrToday(c.refund_date, "refund_date", context.now);
  if (!date) return std::unexpected(date.error());

  int64_t from_invoice = std::min(amount, on_invoice);
  int64_t from_credit = amount - from_invoice;
  std::string refund_id = context.new_id(kRefundPrefix);
  Events events{PaymentRefunded{state.id, refund_id, Money{amount, currency}, from_invoice,
                                from_credit, c.reason, *date, context.now, c.apply_as_credit}};
  if (from_invoice > 0) {
    const InvoiceState* invoice = context.invoice;
    if (invoice == nullptr || invoice->id != state.invoice_id) {
      return Reject(ErrorKind::kNotFound, "invoice_not_found", "invoice_id",
                    "The payment's invoice is missing");
    }
    events.push_back(RefundApplied{state.invoice_id, state.id, refund_id,
                                   Money{from_invoice, currency}, context.now});
  }
  const CustomerState* customer = context.customer;
  int64_t credit = customer != nullptr && customer->id == state.customer_id
                       ? customer->CreditIn(currency.code())
                       : 0;
  if (c.apply_as_credit) {
    if (customer == nullptr || customer->id != state.customer_id || !customer->exists) {
      return Reject(ErrorKind::kNotFound, "customer_not_found", "id",
                    "The payment's customer is missing; the credit has nowhere to go");
    }
    auto balance = CheckedAdd(credit, amount);
    if (!balance) return std::unexpected(WithParamPrefix(balance.error(), "amount"));
    events.push_back(CustomerCreditAdjusted{state.customer_id, Money{amount, currency}, *balance,
                                            "refund_to_credit", state.id, context.now});
  } else if (from_credit > 0) {
    if (credit < from_credit) {
      return Reject(ErrorKind::kFailedPrecondition, "credit_already_used", "amount",
                    "Part of this payment became customer credit that has since been used");
    }
    events.push_back(CustomerCreditAdjusted{state.customer_id, Money{-from_credit, currency},
                                            credit - from_credit, "refund", state.id, context.now});
  }
  return events;
}

}  // namespace

Result<Events> Decide(const PaymentState& state, const PaymentCommand& command,
                      const PaymentContext& context) {
  return std::visit(Overloaded{
                        [&](const RecordPayment& c) { return Record(state, c, context); },
                        [&](const MarkInvoicePaid& c) { return MarkPaid(state, c, context); },
                        [&](const RefundPayment& c) { return Refund(state, c, context); },
                    },
                    command);
}

PaymentState Evolve(PaymentState current, const Event& event) {
  return FoldOwnEvent(std::move(current), event,
                      Overloaded{
                          [](PaymentState& state, const PaymentRecorded& e) {
                            state.exists = true;
                            state.id = e.payment_id;
                            state.number = e.number;
                            state.invoice_number = e.invoice_number;
                            state.customer_name = e.customer_name;
                            state.invoice_id = e.invoice_id;
                            state.customer_id = e.customer_id;
                            state.amount = e.amount;
                            state.applied_minor = e.applied_minor;
                            state.credited_minor = e.credited_minor;
                            state.payment_method = e.payment_method;
                            state.payment_date = e.payment_date;
                            state.transaction_id = e.transaction_id;
                            state.reference = e.reference;
                            state.notes = e.notes;
                            state.created_at = e.at;
                          },
                          [](PaymentState& state, const PaymentRefunded& e) {
                            state.refunded_minor += e.amount.minor_units;
                            state.refunded_from_invoice_minor += e.from_invoice_minor;
                            state.refunds.push_back({e.refund_id, e.amount.minor_units, e.reason,
                                                     e.refund_date, e.at, e.to_credit});
                          },
                      });
}

}  // namespace factura::domain
