#pragma once
// Commands of the Product aggregate (seed 000 §4.4).

#include <optional>
#include <string>
#include <variant>

#include "domain/patch.h"

namespace factura::domain {

struct CreateProduct {
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> sku;
  std::string unit_price;               // text, in `currency`
  std::optional<std::string> currency;  // default: the organization's
  std::optional<std::string> unit;
  std::optional<std::string> tax_rate_id;  // seed 000 calls it tax_profile_id
  std::optional<std::string> category;
};

struct UpdateProduct {
  Patch<std::string> name;
  Patch<std::string> description;
  Patch<std::string> sku;
  Patch<std::string> unit_price;
  Patch<std::string> unit;
  Patch<std::string> tax_rate_id;
  Patch<std::string> category;
};

struct ArchiveProduct {};
struct UnarchiveProduct {};

using ProductCommand = std::variant<CreateProduct, UpdateProduct, ArchiveProduct, UnarchiveProduct>;

}  // namespace factura::domain
