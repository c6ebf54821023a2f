#include "domain/decimal.h"

#include <cassert>
#include <iterator>
#include <limits>

namespace factura::domain {
namespace {

constexpr int kMaxExponentMagnitude = 40;
constexpr __int128 kInt64Max = std::numeric_limits<int64_t>::max();

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Result<int64_t> TooLarge() { return Invalid("number_too_large", "", "The number is too large"); }

}  // namespace

int64_t PowerOfTen(int exponent) {
  assert(exponent >= 0 && exponent <= 18);
  int64_t result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

Result<int64_t> ParseScaled(std::string_view text, int scale) {
  assert(scale >= 0 && scale <= kMaxScale);
  auto syntax_error = [&] {
    return Invalid("invalid_number", "",
                   "'" + std::string(text.substr(0, 40)) + "' is not a decimal number");
  };
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && text[i] == '-') {
    negative = true;
    ++i;
  }
  // Significant digits (leading zeros dropped) and how many of them were after the point.
  std::string digits;
  int fraction_digits = 0;
  size_t integer_start = i;
  while (i < text.size() && IsDigit(text[i])) {
    if (!(digits.empty() && text[i] == '0')) digits.push_back(text[i]);
    ++i;
  }
  if (i == integer_start) return syntax_error();
  if (i < text.size() && text[i] == '.') {
    ++i;
    size_t fraction_start = i;
    while (i < text.size() && IsDigit(text[i])) {
      if (!(digits.empty() && text[i] == '0')) digits.push_back(text[i]);
      ++fraction_digits;
      ++i;
    }
    if (i == fraction_start) return syntax_error();
  }
  int exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exponent_negative = text[i++] == '-';
    size_t exponent_start = i;
    while (i < text.size() && IsDigit(text[i])) {
      if (exponent > kMaxExponentMagnitude) return TooLarge();
      exponent = exponent * 10 + (text[i] - '0');
      ++i;
    }
    if (i == exponent_start) return syntax_error();
    if (exponent_negative) exponent = -exponent;
  }
  if (i != text.size()) return syntax_error();

  // value = digits × 10^(exponent - fraction_digits); drop trailing zeros first so that
  // "1.500" at scale 2 is accepted.
  int power = exponent - fraction_digits;
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++power;
  }
  if (digits.empty()) return 0;
  if (power + scale < 0) {
    return Invalid("too_many_decimals", "",
                   "At most " + std::to_string(scale) + " decimal places are allowed");
  }
  if (static_cast<int>(digits.size()) + power + scale > 19) return TooLarge();
  __int128 value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  for (int k = 0; k < power + scale; ++k) value *= 10;
  if (value > kInt64Max) return TooLarge();
  return static_cast<int64_t>(negative ? -value : value);
}

std::string FormatScaled(int64_t value, int scale) {
  assert(scale >= 0 && scale <= 18);
  // Work on the unsigned magnitude so that INT64_MIN renders too.
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  // Filled from the end: the fraction's `scale` digits, the point, then the integer part (at
  // least one digit), then the sign. 20 digits, a point and a sign fit.
  char buffer[24];
  char* begin = std::end(buffer);
  for (int i = 0; i < scale; ++i) {
    *--begin = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  }
  if (scale > 0) *--begin = '.';
  do {
    *--begin = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude > 0);
  if (value < 0) *--begin = '-';
  return std::string(begin, std::end(buffer));
}

std::string FormatScaledTrimmed(int64_t value, int scale) {
  std::string out = FormatScaled(value, scale);
  if (scale == 0) return out;
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out;
}

Result<int64_t> DivideRoundHalfUp(__int128 numerator, __int128 denominator) {
  assert(denominator > 0);
  bool negative = numerator < 0;
  __int128 magnitude = negative ? -numerator : numerator;
  __int128 quotient = magnitude / denominator;
  __int128 remainder = magnitude % denominator;
  if (remainder * 2 >= denominator) ++quotient;
  if (quotient > kInt64Max) return TooLarge();
  return static_cast<int64_t>(negative ? -quotient : quotient);
}

}  // namespace factura::domain
