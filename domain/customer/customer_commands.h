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
  std::optional<std::string> contact_name;
  std::optional<std::string> customer_type;
  std::optional<std::string> website;
  std::optional<std::string> notes;
  std::optional<Address> shipping_address;
  std::optional<std::string> status;        // default active
  std::optional<std::string> credit_limit;  // an amount in `currency`
};

// Changes to an address: each field omitted (kept), cleared or set. `replace` starts from an
// empty address (PUT) instead of the current one (PATCH, seed 004's nested partial update).
struct AddressPatch {
  Patch<std::string> street, street2, city, state, postal_code, country;
  bool replace = false;
  friend bool operator==(const AddressPatch&, const AddressPatch&) = default;
};

// Seed 004 semantics: omitted = unchanged, null = cleared (not allowed for `name`).
struct UpdateCustomer {
  Patch<std::string> name;
  Patch<std::string> company_name;
  Patch<std::string> email;
  Patch<std::string> phone;
  Patch<AddressPatch> billing_address;
  Patch<int32_t> payment_terms_days;
  Patch<std::string> currency;
  Patch<std::string> tax_number;
  Patch<std::string> contact_name;
  Patch<std::string> customer_type;
  Patch<std::string> website;
  Patch<std::string> notes;
  Patch<AddressPatch> shipping_address;
  Patch<std::string> status;
  Patch<std::string> credit_limit;  // null: no limit
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
