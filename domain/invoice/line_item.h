#pragma once
// The priced content of an invoice: line items, the tax and discount each carries, the invoice
// discount.
// These are values recorded in events exactly as decided, so a later change to a product's price
// or a tax rate never changes an invoice already written.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/money.h"

namespace factura::domain {

// The tax a line carries, as it was when the line was priced.
struct AppliedTax {
  std::optional<std::string> tax_rate_id;  // absent for an inline percentage
  std::string name;                        // "GST (10%)"; "Tax" for an inline percentage
  Percent rate;
  bool inclusive = false;  // the unit price already contains the tax

  friend bool operator==(const AppliedTax&, const AppliedTax&) = default;
};

enum class DiscountType : uint8_t { kNone, kPercent, kFixed };

struct Discount {
  DiscountType type = DiscountType::kNone;
  Percent percent;          // kPercent: 0 to 100
  int64_t fixed_minor = 0;  // kFixed: 0 to the subtotal

  friend bool operator==(const Discount&, const Discount&) = default;
};

// What a line bills for (seed 001); it changes no arithmetic.
enum class LineType : uint8_t { kService, kProduct, kFee, kOther };
inline constexpr std::string_view kLineTypeNames[] = {"service", "product", "fee", "other"};

constexpr std::string_view LineTypeName(LineType type) {
  return kLineTypeNames[static_cast<size_t>(type)];
}
constexpr std::optional<LineType> ParseLineType(std::string_view name) {
  for (size_t i = 0; i < std::size(kLineTypeNames); ++i) {
    if (kLineTypeNames[i] == name) return static_cast<LineType>(i);
  }
  return std::nullopt;
}

struct LineItem {
  std::string id;  // li_…
  std::string description;
  std::optional<std::string> product_id;
  Quantity quantity;
  int64_t unit_price_minor = 0;
  std::optional<std::string> unit;  // "hour"
  std::optional<AppliedTax> tax;
  LineType type = LineType::kService;
  Discount discount;  // the line's own (seed 002), before the invoice's

  friend bool operator==(const LineItem&, const LineItem&) = default;
};

}  // namespace factura::domain
