#include "domain/organization/organization.h"

#include <algorithm>
#include <cstdio>

#include "domain/aggregate.h"
#include "domain/organization/rate_plan.h"
#include "domain/overloaded.h"
#include "domain/text.h"

namespace factura::domain {
namespace {

constexpr int32_t kMaxPaymentTermsDays = 3650;
constexpr size_t kMaxPrefixLength = 20;
// A registry full of custom numbers shaped like the sequence could make the search long; past
// this many skips something is wrong and we say so instead of looping.
constexpr int kMaxSequenceSkips = 10'000;

bool IsNumberCharacter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '/' || c == '.' || c == '#';
}

Result<void> ValidatePrefix(std::string_view prefix) {
  bool ok = !prefix.empty() && prefix.size() <= kMaxPrefixLength;
  for (char c : prefix) ok = ok && IsNumberCharacter(c) && c != '.';
  if (!ok) {
    return Invalid("invalid_invoice_number_prefix", "invoice_number_prefix",
                   "The prefix must be 1 to 20 letters, digits, '-', '_', '/' or '#'");
  }
  return {};
}

Error AtDefaultCurrency(Error error) {
  error.param = "default_currency";
  return error;
}

Result<void> ValidatePaymentTerms(int32_t days, std::string_view param) {
  if (days < 0 || days > kMaxPaymentTermsDays) {
    return Invalid("invalid_payment_terms", std::string(param), "Payment terms are 0 to 3650 days");
  }
  return {};
}

Result<Events> Create(const OrganizationState& state, const CreateOrganization& command,
                      const OrganizationContext& context) {
  if (state.exists) {
    return Reject(ErrorKind::kAlreadyExists, "organization_exists", "", "The organization exists");
  }
  if (auto ok = ValidateRequiredText(command.name, "name", kMaxNameLength); !ok) {
    return std::unexpected(ok.error());
  }
  auto currency = FindCurrency(command.default_currency);
  if (!currency) return std::unexpected(AtDefaultCurrency(currency.error()));
  std::string prefix = command.invoice_number_prefix.value_or("INV");
  if (auto ok = ValidatePrefix(prefix); !ok) return std::unexpected(ok.error());
  int32_t terms = command.payment_terms_days.value_or(30);
  if (auto ok = ValidatePaymentTerms(terms, "payment_terms_days"); !ok) {
    return std::unexpected(ok.error());
  }
  return Events{OrganizationCreated{context.new_organization_id, command.name, *currency, prefix,
                                    terms, context.now}};
}

Result<Events> Update(const OrganizationState& state, const UpdateOrganizationSettings& command,
                      const OrganizationContext& context) {
  if (!state.exists) {
    return Reject(ErrorKind::kNotFound, "organization_not_found", "", "No such organization");
  }
  OrganizationSettingsUpdated event{.organization_id = state.id, .at = context.now};
  if (command.name.clears() || command.default_currency.clears() ||
      command.invoice_number_prefix.clears() || command.payment_terms_days.clears()) {
    return Invalid("field_not_nullable", "", "Organization settings cannot be cleared");
  }
  if (command.name.sets()) {
    if (auto ok = ValidateRequiredText(command.name.value(), "name", kMaxNameLength); !ok) {
      return std::unexpected(ok.error());
    }
    event.name = command.name;
  }
  if (command.default_currency.sets()) {
    auto currency = FindCurrency(command.default_currency.value());
    if (!currency) return std::unexpected(AtDefaultCurrency(currency.error()));
    event.default_currency = Patch<Currency>::Set(*currency);
  }
  if (command.invoice_number_prefix.sets()) {
    if (auto ok = ValidatePrefix(command.invoice_number_prefix.value()); !ok) {
      return std::unexpected(ok.error());
    }
    event.invoice_number_prefix = command.invoice_number_prefix;
  }
  if (command.payment_terms_days.sets()) {
    // (Named as the API's settings call it.)
    if (auto ok = ValidatePaymentTerms(command.payment_terms_days.value(), "payment_terms"); !ok) {
      return std::unexpected(ok.error());
    }
    event.payment_terms_days = command.payment_terms_days;
  }
  return Events{event};
}

Result<Events> ChangePlan(const OrganizationState& state, const ChangeOrganizationPlan& command,
                          const OrganizationContext& context) {
  if (!state.exists) {
    return Reject(ErrorKind::kNotFound, "organization_not_found", "", "No such organization");
  }
  if (!FindRatePlan(command.plan)) {
    return Invalid("invalid_plan", "plan", "Plans are starter, professional and enterprise");
  }
  if (command.rate_limit_per_minute && (*command.rate_limit_per_minute < 1 ||
                                        *command.rate_limit_per_minute > kMaxRateLimitPerMinute)) {
    return Invalid("invalid_rate_limit", "rate_limit_per_minute",
                   "A rate limit is 1 to 1,000,000 requests a minute");
  }
  return Events{
      OrganizationPlanChanged{state.id, command.plan, command.rate_limit_per_minute, context.now}};
}

}  // namespace

Result<Events> Decide(const OrganizationState& state, const OrganizationCommand& command,
                      const OrganizationContext& context) {
  return std::visit(
      Overloaded{
          [&](const CreateOrganization& c) { return Create(state, c, context); },
          [&](const UpdateOrganizationSettings& c) { return Update(state, c, context); },
          [&](const ChangeOrganizationPlan& c) { return ChangePlan(state, c, context); },
      },
      command);
}

OrganizationState Evolve(OrganizationState current, const Event& event) {
  return FoldOwnEvent(
      std::move(current), event,
      Overloaded{
          [](OrganizationState& state, const OrganizationCreated& e) {
            state.exists = true;
            state.id = e.organization_id;
            state.name = e.name;
            state.default_currency = e.default_currency;
            state.invoice_number_prefix = e.invoice_number_prefix;
            state.payment_terms_days = e.payment_terms_days;
            state.created_at = e.at;
          },
          [](OrganizationState& state, const OrganizationSettingsUpdated& e) {
            e.name.ApplyTo(state.name);
            e.default_currency.ApplyTo(state.default_currency);
            e.invoice_number_prefix.ApplyTo(state.invoice_number_prefix);
            e.payment_terms_days.ApplyTo(state.payment_terms_days);
          },
          [](OrganizationState& state, const InvoiceNumberReserved& e) {
            state.last_invoice_sequence = std::max(state.last_invoice_sequence, e.sequence);
          },
          [](OrganizationState& state, const PaymentNumberReserved& e) {
            state.last_payment_sequence = std::max(state.last_payment_sequence, e.sequence);
          },
          [](OrganizationState& state, const OrganizationPlanChanged& e) {
            state.plan = e.plan;
            state.rate_limit_per_minute = e.rate_limit_per_minute;
          },
      });
}

std::string FormatDocumentNumber(std::string_view prefix, int year, int64_t sequence) {
  char digits[48];
  std::snprintf(digits, sizeof digits, "-%d-%04lld", year, static_cast<long long>(sequence));
  return std::string(prefix) + digits;
}

Result<InvoiceNumberReserved> ReserveInvoiceNumber(const OrganizationState& organization,
                                                   const std::optional<std::string>& custom_number,
                                                   Date issue_date,
                                                   const InvoiceNumberRegistry& registry,
                                                   std::string_view invoice_id, Timestamp now) {
  InvoiceNumberReserved reserved{
      .organization_id = organization.id, .invoice_id = std::string(invoice_id), .at = now};
  if (custom_number) {
    bool ok = !custom_number->empty() && custom_number->size() <= kMaxInvoiceNumberLength;
    for (char c : *custom_number) ok = ok && IsNumberCharacter(c);
    if (!ok) {
      return Invalid("invalid_invoice_number", "number",
                     "Invoice numbers are 1 to 64 letters, digits, '-', '_', '/', '.' or '#'");
    }
    if (registry.InUse(*custom_number)) {
      return Reject(ErrorKind::kAlreadyExists, "invoice_number_taken", "number",
                    "Invoice number '" + *custom_number + "' is already in use");
    }
    reserved.number = *custom_number;
    return reserved;
  }
  int64_t sequence = organization.last_invoice_sequence;
  for (int skips = 0; skips < kMaxSequenceSkips; ++skips) {
    ++sequence;
    std::string number =
        FormatDocumentNumber(organization.invoice_number_prefix, YearOf(issue_date), sequence);
    if (!registry.InUse(number)) {
      reserved.number = std::move(number);
      reserved.sequence = sequence;
      return reserved;
    }
  }
  return Reject(ErrorKind::kFailedPrecondition, "invoice_number_sequence_exhausted", "number",
                "Too many custom numbers occupy the invoice sequence; change the prefix");
}

PaymentNumberReserved ReservePaymentNumber(const OrganizationState& organization,
                                           std::string_view payment_id, Date payment_date,
                                           Timestamp now) {
  int64_t sequence = organization.last_payment_sequence + 1;
  return PaymentNumberReserved{
      organization.id, std::string(payment_id),
      FormatDocumentNumber(organization.payment_number_prefix, YearOf(payment_date), sequence),
      sequence, now};
}

}  // namespace factura::domain
