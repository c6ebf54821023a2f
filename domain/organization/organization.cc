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
constexpr int64_t kMaxSequenceNumber = 999'999'999'999;

bool IsNumberCharacter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '/' || c == '.' || c == '#';
}

Result<void> ValidatePrefix(std::string_view prefix,
                            std::string_view param = "invoice_number_prefix") {
  bool ok = !prefix.empty() && prefix.size() <= kMaxPrefixLength;
  for (char c : prefix) ok = ok && IsNumberCharacter(c) && c != '.';
  if (!ok) {
    return Invalid("invalid_" + std::string(param), std::string(param),
                   "The prefix must be 1 to 20 letters, digits, '-', '_', '/' or '#'");
  }
  return {};
}

// The next number of a sequence: after every number already handed out, so none is reused.
Result<void> ValidateNextNumber(int64_t next, int64_t last_used, std::string_view param) {
  if (next < 1 || next > kMaxSequenceNumber) {
    return Invalid("invalid_next_number", std::string(param),
                   "The next number is from 1 to 999,999,999,999");
  }
  if (next <= last_used) {
    return Invalid("next_number_already_used", std::string(param),
                   "Numbers up to " + std::to_string(last_used) +
                       " are already used; the next number must be above it");
  }
  return {};
}

Result<void> ValidateLocale(std::string_view locale) {
  for (std::string_view supported : kSupportedLocales) {
    if (locale == supported) return {};
  }
  return Invalid("invalid_locale", "locale", "The locale is one of en-US, pt-BR and es-ES");
}

// The shape of an IANA time zone name ("UTC", "America/Argentina/Buenos_Aires", "Etc/GMT+3");
// that the zone exists is the API's check, against the system's time zone database.
Result<void> ValidateTimeZoneName(std::string_view zone) {
  bool ok = !zone.empty() && zone.size() <= 64 && zone.front() != '/' && zone.back() != '/' &&
            zone.find("..") == std::string_view::npos;
  for (char c : zone) {
    ok = ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '/' || c == '_' || c == '-' || c == '+');
  }
  if (!ok) {
    return Invalid("invalid_time_zone", "time_zone",
                   "The time zone is an IANA name such as 'Europe/Lisbon' or 'UTC'");
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
  for (const auto& [clears, param] :
       {std::pair{command.name.clears(), "name"},
        {command.default_currency.clears(), "default_currency"},
        {command.invoice_number_prefix.clears(), "invoice_number_prefix"},
        {command.payment_terms_days.clears(), "payment_terms"},
        {command.payment_number_prefix.clears(), "payment_number_prefix"},
        {command.next_invoice_number.clears(), "next_invoice_number"},
        {command.next_payment_number.clears(), "next_payment_number"},
        {command.locale.clears(), "locale"},
        {command.time_zone.clears(), "time_zone"}}) {
    if (clears) return Invalid("field_not_nullable", param, "This setting cannot be cleared");
  }
  if (command.name.sets()) {
    FACTURA_TRY(ValidateRequiredText(command.name.value(), "name", kMaxNameLength));
    event.name = command.name;
  }
  if (command.default_currency.sets()) {
    auto currency = FindCurrency(command.default_currency.value());
    if (!currency) return std::unexpected(AtDefaultCurrency(currency.error()));
    event.default_currency = Patch<Currency>::Set(*currency);
  }
  if (command.invoice_number_prefix.sets()) {
    FACTURA_TRY(ValidatePrefix(command.invoice_number_prefix.value()));
    event.invoice_number_prefix = command.invoice_number_prefix;
  }
  if (command.payment_terms_days.sets()) {
    // (Named as the API's settings call it.)
    FACTURA_TRY(ValidatePaymentTerms(command.payment_terms_days.value(), "payment_terms"));
    event.payment_terms_days = command.payment_terms_days;
  }
  if (command.legal_name.sets()) {
    FACTURA_TRY(ValidateRequiredText(command.legal_name.value(), "legal_name", kMaxNameLength));
  }
  event.legal_name = command.legal_name;
  if (command.address.sets()) FACTURA_TRY(ValidateAddress(command.address.value(), "address"));
  event.address = command.address;
  if (command.tax_id.sets()) {
    FACTURA_TRY(ValidateRequiredText(command.tax_id.value(), "tax_id", kMaxShortTextLength));
  }
  event.tax_id = command.tax_id;
  if (command.payment_number_prefix.sets()) {
    FACTURA_TRY(ValidatePrefix(command.payment_number_prefix.value(), "payment_number_prefix"));
    event.payment_number_prefix = command.payment_number_prefix;
  }
  if (command.next_invoice_number.sets()) {
    FACTURA_TRY(ValidateNextNumber(command.next_invoice_number.value(), state.last_invoice_sequence,
                                   "next_invoice_number"));
    event.next_invoice_number = command.next_invoice_number;
  }
  if (command.next_payment_number.sets()) {
    FACTURA_TRY(ValidateNextNumber(command.next_payment_number.value(), state.last_payment_sequence,
                                   "next_payment_number"));
    event.next_payment_number = command.next_payment_number;
  }
  if (command.locale.sets()) {
    FACTURA_TRY(ValidateLocale(command.locale.value()));
    event.locale = command.locale;
  }
  if (command.time_zone.sets()) {
    FACTURA_TRY(ValidateTimeZoneName(command.time_zone.value()));
    event.time_zone = command.time_zone;
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
            e.legal_name.ApplyTo(state.legal_name);
            e.address.ApplyTo(state.address);
            e.tax_id.ApplyTo(state.tax_id);
            e.payment_number_prefix.ApplyTo(state.payment_number_prefix);
            // The sequences go on from the number before the next one.
            if (e.next_invoice_number.sets()) {
              state.last_invoice_sequence =
                  std::max(state.last_invoice_sequence, e.next_invoice_number.value() - 1);
            }
            if (e.next_payment_number.sets()) {
              state.last_payment_sequence =
                  std::max(state.last_payment_sequence, e.next_payment_number.value() - 1);
            }
            e.locale.ApplyTo(state.locale);
            e.time_zone.ApplyTo(state.time_zone);
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
