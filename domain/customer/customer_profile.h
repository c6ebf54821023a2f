#pragma once
// The descriptive part of a customer (seed 000 §4.2), shared by its events and its state.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/address.h"
#include "domain/currency.h"

namespace factura::domain {

// Seed 002's kinds of customer and the two every business has.
inline constexpr std::string_view kCustomerTypes[] = {"individual", "business", "residential",
                                                      "commercial", "insurance"};

// Inactive and suspended customers get no new invoices; their open ones stay payable.
enum class CustomerStatus : uint8_t { kActive, kInactive, kSuspended };
inline constexpr std::string_view kCustomerStatusNames[] = {"active", "inactive", "suspended"};

struct CustomerProfile {
  std::string name;
  std::optional<std::string> company_name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<Address> billing_address;
  std::optional<int32_t> payment_terms_days;
  std::optional<Currency> currency;
  std::optional<std::string> tax_number;
  // Schema 2 of CustomerCreated and CustomerUpdated (seeds 002 and 004).
  std::optional<std::string> contact_name;
  std::optional<std::string> customer_type;  // one of kCustomerTypes
  std::optional<std::string> website;
  std::optional<std::string> notes;
  std::optional<Address> shipping_address;
  // What the customer may owe at once, in its `currency` (required with a limit): issuing an
  // invoice that would take its open invoices past it is refused.
  std::optional<int64_t> credit_limit_minor;
  friend bool operator==(const CustomerProfile&, const CustomerProfile&) = default;
};

}  // namespace factura::domain
