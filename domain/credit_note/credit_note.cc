#include "domain/credit_note/credit_note.h"

#include <cstdio>

#include "domain/aggregate.h"
#include "domain/decimal.h"
#include "domain/ids.h"
#include "domain/overloaded.h"
#include "domain/text.h"

namespace factura::domain {
namespace {

Result<const InvoiceState*> CreditableInvoice(std::string_view invoice_id,
                                              const CreditNoteContext& context) {
  FACTURA_TRY(ValidateId(invoice_id, kInvoicePrefix, "invoice_id"));
  const InvoiceState* invoice = context.invoice;
  if (invoice == nullptr || !invoice->exists || invoice->deleted || invoice->id != invoice_id) {
    return Reject(ErrorKind::kNotFound, "invoice_not_found", "invoice_id",
                  "No invoice '" + std::string(invoice_id) + "'");
  }
  bool creditable = invoice->IsPayable() || invoice->status == InvoiceStatus::kPaid;
  if (!creditable) {
    return Reject(ErrorKind::kFailedPrecondition, "invoice_not_creditable", "invoice_id",
                  "Credit notes are issued against sent, partially paid, overdue or paid "
                  "invoices; this one is " +
                      std::string(StatusName(invoice->status)));
  }
  return invoice;
}

Result<std::vector<CreditNoteLine>> ParseLines(const std::vector<CreditNoteLineInput>& inputs,
                                               Currency currency) {
  if (inputs.size() > kMaxCreditNoteLines) {
    return Invalid("too_many_lines", "lines", "A credit note has at most 500 lines");
  }
  std::vector<CreditNoteLine> lines;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const CreditNoteLineInput& input = inputs[i];
    std::string at = "lines[" + std::to_string(i) + "]";
    FACTURA_TRY(ValidateRequiredText(input.description, at + ".description", kMaxLongTextLength));
    Quantity quantity{PowerOfTen(kQuantityScale)};
    if (input.quantity) {
      auto parsed = ParseQuantity(*input.quantity);
      if (!parsed) return std::unexpected(WithParamPrefix(parsed.error(), at + ".quantity"));
      if (parsed->ten_thousandths <= 0) {
        return Invalid("invalid_quantity", at + ".quantity", "The quantity must be positive");
      }
      quantity = *parsed;
    }
    auto price = ParseAmount(input.unit_price, currency);
    if (!price) return std::unexpected(WithParamPrefix(price.error(), at + ".unit_price"));
    if (*price <= 0) {
      return Invalid("invalid_amount", at + ".unit_price", "The unit price must be positive");
    }
    auto amount = LineAmount(quantity, *price);
    if (!amount) return std::unexpected(WithParamPrefix(amount.error(), at));
    lines.push_back({input.description, quantity, *price, *amount});
  }
  return lines;
}

std::string CreditNoteNumber(const InvoiceState& invoice) {
  char suffix[24];
  std::snprintf(suffix, sizeof suffix, "-CN-%02d", invoice.credit_note_count + 1);
  return invoice.number + suffix;
}

Result<Events> Create(const CreditNoteState& state, const CreateCreditNote& c,
                      const CreditNoteContext& context) {
  if (state.exists) {
    return Reject(ErrorKind::kAlreadyExists, "credit_note_exists", "id", "The credit note exists");
  }
  auto found = CreditableInvoice(c.invoice_id, context);
  if (!found) return std::unexpected(found.error());
  const InvoiceState& invoice = **found;
  Currency currency = invoice.content.currency;

  auto lines = ParseLines(c.lines, currency);
  if (!lines) return std::unexpected(lines.error());
  std::vector<int64_t> line_amounts;
  for (const CreditNoteLine& line : *lines) line_amounts.push_back(line.amount_minor);
  auto lines_total = CheckedSum(line_amounts);
  if (!lines_total) return std::unexpected(WithParamPrefix(lines_total.error(), "lines"));
  int64_t amount = *lines_total;
  if (c.amount) {
    auto parsed = ParseAmount(*c.amount, currency);
    if (!parsed) return std::unexpected(WithParamPrefix(parsed.error(), "amount"));
    if (!lines->empty() && *parsed != *lines_total) {
      return Invalid("amount_mismatch", "amount",
                     "The lines add up to " + FormatAmount(*lines_total, currency));
    }
    amount = *parsed;
  } else if (lines->empty()) {
    return Invalid("amount_or_lines_required", "amount", "Give an amount or lines");
  }
  if (amount <= 0) return Invalid("invalid_amount", "amount", "The amount must be positive");
  int64_t creditable = invoice.totals.total - invoice.credit_notes_total_minor;
  if (amount > creditable) {
    return Invalid(
        "amount_exceeds_invoice", "amount",
        "At most " + FormatAmount(creditable, currency) + " of the invoice is left to credit");
  }
  if (c.reason) FACTURA_TRY(ValidateRequiredText(*c.reason, "reason", kMaxLongTextLength));

  int64_t due = std::max<int64_t>(0, invoice.AmountDue());
  int64_t applied = std::min(amount, due);
  int64_t credited = amount - applied;
  // The tax given back is the invoice's in proportion, so that tax reports net it out.
  int64_t tax = 0;
  if (invoice.totals.total > 0 && invoice.totals.tax_total != 0) {
    auto share = DivideRoundHalfUp(static_cast<__int128>(amount) * invoice.totals.tax_total,
                                   invoice.totals.total);
    if (!share) return std::unexpected(WithParamPrefix(share.error(), "amount"));
    tax = *share;
  }
  const std::string& id = context.new_credit_note_id;
  std::string customer_id = invoice.content.customer.customer_id;
  Events events{CreditNoteCreated{id, invoice.id, customer_id, CreditNoteNumber(invoice),
                                  Money{amount, currency}, applied, credited, tax,
                                  std::move(*lines), c.reason, context.now}};
  events.push_back(
      CreditNoteIssued{invoice.id, id, Money{applied, currency}, c.reason, context.now, amount});
  if (due > 0 && applied == due) {
    events.push_back(InvoicePaid{invoice.id, UtcDateOf(context.now), context.now});
  }
  if (credited > 0) {
    const CustomerState* customer = context.customer;
    if (customer == nullptr || customer->id != customer_id || !customer->exists) {
      return Reject(ErrorKind::kNotFound, "customer_not_found", "invoice_id",
                    "The invoice's customer is missing; the credit has nowhere to go");
    }
    auto balance = CheckedAdd(customer->CreditIn(currency.code()), credited);
    if (!balance) return std::unexpected(WithParamPrefix(balance.error(), "amount"));
    events.push_back(CustomerCreditAdjusted{customer_id, Money{credited, currency}, *balance,
                                            "credit_note", id, context.now});
  }
  return events;
}

}  // namespace

Result<Events> Decide(const CreditNoteState& state, const CreditNoteCommand& command,
                      const CreditNoteContext& context) {
  return std::visit(
      Overloaded{[&](const CreateCreditNote& c) { return Create(state, c, context); }}, command);
}

CreditNoteState Evolve(CreditNoteState current, const Event& event) {
  return FoldOwnEvent(std::move(current), event,
                      Overloaded{
                          [](CreditNoteState& state, const CreditNoteCreated& e) {
                            state.exists = true;
                            state.id = e.credit_note_id;
                            state.invoice_id = e.invoice_id;
                            state.customer_id = e.customer_id;
                            state.number = e.number;
                            state.amount = e.amount;
                            state.applied_minor = e.applied_minor;
                            state.credited_minor = e.credited_minor;
                            state.tax_minor = e.tax_minor;
                            state.lines = e.lines;
                            state.reason = e.reason;
                            state.created_at = e.at;
                          },
                      });
}

}  // namespace factura::domain
