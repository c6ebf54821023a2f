#pragma once
// Events of the Customer aggregate (stream: the customer's id).

#include <string>
#include <string_view>

#include "domain/customer/customer_profile.h"
#include "domain/date.h"
#include "domain/money.h"
#include "domain/patch.h"

namespace factura::domain {

struct CustomerCreated {
  static constexpr std::string_view kType = "CustomerCreated";
  std::string customer_id;
  CustomerProfile profile;
  Timestamp at;
  CustomerStatus status = CustomerStatus::kActive;  // schema 2
  friend bool operator==(const CustomerCreated&, const CustomerCreated&) = default;
};

// Only the fields the update touched; omitted ones are unchanged, cleared ones null.
struct CustomerUpdated {
  static constexpr std::string_view kType = "CustomerUpdated";
  std::string customer_id;
  Patch<std::string> name;
  Patch<std::string> company_name;
  Patch<std::string> email;
  Patch<std::string> phone;
  Patch<Address> billing_address;
  Patch<int32_t> payment_terms_days;
  Patch<Currency> currency;
  Patch<std::string> tax_number;
  Timestamp at;
  // Schema 2 (appended; schema 1 is the fields above alone).
  Patch<std::string> contact_name;
  Patch<std::string> customer_type;
  Patch<std::string> website;
  Patch<std::string> notes;
  Patch<Address> shipping_address;
  Patch<CustomerStatus> status;
  Patch<int64_t> credit_limit_minor;
  friend bool operator==(const CustomerUpdated&, const CustomerUpdated&) = default;
};

struct CustomerDeleted {
  static constexpr std::string_view kType = "CustomerDeleted";
  std::string customer_id;
  Timestamp at;
  friend bool operator==(const CustomerDeleted&, const CustomerDeleted&) = default;
};

// The customer's credit balance in one currency moved by `delta` (positive: credit granted, e.g.
// an overpayment; negative: credit used or refunded). `balance_after` is the new balance.
struct CustomerCreditAdjusted {
  static constexpr std::string_view kType = "CustomerCreditAdjusted";
  std::string customer_id;
  Money delta;
  int64_t balance_after_minor = 0;
  std::string reason;                     // "overpayment", "refund", "manual"
  std::optional<std::string> payment_id;  // the payment that caused it, if any
  Timestamp at;
  friend bool operator==(const CustomerCreditAdjusted&, const CustomerCreditAdjusted&) = default;
};

}  // namespace factura::domain
