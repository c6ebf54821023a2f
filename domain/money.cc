#include "domain/money.h"

#include <algorithm>
#include <cassert>
#include <numeric>

#include "domain/decimal.h"

namespace factura::domain {
namespace {

std::unexpected<Error> TooLarge() {
  return Reject(ErrorKind::kOutOfRange, "amount_too_large", "",
                "The amount is too large to be represented exactly");
}

}  // namespace

Result<int64_t> ParseAmount(std::string_view text, Currency currency) {
  assert(currency.is_set());
  return ParseScaled(text, currency.minor_digits());
}

Result<Quantity> ParseQuantity(std::string_view text) {
  auto value = ParseScaled(text, kQuantityScale);
  if (!value) return std::unexpected(value.error());
  return Quantity{*value};
}

Result<Percent> ParsePercent(std::string_view text) {
  auto value = ParseScaled(text, kPercentScale);
  if (!value) return std::unexpected(value.error());
  return Percent{*value};
}

std::string FormatAmount(int64_t minor_units, Currency currency) {
  return FormatScaled(minor_units, currency.minor_digits());
}

std::string FormatQuantity(Quantity quantity) {
  return FormatScaledTrimmed(quantity.ten_thousandths, kQuantityScale);
}

std::string FormatPercent(Percent percent) {
  return FormatScaledTrimmed(percent.ten_thousandths, kPercentScale);
}

Result<int64_t> CheckedAdd(int64_t a, int64_t b) {
  int64_t sum;
  if (__builtin_add_overflow(a, b, &sum)) return TooLarge();
  return sum;
}

Result<int64_t> CheckedSubtract(int64_t a, int64_t b) {
  int64_t difference;
  if (__builtin_sub_overflow(a, b, &difference)) return TooLarge();
  return difference;
}

Result<int64_t> CheckedSum(std::span<const int64_t> values) {
  int64_t sum = 0;
  for (int64_t v : values) {
    if (__builtin_add_overflow(sum, v, &sum)) return TooLarge();
  }
  return sum;
}

Result<Money> Add(Money a, Money b) {
  if (a.currency != b.currency) {
    return Invalid("currency_mismatch", "currency",
                   "Amounts in different currencies cannot be added");
  }
  auto sum = CheckedAdd(a.minor_units, b.minor_units);
  if (!sum) return std::unexpected(sum.error());
  return Money{*sum, a.currency};
}

Result<Money> Subtract(Money a, Money b) {
  if (a.currency != b.currency) {
    return Invalid("currency_mismatch", "currency",
                   "Amounts in different currencies cannot be subtracted");
  }
  auto difference = CheckedSubtract(a.minor_units, b.minor_units);
  if (!difference) return std::unexpected(difference.error());
  return Money{*difference, a.currency};
}

Result<int64_t> LineAmount(Quantity quantity, int64_t unit_price_minor) {
  __int128 product = static_cast<__int128>(quantity.ten_thousandths) * unit_price_minor;
  auto amount = DivideRoundHalfUp(product, PowerOfTen(kQuantityScale));
  if (!amount) return TooLarge();
  return amount;
}

Result<int64_t> PercentOf(int64_t amount_minor, Percent percent) {
  __int128 product = static_cast<__int128>(amount_minor) * percent.ten_thousandths;
  auto amount = DivideRoundHalfUp(product, kOneHundredPercent);
  if (!amount) return TooLarge();
  return amount;
}

Result<int64_t> IncludedTax(int64_t gross_minor, Percent rate) {
  assert(rate.ten_thousandths >= 0);
  __int128 product = static_cast<__int128>(gross_minor) * rate.ten_thousandths;
  auto amount = DivideRoundHalfUp(product, kOneHundredPercent + rate.ten_thousandths);
  if (!amount) return TooLarge();
  return amount;
}

Result<std::vector<int64_t>> AllocateProportionally(int64_t total,
                                                    std::span<const int64_t> weights) {
  assert(total >= 0);
  std::vector<int64_t> parts(weights.size(), 0);
  __int128 weight_sum = 0;
  for (int64_t w : weights) {
    assert(w >= 0);
    weight_sum += w;
  }
  if (total == 0) return parts;
  if (weight_sum == 0) {
    return Invalid("allocation_without_weights", "",
                   "An amount cannot be spread over lines that are all zero");
  }
  std::vector<__int128> remainders(weights.size());
  __int128 allocated = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    __int128 scaled = static_cast<__int128>(total) * weights[i];
    parts[i] = static_cast<int64_t>(scaled / weight_sum);  // <= total, so it fits
    remainders[i] = scaled % weight_sum;
    allocated += parts[i];
  }
  // At most weights.size() - 1 units are left over; hand them to the largest remainders.
  auto leftover = static_cast<size_t>(total - allocated);
  std::vector<size_t> order(weights.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return remainders[a] > remainders[b]; });
  for (size_t k = 0; k < leftover; ++k) ++parts[order[k]];
  return parts;
}

}  // namespace factura::domain
