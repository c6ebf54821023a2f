#pragma once
// Commands of the Organization aggregate.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "domain/address.h"
#include "domain/patch.h"

namespace factura::domain {

struct CreateOrganization {
  std::string name;
  std::string default_currency;                      // ISO 4217 code
  std::optional<std::string> invoice_number_prefix;  // default "INV"
  std::optional<int32_t> payment_terms_days;         // default 30
};

struct UpdateOrganizationSettings {
  Patch<std::string> name;
  Patch<std::string> default_currency;
  Patch<std::string> invoice_number_prefix;
  Patch<int32_t> payment_terms_days;
  Patch<std::string> legal_name;
  Patch<Address> address;
  Patch<std::string> tax_id;
  Patch<std::string> payment_number_prefix;
  Patch<int64_t> next_invoice_number;  // never at or below a number already handed out
  Patch<int64_t> next_payment_number;
  Patch<std::string> locale;     // one of kSupportedLocales
  Patch<std::string> time_zone;  // an IANA zone name ("America/Sao_Paulo") or "UTC"
};

// An operator's decision (not reachable over the API): the plan, and optionally a custom limit.
struct ChangeOrganizationPlan {
  std::string plan;  // starter, professional, enterprise
  std::optional<int64_t> rate_limit_per_minute;
};

using OrganizationCommand =
    std::variant<CreateOrganization, UpdateOrganizationSettings, ChangeOrganizationPlan>;

}  // namespace factura::domain
