#pragma once
// The Organization aggregate's state, folded from its events by `Evolve`.

#include <cstdint>
#include <optional>
#include <string>

#include "domain/address.h"
#include "domain/currency.h"
#include "domain/date.h"

namespace factura::domain {

struct OrganizationState {
  bool exists = false;
  uint64_t version = 0;  // events applied
  std::string id;
  std::string name;
  Currency default_currency;
  std::string invoice_number_prefix = "INV";
  int32_t payment_terms_days = 30;
  int64_t last_invoice_sequence = 0;
  std::string payment_number_prefix = "PAY";
  int64_t last_payment_sequence = 0;
  std::optional<std::string> legal_name;
  std::optional<Address> address;
  std::optional<std::string> tax_id;
  std::string locale = "en-US";
  std::string time_zone = "UTC";
  std::string plan;  // empty: never set, the server's default plan applies
  std::optional<int64_t> rate_limit_per_minute;  // a custom limit over the plan's
  Timestamp created_at;
  Timestamp updated_at;
};

}  // namespace factura::domain
