#pragma once
// The Customer aggregate's state, folded from its events by `Evolve`.

#include <cstdint>
#include <map>
#include <string>

#include "domain/customer/customer_profile.h"
#include "domain/date.h"

namespace factura::domain {

struct CustomerState {
  bool exists = false;
  bool deleted = false;
  uint64_t version = 0;  // events applied
  std::string id;
  CustomerProfile profile;
  CustomerStatus status = CustomerStatus::kActive;
  // Credit balance per currency code, in that currency's minor units (never negative).
  std::map<std::string, int64_t, std::less<>> credit_minor_by_currency;
  Timestamp created_at;
  Timestamp updated_at;

  bool active() const { return exists && !deleted; }
  int64_t CreditIn(std::string_view currency_code) const {
    auto it = credit_minor_by_currency.find(currency_code);
    return it == credit_minor_by_currency.end() ? 0 : it->second;
  }
};

}  // namespace factura::domain
