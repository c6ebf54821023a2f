#pragma once
// The descriptive part of a customer (seed 000 §4.2), shared by its events and its state.

#include <cstdint>
#include <optional>
#include <string>

#include "domain/address.h"
#include "domain/currency.h"

namespace factura::domain {

struct CustomerProfile {
  std::string name;
  std::optional<std::string> company_name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<Address> billing_address;
  std::optional<int32_t> payment_terms_days;
  std::optional<Currency> currency;
  std::optional<std::string> tax_number;
  friend bool operator==(const CustomerProfile&, const CustomerProfile&) = default;
};

}  // namespace factura::domain
