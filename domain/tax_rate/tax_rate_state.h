#pragma once
// The TaxRate aggregate's state, folded from its events by `Evolve`.

#include <cstdint>
#include <optional>
#include <string>

#include "domain/date.h"
#include "domain/money.h"

namespace factura::domain {

struct TaxRateState {
  bool exists = false;
  bool archived = false;
  uint64_t version = 0;
  std::string id;
  std::string name;
  std::string type;
  Percent rate;
  std::optional<std::string> jurisdiction;
  std::optional<std::string> description;
  bool inclusive = false;
  Timestamp created_at;
  Timestamp updated_at;
};

}  // namespace factura::domain
