#pragma once
// Money, quantities and percentages: exact, integer, overflow-checked.
//
// `Money` is an amount in the currency's minor unit (cents for USD, yen for JPY, fils for KWD).
// Quantities are fixed-point with 4 fractional digits, percentages likewise (8.25% is 82500).
// Every operation that could overflow returns a `Result`; nothing wraps around silently.
//
//   Result<int64_t> subtotal = LineAmount(Quantity{400000}, 15000);   // 40 × 150.00 = 6000.00
//   Result<std::vector<int64_t>> parts = AllocateProportionally(100, {1, 1, 1});  // 34, 33, 33

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/currency.h"
#include "domain/error.h"

namespace factura::domain {

struct Money {
  int64_t minor_units = 0;
  Currency currency;

  friend bool operator==(const Money&, const Money&) = default;
};

inline constexpr int kQuantityScale = 4;
inline constexpr int kPercentScale = 4;
inline constexpr int64_t kOneHundredPercent = 100 * 10'000;

// A quantity in ten-thousandths of a unit: 1.5 hours is {15000}.
struct Quantity {
  int64_t ten_thousandths = 0;
  friend auto operator<=>(const Quantity&, const Quantity&) = default;
};

// A percentage in ten-thousandths of a percent: 8.25% is {82500}; 100% is kOneHundredPercent.
struct Percent {
  int64_t ten_thousandths = 0;
  friend auto operator<=>(const Percent&, const Percent&) = default;
};

// Parsing from a JSON number's text. Errors name no param (the caller knows the field):
// `invalid_number`, `too_many_decimals` (more digits than the currency's minor unit),
// `number_too_large`.
[[nodiscard]] Result<int64_t> ParseAmount(std::string_view text, Currency currency);
[[nodiscard]] Result<Quantity> ParseQuantity(std::string_view text);
[[nodiscard]] Result<Percent> ParsePercent(std::string_view text);

// "7128.00" for USD, "7128" for JPY, "1.500" for KWD.
[[nodiscard]] std::string FormatAmount(int64_t minor_units, Currency currency);
[[nodiscard]] std::string FormatQuantity(Quantity quantity);  // "40", "1.5"
[[nodiscard]] std::string FormatPercent(Percent percent);     // "8.25"

// Checked integer arithmetic on minor units. Errors: `amount_too_large` (kOutOfRange).
[[nodiscard]] Result<int64_t> CheckedAdd(int64_t a, int64_t b);
[[nodiscard]] Result<int64_t> CheckedSubtract(int64_t a, int64_t b);
[[nodiscard]] Result<int64_t> CheckedSum(std::span<const int64_t> values);

// Same-currency addition and subtraction. Errors: `currency_mismatch`, `amount_too_large`.
[[nodiscard]] Result<Money> Add(Money a, Money b);
[[nodiscard]] Result<Money> Subtract(Money a, Money b);

// quantity × unit price, rounded half-up to the minor unit.
[[nodiscard]] Result<int64_t> LineAmount(Quantity quantity, int64_t unit_price_minor);

// amount × percent / 100, rounded half-up to the minor unit.
[[nodiscard]] Result<int64_t> PercentOf(int64_t amount_minor, Percent percent);

// The tax contained in a tax-inclusive amount: amount × rate / (100 + rate), rounded half-up.
[[nodiscard]] Result<int64_t> IncludedTax(int64_t gross_minor, Percent rate);

// Splits `total` (>= 0) over non-negative `weights` in proportion, by largest remainder: each
// part is floor(total × w / Σw), and the units left over go one each to the largest remainders
// (earlier index first on ties). The parts always add up to `total` exactly.
// Errors: `allocation_without_weights` when Σw = 0 but total > 0; `amount_too_large`.
[[nodiscard]] Result<std::vector<int64_t>> AllocateProportionally(int64_t total,
                                                                  std::span<const int64_t> weights);

}  // namespace factura::domain
