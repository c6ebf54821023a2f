#pragma once
// A postal address, as customers (billing) and organizations (their own, on their documents)
// carry it.

#include <optional>
#include <string>
#include <string_view>

#include "domain/error.h"

namespace factura::domain {

struct Address {
  std::string street;
  std::optional<std::string> street2;
  std::string city;
  std::optional<std::string> state;
  std::optional<std::string> postal_code;
  std::string country;  // ISO 3166-1 alpha-2
  friend bool operator==(const Address&, const Address&) = default;
};

// Errors name the field under `param` ("billing_address.city").
[[nodiscard]] Result<void> ValidateAddress(const Address& address, std::string_view param);

// An optional text within `max_length` when present.
[[nodiscard]] Result<void> ValidateOptional(const std::optional<std::string>& text,
                                            std::string_view param, size_t max_length);

}  // namespace factura::domain
