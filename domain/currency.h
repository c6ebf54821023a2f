#pragma once
// ISO 4217 currencies and their minor-unit exponents (USD 2, JPY 0, KWD 3, CLF 4).
//
// A `Currency` can only be obtained from the table, so holding one means the code is active
// and its exponent is known:
//
//   Result<Currency> usd = FindCurrency("USD");   // usd->minor_digits() == 2
//
// Thread-safe: the table is a constant.

#include <cstdint>
#include <span>
#include <string_view>

#include "domain/error.h"

namespace factura::domain {

class Currency {
 public:
  // An unset currency (empty code); only default-constructed values are unset.
  constexpr Currency() = default;
  constexpr bool is_set() const { return code_[0] != '\0'; }
  // The three-letter upper-case code, e.g. "EUR".
  constexpr std::string_view code() const { return {code_, 3}; }
  // Digits after the decimal point in the currency's minor unit (0 to 4).
  constexpr int minor_digits() const { return minor_digits_; }

  friend bool operator==(const Currency& a, const Currency& b) { return a.code() == b.code(); }

 private:
  friend class CurrencyTable;
  constexpr Currency(const char (&code)[4], int minor_digits)
      : code_{code[0], code[1], code[2]}, minor_digits_(static_cast<int8_t>(minor_digits)) {}

  char code_[3] = {'\0', '\0', '\0'};
  int8_t minor_digits_ = 0;
};

// Looks a code up, case-sensitively ("usd" is not a code). Errors: `unsupported_currency`.
[[nodiscard]] Result<Currency> FindCurrency(std::string_view code);

// Every active currency, sorted by code.
[[nodiscard]] std::span<const Currency> AllCurrencies();

}  // namespace factura::domain
