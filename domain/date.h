#pragma once
// Calendar dates (ISO 8601 `2025-01-15`) and instants (RFC 3339 `2025-01-15T10:30:00Z`).
//
// Both are plain integers underneath, so they order, compare and serialize trivially. Parsing is
// strict: 2025-02-30 and 24:00:00 are errors, not normalized into other days.
//
//   Result<Date> due = ParseDate("2025-02-14");
//   AddDays(*due, 30);

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/error.h"

namespace factura::domain {

// Days since 1970-01-01 (negative before).
struct Date {
  int32_t days_since_epoch = 0;
  friend auto operator<=>(const Date&, const Date&) = default;
};

// Microseconds since 1970-01-01T00:00:00Z.
struct Timestamp {
  int64_t micros_since_epoch = 0;
  friend auto operator<=>(const Timestamp&, const Timestamp&) = default;
};

// Accepts exactly `YYYY-MM-DD` for years 1900 to 9999. Errors: `invalid_date`.
[[nodiscard]] Result<Date> ParseDate(std::string_view text);
[[nodiscard]] std::string FormatDate(Date date);

// Accepts RFC 3339 date-times: `T` or `t` separator, optional fractional seconds (up to 9
// digits, truncated to microseconds), `Z` or a `±HH:MM` offset. Errors: `invalid_timestamp`.
[[nodiscard]] Result<Timestamp> ParseTimestamp(std::string_view text);
// UTC with `Z`; fractional seconds only when present (milliseconds or microseconds).
[[nodiscard]] std::string FormatTimestamp(Timestamp timestamp);

[[nodiscard]] Date AddDays(Date date, int32_t days);
[[nodiscard]] int32_t DaysBetween(Date from, Date to);  // to - from
[[nodiscard]] Date UtcDateOf(Timestamp timestamp);
[[nodiscard]] Timestamp StartOfDay(Date date);
[[nodiscard]] int YearOf(Date date);

}  // namespace factura::domain
