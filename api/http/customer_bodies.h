#pragma once
// The bodies of /v1/customers requests, read into domain commands. Every field is checked: an
// unknown one is a 400 `unknown_parameter`, malformed JSON a 400, a value of the wrong type or
// shape a 422 naming the field.

#include <string_view>

#include "domain/customer/customer_commands.h"
#include "domain/error.h"

namespace factura::api {

// POST /v1/customers.
[[nodiscard]] domain::Result<domain::CreateCustomer> ParseCreateCustomer(std::string_view body);
// PUT/PATCH /v1/customers/{id}: omitted = unchanged, null = cleared; addresses field by field
// (PATCH: the fields given change, seed 004), or whole (PUT: `replace_addresses`).
[[nodiscard]] domain::Result<domain::UpdateCustomer> ParseUpdateCustomer(std::string_view body,
                                                                         bool replace_addresses);

// POST /v1/customers/{id}/credit-adjustments: a signed `amount` (a number), `currency`, `reason`.
[[nodiscard]] domain::Result<domain::AdjustCustomerCredit> ParseCreditAdjustment(
    std::string_view body);

}  // namespace factura::api
