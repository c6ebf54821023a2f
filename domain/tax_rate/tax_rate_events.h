#pragma once
// Events of the TaxRate aggregate (stream: the tax rate's id, e.g. `tax_gst_10`).

#include <optional>
#include <string>
#include <string_view>

#include "domain/date.h"
#include "domain/money.h"
#include "domain/patch.h"

namespace factura::domain {

struct TaxRateCreated {
  static constexpr std::string_view kType = "TaxRateCreated";
  std::string tax_rate_id;
  std::string name;  // "GST (10%)"
  std::string type;  // "GST", "VAT", "sales_tax", ...
  Percent rate;
  std::optional<std::string> jurisdiction;
  std::optional<std::string> description;
  bool inclusive = false;
  Timestamp at;
  friend bool operator==(const TaxRateCreated&, const TaxRateCreated&) = default;
};

// A rate change applies to lines priced afterwards; existing invoice lines keep their rate.
struct TaxRateUpdated {
  static constexpr std::string_view kType = "TaxRateUpdated";
  std::string tax_rate_id;
  Patch<std::string> name;
  Patch<std::string> type;
  Patch<Percent> rate;
  Patch<std::string> jurisdiction;
  Patch<std::string> description;
  Patch<bool> inclusive;
  Timestamp at;
  friend bool operator==(const TaxRateUpdated&, const TaxRateUpdated&) = default;
};

struct TaxRateArchived {
  static constexpr std::string_view kType = "TaxRateArchived";
  std::string tax_rate_id;
  Timestamp at;
  friend bool operator==(const TaxRateArchived&, const TaxRateArchived&) = default;
};

}  // namespace factura::domain
