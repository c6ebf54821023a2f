#include "domain/invoice/invoice.h"

#include <cassert>

#include "domain/aggregate.h"
#include "domain/ids.h"
#include "domain/invoice/invoice_content.h"
#include "domain/overloaded.h"
#include "domain/text.h"

namespace factura::domain {
namespace {

using namespace invoice_content;

std::unexpected<Error> NotFound() {
  return Reject(ErrorKind::kNotFound, "invoice_not_found", "id", "No such invoice");
}

std::unexpected<Error> Precondition(std::string code, std::string message) {
  return Reject(ErrorKind::kFailedPrecondition, std::move(code), "", std::move(message));
}

// A template id of kInvoiceTemplates. Errors: kInvalidArgument `invalid_template`.
Result<void> ValidateTemplate(std::string_view id) {
  for (std::string_view known : kInvoiceTemplates) {
    if (id == known) return {};
  }
  return Invalid("invalid_template", "template_id",
                 "Unknown template; use tmpl_classic, tmpl_modern or tmpl_compact");
}

Result<Date> ParseDateField(const std::string& text, std::string_view param) {
  auto date = ParseDate(text);
  if (!date) return std::unexpected(WithParamPrefix(date.error(), param));
  return *date;
}

Result<Currency> InvoiceCurrency(const std::optional<std::string>& requested,
                                 const CustomerState& customer,
                                 const OrganizationState& organization) {
  if (requested) return FindCurrency(*requested);
  if (customer.profile.currency) return *customer.profile.currency;
  return organization.default_currency;
}

Result<Events> Send(const InvoiceState& state, const SendInvoice& c, const InvoiceContext& context);

Result<Events> Create(const InvoiceState& state, const CreateInvoice& c,
                      const InvoiceContext& context) {
  if (state.exists) {
    return Reject(ErrorKind::kAlreadyExists, "invoice_exists", "id", "The invoice exists");
  }
  assert(context.organization != nullptr && context.numbers != nullptr);
  const OrganizationState& organization = *context.organization;
  auto customer = FindCustomer(c.customer_id, context);
  if (!customer) return std::unexpected(customer.error());

  InvoiceContent content;
  content.customer = SnapshotOf(**customer);
  auto currency = InvoiceCurrency(c.currency, **customer, organization);
  if (!currency) return std::unexpected(currency.error());
  content.currency = *currency;

  content.issue_date = UtcDateOf(context.now);
  if (c.issue_date) {
    auto date = ParseDateField(*c.issue_date, "issue_date");
    if (!date) return std::unexpected(date.error());
    content.issue_date = *date;
  }
  int32_t terms = (*customer)->profile.payment_terms_days.value_or(organization.payment_terms_days);
  content.due_date = AddDays(content.issue_date, terms);
  if (c.due_date) {
    auto date = ParseDateField(*c.due_date, "due_date");
    if (!date) return std::unexpected(date.error());
    content.due_date = *date;
  }

  auto lines = ResolveLines(c.line_items, content.currency, context);
  if (!lines) return std::unexpected(lines.error());
  content.line_items = std::move(*lines);
  if (c.tax) FACTURA_TRY(ResolveInvoiceTax(*c.tax, context, content));
  if (c.discount) {
    auto discount = ResolveDiscount(*c.discount, content.currency);
    if (!discount) return std::unexpected(discount.error());
    content.discount = *discount;
  }
  content.notes = c.notes;
  content.terms = c.terms;
  content.reference = c.reference;
  auto totals = Finalize(content);
  if (!totals) return std::unexpected(totals.error());

  if (c.template_id) FACTURA_TRY(ValidateTemplate(*c.template_id));

  auto number = ReserveInvoiceNumber(organization, c.number, content.issue_date, *context.numbers,
                                     context.new_invoice_id, context.now);
  if (!number) return std::unexpected(number.error());
  std::string assigned = number->number;
  Events events{std::move(*number), InvoiceDrafted{context.new_invoice_id, std::move(assigned),
                                                   std::move(content), context.now, context.actor}};
  if (c.template_id) {
    events.push_back(InvoiceTemplateChosen{context.new_invoice_id, *c.template_id, context.now});
  }
  if (c.auto_send) {
    // Issued and sent in the same decision, as a SendInvoice right after would.
    InvoiceState drafted = state;
    for (const Event& event : events) drafted = Evolve(std::move(drafted), event);
    auto sent = Send(drafted, SendInvoice{}, context);
    if (!sent) return std::unexpected(sent.error());
    events.insert(events.end(), sent->begin(), sent->end());
  }
  return events;
}

// An issued invoice is a document given to the customer: what it charges changes only through
// credit notes, but its due date, notes, terms and reference may be amended (and the template
// it is rendered with chosen again), each amendment an event of its own.
Result<Events> Amend(const InvoiceState& state, const UpdateInvoice& c,
                     const InvoiceContext& context) {
  if (state.status == InvoiceStatus::kVoid) {
    return Precondition("invoice_void", "A void invoice cannot be amended");
  }
  auto financial = {std::pair{!c.customer_id.omitted(), "customer_id"},
                    std::pair{!c.currency.omitted(), "currency"},
                    std::pair{!c.issue_date.omitted(), "issue_date"},
                    std::pair{!c.line_items.omitted(), "line_items"},
                    std::pair{!c.discount.omitted(), "discount"},
                    std::pair{!c.tax.omitted(), "tax"}};
  for (const auto& [given, param] : financial) {
    if (given) {
      return Reject(ErrorKind::kFailedPrecondition, "invoice_not_draft", param,
                    "An issued invoice's " + std::string(param) +
                        " cannot change: issue a credit note, or void it and issue another. "
                        "due_date, notes, terms and reference can be amended");
    }
  }
  if (c.due_date.clears()) {
    return Invalid("field_not_nullable", "due_date", "This field cannot be cleared");
  }
  InvoiceContent content = state.content;
  InvoiceAmended amended{.invoice_id = state.id, .at = context.now};
  if (c.due_date.sets()) {
    auto date = ParseDateField(c.due_date.value(), "due_date");
    if (!date) return std::unexpected(date.error());
    if (*date != content.due_date) amended.due_date = *date;
    content.due_date = *date;
  }
  c.notes.ApplyTo(content.notes);
  c.terms.ApplyTo(content.terms);
  c.reference.ApplyTo(content.reference);
  FACTURA_TRY(ValidateDocumentFields(content));
  // Only what changes is recorded.
  auto changed = [](const Patch<std::string>& patch, const std::optional<std::string>& now) {
    if (patch.sets()) return now != patch.value() ? patch : Patch<std::string>{};
    if (patch.clears()) return now.has_value() ? patch : Patch<std::string>{};
    return Patch<std::string>{};
  };
  amended.notes = changed(c.notes, state.content.notes);
  amended.terms = changed(c.terms, state.content.terms);
  amended.reference = changed(c.reference, state.content.reference);
  if (c.template_id.sets()) FACTURA_TRY(ValidateTemplate(c.template_id.value()));
  Events events;
  if (amended.due_date || !amended.notes.omitted() || !amended.terms.omitted() ||
      !amended.reference.omitted()) {
    events.push_back(std::move(amended));
  }
  if (!c.template_id.omitted()) {
    std::string chosen(c.template_id.sets() ? c.template_id.value() : kDefaultInvoiceTemplate);
    if (chosen != state.template_id) {
      events.push_back(InvoiceTemplateChosen{state.id, std::move(chosen), context.now});
    }
  }
  return events;
}

Result<Events> Update(const InvoiceState& state, const UpdateInvoice& c,
                      const InvoiceContext& context) {
  if (!state.exists || state.deleted) return NotFound();
  if (state.status != InvoiceStatus::kDraft) return Amend(state, c, context);
  auto required = {
      std::pair{c.customer_id.clears(), "customer_id"}, std::pair{c.currency.clears(), "currency"},
      std::pair{c.issue_date.clears(), "issue_date"}, std::pair{c.due_date.clears(), "due_date"},
      std::pair{c.line_items.clears(), "line_items"}};
  for (const auto& [cleared, param] : required) {
    if (cleared) return Invalid("field_not_nullable", param, "This field cannot be cleared");
  }
  InvoiceContent content = state.content;
  if (c.customer_id.sets()) {
    auto customer = FindCustomer(c.customer_id.value(), context);
    if (!customer) return std::unexpected(customer.error());
    content.customer = SnapshotOf(**customer);
  }
  if (c.currency.sets()) {
    auto currency = FindCurrency(c.currency.value());
    if (!currency) return std::unexpected(currency.error());
    if (*currency != content.currency && !c.line_items.sets()) {
      return Invalid("line_items_required", "line_items",
                     "Changing the currency needs the lines priced in the new currency");
    }
    content.currency = *currency;
  }
  if (c.issue_date.sets()) {
    auto date = ParseDateField(c.issue_date.value(), "issue_date");
    if (!date) return std::unexpected(date.error());
    content.issue_date = *date;
  }
  if (c.due_date.sets()) {
    auto date = ParseDateField(c.due_date.value(), "due_date");
    if (!date) return std::unexpected(date.error());
    content.due_date = *date;
  }
  if (c.line_items.sets()) {
    auto lines = ResolveLines(c.line_items.value(), content.currency, context);
    if (!lines) return std::unexpected(lines.error());
    content.line_items = std::move(*lines);
  }
  if (c.tax.clears()) FACTURA_TRY(ResolveInvoiceTax(InvoiceTaxInput{}, context, content));
  if (c.tax.sets()) FACTURA_TRY(ResolveInvoiceTax(c.tax.value(), context, content));
  if (c.discount.clears()) content.discount = Discount{};
  if (c.discount.sets()) {
    auto discount = ResolveDiscount(c.discount.value(), content.currency);
    if (!discount) return std::unexpected(discount.error());
    content.discount = *discount;
  }
  c.notes.ApplyTo(content.notes);
  c.terms.ApplyTo(content.terms);
  c.reference.ApplyTo(content.reference);
  auto totals = Finalize(content);
  if (!totals) return std::unexpected(totals.error());
  if (c.template_id.sets()) FACTURA_TRY(ValidateTemplate(c.template_id.value()));
  Events events{InvoiceDraftUpdated{state.id, std::move(content), context.now}};
  if (!c.template_id.omitted()) {
    std::string chosen(c.template_id.sets() ? c.template_id.value() : kDefaultInvoiceTemplate);
    if (chosen != state.template_id) {
      events.push_back(InvoiceTemplateChosen{state.id, std::move(chosen), context.now});
    }
  }
  return events;
}

Result<Events> Delete(const InvoiceState& state, const InvoiceContext& context) {
  if (!state.exists || state.deleted) return NotFound();
  if (state.status != InvoiceStatus::kDraft) {
    return Precondition("invoice_not_draft", "Only drafts can be deleted; void an issued invoice");
  }
  return Events{InvoiceDeleted{state.id, state.number, context.now}};
}

Result<void> ValidateRecipients(const std::vector<std::string>& emails, std::string_view param) {
  if (emails.size() > kMaxRecipients) {
    return Invalid("too_many_recipients", std::string(param),
                   "At most " + std::to_string(kMaxRecipients) + " recipients");
  }
  for (size_t i = 0; i < emails.size(); ++i) {
    FACTURA_TRY(ValidateEmail(emails[i], std::string(param) + "[" + std::to_string(i) + "]"));
  }
  return {};
}

// Issuing must not take what the customer owes past its credit limit (invoices in the limit's
// currency; others are not compared with it).
Result<void> CheckCreditLimit(const InvoiceState& state, const CustomerState& customer,
                              const InvoiceContext& context) {
  const CustomerProfile& profile = customer.profile;
  if (!profile.credit_limit_minor || profile.currency != state.content.currency ||
      !context.customer_outstanding) {
    return {};
  }
  int64_t owed = context.customer_outstanding(state.content.currency.code());
  auto after = CheckedAdd(owed, state.totals.total);
  if (!after || *after > *profile.credit_limit_minor) {
    Currency currency = state.content.currency;
    return Reject(ErrorKind::kFailedPrecondition, "credit_limit_exceeded", "customer_id",
                  "Issuing it would take what the customer owes to " +
                      FormatAmount(after.value_or(INT64_MAX), currency) + " " +
                      std::string(currency.code()) + ", past its credit limit of " +
                      FormatAmount(*profile.credit_limit_minor, currency));
  }
  return {};
}

Result<Events> Send(const InvoiceState& state, const SendInvoice& c,
                    const InvoiceContext& context) {
  if (!state.exists || state.deleted) return NotFound();
  bool resend = state.status == InvoiceStatus::kSent ||
                state.status == InvoiceStatus::kPartiallyPaid ||
                state.status == InvoiceStatus::kOverdue;
  if (state.status != InvoiceStatus::kDraft && !resend) {
    return Precondition("invoice_not_sendable",
                        "A " + std::string(StatusName(state.status)) + " invoice cannot be sent");
  }
  FACTURA_TRY(ValidateRecipients(c.to, "to"));
  FACTURA_TRY(ValidateRecipients(c.cc, "cc"));
  FACTURA_TRY(ValidateRecipients(c.bcc, "bcc"));
  if (c.subject) FACTURA_TRY(ValidateRequiredText(*c.subject, "subject", kMaxNameLength));
  if (c.message) FACTURA_TRY(ValidateOptionalText(*c.message, "message", kMaxLongTextLength));
  const CustomerState* customer = context.customer;
  bool customer_known = customer != nullptr && customer->active() &&
                        customer->id == state.content.customer.customer_id;
  InvoiceSent sent{state.id, c.to, c.cc, c.bcc, c.subject, c.message, context.now};
  if (sent.to.empty()) {
    std::optional<std::string> email =
        customer_known ? customer->profile.email : state.content.customer.email;
    if (!email) {
      return Invalid("missing_field", "to", "The customer has no email address; name recipients");
    }
    sent.to.push_back(*email);
  }
  if (!resend && customer_known) FACTURA_TRY(CheckCreditLimit(state, *customer, context));
  Events events;
  if (!resend) {
    CustomerSnapshot as_of_issue = customer_known ? SnapshotOf(*customer) : state.content.customer;
    events.push_back(InvoiceIssued{state.id, state.number, std::move(as_of_issue),
                                   state.totals.total, context.now});
  }
  events.push_back(std::move(sent));
  if (!resend && state.totals.total == 0) {
    events.push_back(InvoicePaid{state.id, UtcDateOf(context.now), context.now});
  }
  return events;
}

Result<Events> ChangePublicLink(const InvoiceState& state, bool regenerate,
                                const InvoiceContext& context) {
  if (!state.exists || state.deleted) return NotFound();
  if (!state.issued) {
    return Precondition("invoice_not_issued", "A draft has no public link until it is sent");
  }
  if (!regenerate && !state.public_link_active) return Events{};  // revoked already
  uint32_t generation = state.public_link_generation + (regenerate ? 1 : 0);
  return Events{InvoicePublicLinkChanged{state.id, generation, regenerate, context.now}};
}

Result<Events> MarkViewed(const InvoiceState& state, const InvoiceContext& context) {
  if (!state.exists || state.deleted) return NotFound();
  if (!state.issued) return Precondition("invoice_not_issued", "A draft cannot be viewed");
  if (state.viewed_at) return Events{};  // the first view is the fact worth recording
  return Events{InvoiceViewed{state.id, context.now}};
}

Result<Events> Void(const InvoiceState& state, const VoidInvoice& c,
                    const InvoiceContext& context) {
  if (!state.exists || state.deleted) return NotFound();
  if (c.reason) FACTURA_TRY(ValidateRequiredText(*c.reason, "reason", kMaxLongTextLength));
  if (state.status == InvoiceStatus::kDraft) {
    return Precondition("invoice_not_issued", "Drafts are deleted, not voided");
  }
  if (state.NetPaid() > 0 || state.status == InvoiceStatus::kPartiallyPaid ||
      (state.status == InvoiceStatus::kPaid && state.totals.total > 0)) {
    return Precondition("invoice_has_payments",
                        "An invoice with payments cannot be voided; refund them first");
  }
  if (state.status != InvoiceStatus::kSent && state.status != InvoiceStatus::kOverdue &&
      state.status != InvoiceStatus::kRefunded) {
    return Precondition("invoice_not_voidable",
                        "A " + std::string(StatusName(state.status)) + " invoice cannot be voided");
  }
  return Events{InvoiceVoided{state.id, c.reason, context.now}};
}

Result<Events> MarkUncollectible(const InvoiceState& state, const MarkInvoiceUncollectible& c,
                                 const InvoiceContext& context) {
  if (!state.exists || state.deleted) return NotFound();
  if (c.reason) FACTURA_TRY(ValidateRequiredText(*c.reason, "reason", kMaxLongTextLength));
  if (!state.IsPayable()) {
    return Precondition("invoice_not_payable", "Only an open issued invoice can be uncollectible");
  }
  return Events{InvoiceMarkedUncollectible{state.id, c.reason, context.now}};
}

Result<Events> MarkOverdue(const InvoiceState& state, const MarkInvoiceOverdue& c,
                           const InvoiceContext& context) {
  if (!state.exists || state.deleted) return NotFound();
  bool open = state.status == InvoiceStatus::kSent || state.status == InvoiceStatus::kPartiallyPaid;
  if (!open || !(state.content.due_date < c.as_of) || state.AmountDue() <= 0) {
    return Precondition("invoice_not_overdue", "The invoice is not past due with an amount due");
  }
  return Events{InvoiceOverdue{state.id, c.as_of, context.now}};
}

Result<Events> ApplyCredit(const InvoiceState& state, const ApplyCustomerCredit& c,
                           const InvoiceContext& context) {
  if (!state.exists || state.deleted) return NotFound();
  if (!state.IsPayable()) {
    return Precondition("invoice_not_payable",
                        "Credit pays sent, partially paid or overdue invoices; this one is " +
                            std::string(StatusName(state.status)));
  }
  Currency currency = state.content.currency;
  const std::string& customer_id = state.content.customer.customer_id;
  const CustomerState* customer = context.customer;
  int64_t available = customer != nullptr && customer->exists && customer->id == customer_id
                          ? customer->CreditIn(currency.code())
                          : 0;
  if (available <= 0) {
    return Precondition("no_customer_credit",
                        "The customer has no credit in " + std::string(currency.code()));
  }
  int64_t due = state.AmountDue();
  int64_t amount = std::min(available, due);
  if (c.amount) {
    auto parsed = ParseAmount(*c.amount, currency);
    if (!parsed) return std::unexpected(WithParamPrefix(parsed.error(), "amount"));
    if (*parsed <= 0) return Invalid("invalid_amount", "amount", "The amount must be positive");
    if (*parsed > due) {
      return Invalid("amount_exceeds_amount_due", "amount",
                     "The amount due is " + FormatAmount(due, currency));
    }
    if (*parsed > available) {
      return Invalid("insufficient_credit", "amount",
                     "The customer's credit is " + FormatAmount(available, currency));
    }
    amount = *parsed;
  }
  Events events{CustomerCreditApplied{state.id, customer_id, Money{amount, currency}, context.now}};
  if (amount == due) events.push_back(InvoicePaid{state.id, UtcDateOf(context.now), context.now});
  events.push_back(CustomerCreditAdjusted{customer_id, Money{-amount, currency}, available - amount,
                                          "applied_to_invoice", state.id, context.now});
  return events;
}

void ApplyContent(InvoiceState& state, const InvoiceContent& content) {
  state.content = content;
  auto totals = ComputeTotals(content.line_items, content.default_tax, content.discount);
  assert(totals.has_value());  // the decision that recorded the content computed them
  state.totals = totals.value_or(InvoiceTotals{});
}

}  // namespace

std::string_view StatusName(InvoiceStatus status) {
  switch (status) {
    case InvoiceStatus::kDraft:
      return "draft";
    case InvoiceStatus::kSent:
      return "sent";
    case InvoiceStatus::kPartiallyPaid:
      return "partially_paid";
    case InvoiceStatus::kPaid:
      return "paid";
    case InvoiceStatus::kOverdue:
      return "overdue";
    case InvoiceStatus::kVoid:
      return "void";
    case InvoiceStatus::kUncollectible:
      return "uncollectible";
    case InvoiceStatus::kRefunded:
      return "refunded";
    case InvoiceStatus::kDeleted:
      return "deleted";
  }
  return "unknown";
}

InvoiceStatus DeriveStatus(const InvoiceState& state) {
  if (state.deleted) return InvoiceStatus::kDeleted;
  if (!state.issued) return InvoiceStatus::kDraft;
  if (state.voided) return InvoiceStatus::kVoid;
  if (state.amount_refunded_minor > 0 && state.NetPaid() == 0 && state.amount_credited_minor == 0 &&
      state.customer_credit_applied_minor == 0) {
    return InvoiceStatus::kRefunded;
  }
  if (state.AmountDue() <= 0) return InvoiceStatus::kPaid;
  if (state.uncollectible) return InvoiceStatus::kUncollectible;
  if (state.overdue) return InvoiceStatus::kOverdue;
  if (state.NetPaid() > 0 || state.customer_credit_applied_minor > 0) {
    return InvoiceStatus::kPartiallyPaid;
  }
  return InvoiceStatus::kSent;
}

Result<Events> Decide(const InvoiceState& state, const InvoiceCommand& command,
                      const InvoiceContext& context) {
  return std::visit(
      Overloaded{
          [&](const CreateInvoice& c) { return Create(state, c, context); },
          [&](const UpdateInvoice& c) { return Update(state, c, context); },
          [&](const DeleteInvoice&) { return Delete(state, context); },
          [&](const SendInvoice& c) { return Send(state, c, context); },
          [&](const MarkInvoiceViewed&) { return MarkViewed(state, context); },
          [&](const VoidInvoice& c) { return Void(state, c, context); },
          [&](const MarkInvoiceUncollectible& c) { return MarkUncollectible(state, c, context); },
          [&](const MarkInvoiceOverdue& c) { return MarkOverdue(state, c, context); },
          [&](const ApplyCustomerCredit& c) { return ApplyCredit(state, c, context); },
          [&](const RegeneratePublicLink&) { return ChangePublicLink(state, true, context); },
          [&](const RevokePublicLink&) { return ChangePublicLink(state, false, context); },
      },
      command);
}

InvoiceState Evolve(InvoiceState current, const Event& event) {
  InvoiceState next = FoldOwnEvent(
      std::move(current), event,
      Overloaded{
          [](InvoiceState& state, const InvoiceDrafted& e) {
            state.exists = true;
            state.id = e.invoice_id;
            state.number = e.number;
            ApplyContent(state, e.content);
            state.created_at = e.at;
            state.created_by = e.created_by;
          },
          [](InvoiceState& state, const InvoiceDraftUpdated& e) { ApplyContent(state, e.content); },
          [](InvoiceState& state, const InvoiceDeleted&) { state.deleted = true; },
          [](InvoiceState& state, const InvoiceIssued& e) {
            state.issued = true;
            state.issued_at = e.at;
            state.content.customer = e.customer;
          },
          [](InvoiceState& state, const InvoiceSent& e) {
            state.sent_at = e.at;
            state.last_sent_to = e.to;
          },
          [](InvoiceState& state, const InvoiceTemplateChosen& e) {
            state.template_id = e.template_id;
          },
          [](InvoiceState& state, const InvoiceViewed& e) {
            if (!state.viewed_at) state.viewed_at = e.at;
          },
          [](InvoiceState& state, const InvoicePublicLinkChanged& e) {
            state.public_link_generation = e.generation;
            state.public_link_active = e.active;
          },
          [](InvoiceState& state, const PaymentApplied& e) {
            state.amount_paid_minor += e.amount.minor_units;
            state.payments.push_back({e.payment_id, e.amount.minor_units, e.payment_date});
          },
          [](InvoiceState& state, const InvoicePaid& e) { state.paid_on = e.paid_on; },
          [](InvoiceState& state, const RefundApplied& e) {
            state.amount_refunded_minor += e.amount.minor_units;
            state.paid_on.reset();
          },
          [](InvoiceState& state, const InvoiceOverdue&) { state.overdue = true; },
          [](InvoiceState& state, const InvoiceVoided& e) {
            state.voided = true;
            state.voided_at = e.at;
            state.void_reason = e.reason;
          },
          [](InvoiceState& state, const InvoiceMarkedUncollectible&) {
            state.uncollectible = true;
          },
          [](InvoiceState& state, const CreditNoteIssued& e) {
            state.amount_credited_minor += e.amount.minor_units;
            state.credit_notes_total_minor += e.total_minor;
            ++state.credit_note_count;
          },
          [](InvoiceState& state, const InvoiceAmended& e) {
            if (e.due_date) {
              state.content.due_date = *e.due_date;
              // A due date moved past today lifts the overdue mark; the scheduler sets it again
              // once the new date passes.
              if (!(*e.due_date < UtcDateOf(e.at))) state.overdue = false;
            }
            e.notes.ApplyTo(state.content.notes);
            e.terms.ApplyTo(state.content.terms);
            e.reference.ApplyTo(state.content.reference);
          },
          [](InvoiceState& state, const CustomerCreditApplied& e) {
            state.customer_credit_applied_minor += e.amount.minor_units;
          },
      });
  next.status = DeriveStatus(next);
  return next;
}

}  // namespace factura::domain
