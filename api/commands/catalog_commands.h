#pragma once
// Commands on the catalog: products and tax rates. Each answers with the product or tax rate
// after its events.

#include <optional>
#include <string>

#include "api/command_processor.h"
#include "domain/product/product.h"
#include "domain/tax_rate/tax_rate.h"

namespace factura::api::commands {

// `command` on the organization's product `existing_id`, or on a new product when none is given
// (the context carries the organization's currency and the tax rate named), guarded by
// `expected` (If-Match) when given. Effect: kCreated for a new product, otherwise kChanged.
// Errors: kNotFound, kConflict `version_mismatch`, the decision's.
[[nodiscard]] Command DecideProduct(std::optional<std::string> existing_id,
                                    domain::ProductCommand command,
                                    std::optional<uint64_t> expected);

// The same for tax rates; a new one takes the id the command gives (`tax_gst_10`) or a new one.
[[nodiscard]] Command DecideTaxRate(std::optional<std::string> existing_id,
                                    domain::TaxRateCommand command,
                                    std::optional<uint64_t> expected);

}  // namespace factura::api::commands
