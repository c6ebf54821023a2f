#pragma once
// Events of the Product aggregate (stream: the product's id), seed 000 §4.4.

#include <optional>
#include <string>
#include <string_view>

#include "domain/date.h"
#include "domain/money.h"
#include "domain/patch.h"

namespace factura::domain {

struct ProductCreated {
  static constexpr std::string_view kType = "ProductCreated";
  std::string product_id;
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> sku;
  Money unit_price;
  std::optional<std::string> unit;
  std::optional<std::string> tax_rate_id;
  std::optional<std::string> category;
  Timestamp at;
  friend bool operator==(const ProductCreated&, const ProductCreated&) = default;
};

struct ProductUpdated {
  static constexpr std::string_view kType = "ProductUpdated";
  std::string product_id;
  Patch<std::string> name;
  Patch<std::string> description;
  Patch<std::string> sku;
  Patch<int64_t> unit_price_minor;  // in the product's currency, which never changes
  Patch<std::string> unit;
  Patch<std::string> tax_rate_id;
  Patch<std::string> category;
  Timestamp at;
  friend bool operator==(const ProductUpdated&, const ProductUpdated&) = default;
};

struct ProductArchived {
  static constexpr std::string_view kType = "ProductArchived";
  std::string product_id;
  Timestamp at;
  friend bool operator==(const ProductArchived&, const ProductArchived&) = default;
};

struct ProductUnarchived {
  static constexpr std::string_view kType = "ProductUnarchived";
  std::string product_id;
  Timestamp at;
  friend bool operator==(const ProductUnarchived&, const ProductUnarchived&) = default;
};

}  // namespace factura::domain
