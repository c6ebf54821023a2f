#pragma once
// Commands of the Customer aggregate. Numbers and codes arrive as text and are checked by the
// decision, so every rejection names its field.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "domain/customer/customer_profile.h"
#include "domain/patch.h"

namespace factura::domain {

struct CreateCustomer {
  std::string name;
  std::optional<std::string> company_name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<Address> billing_address;
  std::optional<int32_t> payment_terms_days;
  std::optional<std::string> currency;
  std::optional<std::string> tax_number;
};

// Seed 004 semantics: omitted = unchanged, null = cleared (not allowed for `name`).
struct UpdateCustomer {
  Patch<std::string> name;
  Patch<std::string> company_name;
  Patch<std::string> email;
  Patch<std::string> phone;
  Patch<Address> billing_address;
  Patch<int32_t> payment_terms_days;
  Patch<std::string> currency;
  Patch<std::string> tax_number;
};

// Refused while the customer has invoices (seed 000 §4.2.5).
struct DeleteCustomer {};

// A manual correction of the credit balance; `amount` is signed text ("-25.00").
struct AdjustCustomerCredit {
  std::string amount;
  std::string currency;
  std::string reason;
};

using CustomerCommand =
    std::variant<CreateCustomer, UpdateCustomer, DeleteCustomer, AdjustCustomerCredit>;

}  // namespace factura::domain
