#include "domain/customer/customer.h"

#include "domain/aggregate.h"
#include "domain/overloaded.h"
#include "domain/text.h"

namespace factura::domain {
namespace {

constexpr int32_t kMaxPaymentTermsDays = 3650;

Result<void> ValidateTerms(int32_t days) {
  if (days < 0 || days > kMaxPaymentTermsDays) {
    return Invalid("invalid_payment_terms", "payment_terms", "Payment terms are 0 to 3650 days");
  }
  return {};
}

std::unexpected<Error> NotFound() {
  return Reject(ErrorKind::kNotFound, "customer_not_found", "id", "No such customer");
}

Result<Events> Create(const CustomerState& state, const CreateCustomer& c,
                      const CustomerContext& context) {
  if (state.exists) {
    return Reject(ErrorKind::kAlreadyExists, "customer_exists", "id", "The customer exists");
  }
  FACTURA_TRY(ValidateRequiredText(c.name, "name", kMaxNameLength));
  FACTURA_TRY(ValidateOptional(c.company_name, "company_name", kMaxNameLength));
  if (c.email) FACTURA_TRY(ValidateEmail(*c.email, "email"));
  FACTURA_TRY(ValidateOptional(c.phone, "phone", kMaxShortTextLength));
  if (c.billing_address) FACTURA_TRY(ValidateAddress(*c.billing_address, "billing_address"));
  if (c.payment_terms_days) FACTURA_TRY(ValidateTerms(*c.payment_terms_days));
  FACTURA_TRY(ValidateOptional(c.tax_number, "tax_number", kMaxShortTextLength));
  CustomerProfile profile{c.name,       c.company_name,    c.email,
                          c.phone,      c.billing_address, c.payment_terms_days,
                          std::nullopt, c.tax_number};
  if (c.currency) {
    auto currency = FindCurrency(*c.currency);
    if (!currency) return std::unexpected(currency.error());
    profile.currency = *currency;
  }
  return Events{CustomerCreated{context.new_customer_id, std::move(profile), context.now}};
}

// Checks one optional text patch; `required` fields cannot be cleared.
Result<void> CheckTextPatch(const Patch<std::string>& patch, std::string_view param,
                            size_t max_length, bool required) {
  if (patch.clears() && required) {
    return Invalid("field_not_nullable", std::string(param), "This field cannot be cleared");
  }
  if (patch.sets()) return ValidateRequiredText(patch.value(), param, max_length);
  return {};
}

Result<Events> Update(const CustomerState& state, const UpdateCustomer& c,
                      const CustomerContext& context) {
  if (!state.active()) return NotFound();
  FACTURA_TRY(CheckTextPatch(c.name, "name", kMaxNameLength, /*required=*/true));
  FACTURA_TRY(CheckTextPatch(c.company_name, "company_name", kMaxNameLength, false));
  if (c.email.sets()) FACTURA_TRY(ValidateEmail(c.email.value(), "email"));
  FACTURA_TRY(CheckTextPatch(c.phone, "phone", kMaxShortTextLength, false));
  if (c.billing_address.sets()) {
    FACTURA_TRY(ValidateAddress(c.billing_address.value(), "billing_address"));
  }
  if (c.payment_terms_days.sets()) FACTURA_TRY(ValidateTerms(c.payment_terms_days.value()));
  FACTURA_TRY(CheckTextPatch(c.tax_number, "tax_number", kMaxShortTextLength, false));
  CustomerUpdated event{.customer_id = state.id,
                        .name = c.name,
                        .company_name = c.company_name,
                        .email = c.email,
                        .phone = c.phone,
                        .billing_address = c.billing_address,
                        .payment_terms_days = c.payment_terms_days,
                        .tax_number = c.tax_number,
                        .at = context.now};
  if (c.currency.clears()) event.currency = Patch<Currency>::Null();
  if (c.currency.sets()) {
    auto currency = FindCurrency(c.currency.value());
    if (!currency) return std::unexpected(currency.error());
    event.currency = Patch<Currency>::Set(*currency);
  }
  return Events{std::move(event)};
}

Result<Events> Delete(const CustomerState& state, const CustomerContext& context) {
  if (!state.active()) return NotFound();
  if (context.has_invoices) {
    return Reject(ErrorKind::kFailedPrecondition, "customer_has_invoices", "id",
                  "A customer with invoices cannot be deleted");
  }
  return Events{CustomerDeleted{state.id, context.now}};
}

Result<Events> AdjustCredit(const CustomerState& state, const AdjustCustomerCredit& c,
                            const CustomerContext& context) {
  if (!state.active()) return NotFound();
  auto currency = FindCurrency(c.currency);
  if (!currency) return std::unexpected(currency.error());
  auto delta = ParseAmount(c.amount, *currency);
  if (!delta) return std::unexpected(WithParamPrefix(delta.error(), "amount"));
  if (*delta == 0) return Invalid("invalid_amount", "amount", "The adjustment must not be zero");
  FACTURA_TRY(ValidateRequiredText(c.reason, "reason", kMaxLongTextLength));
  auto balance = CheckedAdd(state.CreditIn(currency->code()), *delta);
  if (!balance) return std::unexpected(WithParamPrefix(balance.error(), "amount"));
  if (*balance < 0) {
    return Reject(ErrorKind::kFailedPrecondition, "insufficient_credit", "amount",
                  "The credit balance cannot go below zero");
  }
  return Events{CustomerCreditAdjusted{state.id, Money{*delta, *currency}, *balance, c.reason,
                                       std::nullopt, context.now}};
}

}  // namespace

Result<Events> Decide(const CustomerState& state, const CustomerCommand& command,
                      const CustomerContext& context) {
  return std::visit(
      Overloaded{
          [&](const CreateCustomer& c) { return Create(state, c, context); },
          [&](const UpdateCustomer& c) { return Update(state, c, context); },
          [&](const DeleteCustomer&) { return Delete(state, context); },
          [&](const AdjustCustomerCredit& c) { return AdjustCredit(state, c, context); },
      },
      command);
}

CustomerState Evolve(CustomerState current, const Event& event) {
  return FoldOwnEvent(
      std::move(current), event,
      Overloaded{
          [](CustomerState& state, const CustomerCreated& e) {
            state.exists = true;
            state.id = e.customer_id;
            state.profile = e.profile;
            state.created_at = e.at;
          },
          [](CustomerState& state, const CustomerUpdated& e) {
            CustomerProfile& p = state.profile;
            e.name.ApplyTo(p.name);
            e.company_name.ApplyTo(p.company_name);
            e.email.ApplyTo(p.email);
            e.phone.ApplyTo(p.phone);
            e.billing_address.ApplyTo(p.billing_address);
            e.payment_terms_days.ApplyTo(p.payment_terms_days);
            e.currency.ApplyTo(p.currency);
            e.tax_number.ApplyTo(p.tax_number);
          },
          [](CustomerState& state, const CustomerDeleted&) { state.deleted = true; },
          [](CustomerState& state, const CustomerCreditAdjusted& e) {
            state.credit_minor_by_currency[std::string(e.delta.currency.code())] =
                e.balance_after_minor;
          },
      });
}

}  // namespace factura::domain
