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

Result<void> ValidateCustomerType(std::string_view type) {
  for (std::string_view known : kCustomerTypes) {
    if (type == known) return {};
  }
  return Invalid("invalid_customer_type", "customer_type",
                 "The customer type is individual, business, residential, commercial or "
                 "insurance");
}

Result<void> ValidateWebsite(std::string_view url) {
  FACTURA_TRY(ValidateRequiredText(url, "website", kMaxNameLength));
  if (!url.starts_with("https://") && !url.starts_with("http://")) {
    return Invalid("invalid_website", "website", "The website is an http:// or https:// URL");
  }
  return {};
}

// A credit limit: a positive amount in the customer's currency, which it needs.
Result<int64_t> ParseCreditLimit(std::string_view text, const std::optional<Currency>& currency) {
  if (!currency) {
    return Invalid("currency_required", "credit_limit",
                   "A credit limit is in the customer's currency: set `currency` too");
  }
  auto amount = ParseAmount(text, *currency);
  if (!amount) return std::unexpected(WithParamPrefix(amount.error(), "credit_limit"));
  if (*amount <= 0) {
    return Invalid("invalid_credit_limit", "credit_limit",
                   "A credit limit is above zero; null for no limit");
  }
  return *amount;
}

Result<CustomerStatus> ParseStatusField(std::string_view name) {
  auto status = ParseCustomerStatus(name);
  if (!status) {
    return Invalid("invalid_status", "status", "The status is active, inactive or suspended");
  }
  return *status;
}

Result<void> CheckEmailFree(std::string_view email, const CustomerContext& context) {
  if (context.email_taken && context.email_taken(email)) {
    return Reject(ErrorKind::kAlreadyExists, "email_taken", "email",
                  "Another customer has this e-mail");
  }
  return {};
}

// The address after `patch`: from the current one (or none), or from scratch when replacing.
Result<Patch<Address>> ApplyAddressPatch(const Patch<AddressPatch>& patch,
                                         const std::optional<Address>& current,
                                         std::string_view param) {
  if (patch.omitted()) return Patch<Address>{};
  if (patch.clears()) return current ? Patch<Address>::Null() : Patch<Address>{};
  const AddressPatch& changes = patch.value();
  for (const auto& [field, name] : {std::pair{&changes.street, ".street"},
                                    {&changes.city, ".city"},
                                    {&changes.country, ".country"}}) {
    if (field->clears()) {
      return Invalid("field_not_nullable", std::string(param) + name,
                     "An address's street, city and country cannot be cleared");
    }
  }
  Address address = changes.replace || !current ? Address{} : *current;
  changes.street.ApplyTo(address.street);
  changes.street2.ApplyTo(address.street2);
  changes.city.ApplyTo(address.city);
  changes.state.ApplyTo(address.state);
  changes.postal_code.ApplyTo(address.postal_code);
  changes.country.ApplyTo(address.country);
  FACTURA_TRY(ValidateAddress(address, param));
  if (current && address == *current) return Patch<Address>{};
  return Patch<Address>::Set(std::move(address));
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
  FACTURA_TRY(ValidateOptional(c.contact_name, "contact_name", kMaxNameLength));
  if (c.customer_type) FACTURA_TRY(ValidateCustomerType(*c.customer_type));
  if (c.website) FACTURA_TRY(ValidateWebsite(*c.website));
  if (c.notes) FACTURA_TRY(ValidateOptionalText(*c.notes, "notes", kMaxLongTextLength));
  if (c.shipping_address) FACTURA_TRY(ValidateAddress(*c.shipping_address, "shipping_address"));
  CustomerStatus status = CustomerStatus::kActive;
  if (c.status) {
    auto parsed = ParseStatusField(*c.status);
    if (!parsed) return std::unexpected(parsed.error());
    status = *parsed;
  }
  if (c.email) FACTURA_TRY(CheckEmailFree(*c.email, context));
  CustomerProfile profile{c.name,
                          c.company_name,
                          c.email,
                          c.phone,
                          c.billing_address,
                          c.payment_terms_days,
                          std::nullopt,
                          c.tax_number,
                          c.contact_name,
                          c.customer_type,
                          c.website,
                          c.notes,
                          c.shipping_address};
  if (c.currency) {
    auto currency = FindCurrency(*c.currency);
    if (!currency) return std::unexpected(currency.error());
    profile.currency = *currency;
  }
  if (c.credit_limit) {
    auto limit = ParseCreditLimit(*c.credit_limit, profile.currency);
    if (!limit) return std::unexpected(limit.error());
    profile.credit_limit_minor = *limit;
  }
  return Events{CustomerCreated{context.new_customer_id, std::move(profile), context.now, status}};
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
  auto billing =
      ApplyAddressPatch(c.billing_address, state.profile.billing_address, "billing_address");
  if (!billing) return std::unexpected(billing.error());
  auto shipping =
      ApplyAddressPatch(c.shipping_address, state.profile.shipping_address, "shipping_address");
  if (!shipping) return std::unexpected(shipping.error());
  if (c.payment_terms_days.sets()) FACTURA_TRY(ValidateTerms(c.payment_terms_days.value()));
  FACTURA_TRY(CheckTextPatch(c.tax_number, "tax_number", kMaxShortTextLength, false));
  FACTURA_TRY(CheckTextPatch(c.contact_name, "contact_name", kMaxNameLength, false));
  if (c.customer_type.sets()) FACTURA_TRY(ValidateCustomerType(c.customer_type.value()));
  if (c.website.sets()) FACTURA_TRY(ValidateWebsite(c.website.value()));
  if (c.notes.sets()) {
    FACTURA_TRY(ValidateOptionalText(c.notes.value(), "notes", kMaxLongTextLength));
  }
  if (c.status.clears()) {
    return Invalid("field_not_nullable", "status", "This field cannot be cleared");
  }
  // (The customer's own e-mail, in any case, is not "taken".)
  if (c.email.sets()) FACTURA_TRY(CheckEmailFree(c.email.value(), context));
  CustomerUpdated event{.customer_id = state.id,
                        .name = c.name,
                        .company_name = c.company_name,
                        .email = c.email,
                        .phone = c.phone,
                        .billing_address = std::move(*billing),
                        .payment_terms_days = c.payment_terms_days,
                        .tax_number = c.tax_number,
                        .at = context.now,
                        .contact_name = c.contact_name,
                        .customer_type = c.customer_type,
                        .website = c.website,
                        .notes = c.notes,
                        .shipping_address = std::move(*shipping)};
  if (c.status.sets()) {
    auto status = ParseStatusField(c.status.value());
    if (!status) return std::unexpected(status.error());
    if (*status != state.status) event.status = Patch<CustomerStatus>::Set(*status);
  }
  if (c.currency.clears()) event.currency = Patch<Currency>::Null();
  if (c.currency.sets()) {
    auto currency = FindCurrency(c.currency.value());
    if (!currency) return std::unexpected(currency.error());
    event.currency = Patch<Currency>::Set(*currency);
  }
  // The limit is in the customer's currency: it cannot outlive it or silently change meaning.
  std::optional<Currency> currency = state.profile.currency;
  event.currency.ApplyTo(currency);
  if (c.credit_limit.sets()) {
    auto limit = ParseCreditLimit(c.credit_limit.value(), currency);
    if (!limit) return std::unexpected(limit.error());
    event.credit_limit_minor = Patch<int64_t>::Set(*limit);
  } else if (c.credit_limit.clears()) {
    event.credit_limit_minor = Patch<int64_t>::Null();
  } else if (state.profile.credit_limit_minor && currency != state.profile.currency) {
    return Invalid("credit_limit_currency", "currency",
                   "The customer has a credit limit in its currency: change or clear "
                   "credit_limit with it");
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

std::optional<CustomerStatus> ParseCustomerStatus(std::string_view name) {
  for (size_t i = 0; i < std::size(kCustomerStatusNames); ++i) {
    if (kCustomerStatusNames[i] == name) return static_cast<CustomerStatus>(i);
  }
  return std::nullopt;
}

std::string_view CustomerStatusName(CustomerStatus status) {
  return kCustomerStatusNames[static_cast<size_t>(status)];
}

std::string_view CustomerStatusName(const CustomerState& customer) {
  return customer.deleted ? "deleted" : CustomerStatusName(customer.status);
}

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
            state.status = e.status;
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
            e.contact_name.ApplyTo(p.contact_name);
            e.customer_type.ApplyTo(p.customer_type);
            e.website.ApplyTo(p.website);
            e.notes.ApplyTo(p.notes);
            e.shipping_address.ApplyTo(p.shipping_address);
            e.status.ApplyTo(state.status);
            e.credit_limit_minor.ApplyTo(p.credit_limit_minor);
          },
          [](CustomerState& state, const CustomerDeleted&) { state.deleted = true; },
          [](CustomerState& state, const CustomerCreditAdjusted& e) {
            state.credit_minor_by_currency[std::string(e.delta.currency.code())] =
                e.balance_after_minor;
          },
      });
}

}  // namespace factura::domain
