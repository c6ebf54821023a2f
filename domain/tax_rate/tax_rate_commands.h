#pragma once
// Commands of the TaxRate aggregate.

#include <optional>
#include <string>
#include <variant>

#include "domain/patch.h"

namespace factura::domain {

struct CreateTaxRate {
  std::optional<std::string> id;  // a chosen id such as "tax_gst_10"; generated when absent
  std::string name;
  std::optional<std::string> type;  // default "tax"
  std::string rate;                 // percentage as text, up to 4 decimals: "8.25"
  std::optional<std::string> jurisdiction;
  std::optional<std::string> description;
  bool inclusive = false;
};

struct UpdateTaxRate {
  Patch<std::string> name;
  Patch<std::string> type;
  Patch<std::string> rate;
  Patch<std::string> jurisdiction;
  Patch<std::string> description;
  Patch<bool> inclusive;
};

struct ArchiveTaxRate {};

using TaxRateCommand = std::variant<CreateTaxRate, UpdateTaxRate, ArchiveTaxRate>;

}  // namespace factura::domain
