#pragma once
// A postal address in a request body, as customers (`billing_address`) and the organization
// (`address`) send it: street, street2, city, state, postal_code, country.

#include <string_view>

#include "api/http/json_input.h"
#include "domain/address.h"
#include "domain/customer/customer_commands.h"
#include "domain/patch.h"

namespace factura::api {

// The object's fields; unknown ones are a 400 naming them.
[[nodiscard]] domain::Result<domain::Address> ParseAddress(JsonFields& fields);

// Field by field, for an update (seed 004): omitted = unchanged, null = cleared; `replace`
// (PUT) starts from an empty address instead of the current one. `region` is `state`.
[[nodiscard]] domain::Result<domain::Patch<domain::AddressPatch>> PatchAddressFields(
    JsonFields& fields, std::string_view key, bool replace);

// For an update: omitted = unchanged, null = cleared, an object = the whole new address.
[[nodiscard]] domain::Result<domain::Patch<domain::Address>> PatchAddress(JsonFields& fields,
                                                                          std::string_view key);

}  // namespace factura::api
