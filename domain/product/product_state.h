#pragma once
// The Product aggregate's state, folded from its events by `Evolve`.

#include <cstdint>
#include <optional>
#include <string>

#include "domain/date.h"
#include "domain/money.h"

namespace factura::domain {

struct ProductState {
  bool exists = false;
  bool archived = false;
  uint64_t version = 0;
  std::string id;
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> sku;
  Money unit_price;
  std::optional<std::string> unit;
  std::optional<std::string> tax_rate_id;
  std::optional<std::string> category;
  Timestamp created_at;
  Timestamp updated_at;

  bool is_active() const { return exists && !archived; }
};

}  // namespace factura::domain
