#pragma once
// The Product aggregate: a catalog item with a price and, optionally, a tax rate. Archived
// products stay on the invoices that used them but cannot be added to new ones.

#include <string>

#include "domain/error.h"
#include "domain/events.h"
#include "domain/product/product_commands.h"
#include "domain/product/product_state.h"
#include "domain/tax_rate/tax_rate_state.h"

namespace factura::domain {

struct ProductContext {
  Timestamp now;
  std::string new_product_id;
  Currency default_currency;  // the organization's
  // The tax rate the command names (by `tax_rate_id`), loaded by the processor; nullptr when the
  // command names none or it does not exist.
  const TaxRateState* tax_rate = nullptr;
};

// Errors: `product_exists`, `product_not_found`, `product_archived`, `product_not_archived`,
// `tax_rate_not_found` (param `tax_rate_id`), `tax_rate_archived`, `invalid_unit_price`,
// `too_many_decimals` (param `unit_price`), `unsupported_currency`, field errors.
[[nodiscard]] Result<Events> Decide(const ProductState& state, const ProductCommand& command,
                                    const ProductContext& context);

ProductState Evolve(ProductState state, const Event& event);

}  // namespace factura::domain
