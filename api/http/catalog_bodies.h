#pragma once
// The bodies of /v1/products and /v1/tax-rates requests, read into domain commands. Every field is
// checked: an unknown one is a 400 `unknown_parameter`, malformed JSON a 400, a value of the wrong
// type or shape a 422 naming the field.

#include <string_view>

#include "domain/error.h"
#include "domain/product/product_commands.h"
#include "domain/tax_rate/tax_rate_commands.h"

namespace factura::api {

// POST /v1/products.
[[nodiscard]] domain::Result<domain::CreateProduct> ParseCreateProduct(std::string_view body);
// PUT/PATCH /v1/products/{id}: omitted = unchanged, null = cleared.
[[nodiscard]] domain::Result<domain::UpdateProduct> ParseUpdateProduct(std::string_view body);
// POST /v1/tax-rates.
[[nodiscard]] domain::Result<domain::CreateTaxRate> ParseCreateTaxRate(std::string_view body);
// PUT/PATCH /v1/tax-rates/{id}: omitted = unchanged, null = cleared.
[[nodiscard]] domain::Result<domain::UpdateTaxRate> ParseUpdateTaxRate(std::string_view body);

}  // namespace factura::api
