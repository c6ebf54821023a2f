#pragma once
// Commands of the Organization aggregate.

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

using OrganizationCommand = std::variant<CreateOrganization, UpdateOrganizationSettings>;

}  // namespace factura::domain
