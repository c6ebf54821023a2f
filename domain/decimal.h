#pragma once
// Exact decimal numbers as scaled integers: "150.00" at scale 2 is 15000.
//
// Amounts, quantities and percentages arrive as text (a JSON number's own characters) and are
// parsed here exactly, never through `double`. A value with more significant fractional digits
// than its scale allows is rejected rather than rounded: a client that sends 10.005 USD has made
// a mistake we must not hide.
//
//   Result<int64_t> cents = ParseScaled("1e2", 2);   // 10000
//   FormatScaled(-1250, 2);                           // "-12.50"

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/error.h"

namespace factura::domain {

inline constexpr int kMaxScale = 6;

// Parses `-?digits(.digits)?([eE][+-]?digits)?` into value × 10^scale. Trailing fractional
// zeros beyond the scale are fine ("1.500" at scale 2). Errors (param is left empty for the
// caller to fill): `invalid_number` (syntax), `too_many_decimals`, `number_too_large`.
[[nodiscard]] Result<int64_t> ParseScaled(std::string_view text, int scale);

// Renders value / 10^scale with exactly `scale` fractional digits ("7128.00", "0.005", "12").
[[nodiscard]] std::string FormatScaled(int64_t value, int scale);

// Renders with trailing fractional zeros removed ("8.25", "10", "0.5"), for rates and quantities.
[[nodiscard]] std::string FormatScaledTrimmed(int64_t value, int scale);

// numerator / denominator rounded half away from zero ("half-up" on magnitudes, so that a refund
// rounds like the charge it reverses). Fails with `number_too_large` if the quotient does not
// fit in int64. `denominator` must be positive.
[[nodiscard]] Result<int64_t> DivideRoundHalfUp(__int128 numerator, __int128 denominator);

// 10^exponent for 0 <= exponent <= 18.
[[nodiscard]] int64_t PowerOfTen(int exponent);

}  // namespace factura::domain
