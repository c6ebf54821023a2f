#pragma once
// Commands of the Organization aggregate.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

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
};

// An operator's decision (not reachable over the API): the plan, and optionally a custom limit.
struct ChangeOrganizationPlan {
  std::string plan;  // starter, professional, enterprise
  std::optional<int64_t> rate_limit_per_minute;
};

using OrganizationCommand =
    std::variant<CreateOrganization, UpdateOrganizationSettings, ChangeOrganizationPlan>;

}  // namespace factura::domain
