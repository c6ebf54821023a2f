#pragma once
// The TaxRate aggregate: a named percentage that invoice lines and products refer to.
// Archived rates stay valid on the invoices that used them but cannot be used on new lines.

#include <string>

#include "domain/error.h"
#include "domain/events.h"
#include "domain/tax_rate/tax_rate_commands.h"
#include "domain/tax_rate/tax_rate_state.h"

namespace factura::domain {

struct TaxRateContext {
  Timestamp now;
  std::string new_tax_rate_id;  // used by CreateTaxRate when it names no id
};

inline constexpr Percent kMaxTaxRate{1000 * 10'000};  // 1000%: some excise duties exceed 100%

// Errors: `tax_rate_exists` (kAlreadyExists, param `id`), `tax_rate_not_found`,
// `tax_rate_archived`, `invalid_tax_rate` (param `rate`), `invalid_id`, field errors.
[[nodiscard]] Result<Events> Decide(const TaxRateState& state, const TaxRateCommand& command,
                                    const TaxRateContext& context);

TaxRateState Evolve(TaxRateState state, const Event& event);

// Parses and range-checks a percentage; errors name `param`.
[[nodiscard]] Result<Percent> ParseTaxPercent(std::string_view text, std::string_view param);

}  // namespace factura::domain
