#include "domain/date.h"

#include <chrono>
#include <cstdio>
#include <optional>

namespace factura::domain {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

// Writes `value` (below 10^width) as exactly `width` digits at `out`; returns the end. Dates and
// instants are formatted for every response body, so without printf.
char* WriteDigits(char* out, int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

// Writes YYYY-MM-DD at `out` (a year within 0-9999); returns the end.
char* WriteDate(char* out, const std::chrono::year_month_day& ymd) {
  out = WriteDigits(out, static_cast<int>(ymd.year()), 4);
  *out++ = '-';
  out = WriteDigits(out, static_cast<unsigned>(ymd.month()), 2);
  *out++ = '-';
  return WriteDigits(out, static_cast<unsigned>(ymd.day()), 2);
}

// Reads exactly `count` digits at `pos`; -1 if any is not a digit or the text is too short.
int ReadDigits(std::string_view text, size_t pos, size_t count) {
  if (pos + count > text.size()) return -1;
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

std::unexpected<Error> BadDate(std::string_view text) {
  return Invalid("invalid_date", "",
                 "'" + std::string(text.substr(0, 40)) + "' is not a valid date (YYYY-MM-DD)");
}

std::unexpected<Error> BadTimestamp(std::string_view text) {
  return Invalid("invalid_timestamp", "",
                 "'" + std::string(text.substr(0, 40)) +
                     "' is not a valid RFC 3339 timestamp (e.g. 2025-01-15T10:30:00Z)");
}

// Parses the leading `YYYY-MM-DD` of `text`.
std::optional<Date> ParseDatePrefix(std::string_view text) {
  int year = ReadDigits(text, 0, 4);
  int month = ReadDigits(text, 5, 2);
  int day = ReadDigits(text, 8, 2);
  if (year < 1900 || month < 0 || day < 0 || text.size() < 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year{year},
                                  std::chrono::month{static_cast<unsigned>(month)},
                                  std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  return Date{static_cast<int32_t>(std::chrono::sys_days{ymd}.time_since_epoch().count())};
}

}  // namespace

Result<Date> ParseDate(std::string_view text) {
  if (text.size() != 10) return BadDate(text);
  auto date = ParseDatePrefix(text);
  if (!date) return BadDate(text);
  return *date;
}

std::string FormatDate(Date date) {
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{date.days_since_epoch}}};
  char buffer[16];
  int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {  // outside what the API accepts; shown whole, not cut to 4 digits
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", year, static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buffer;
  }
  return std::string(buffer, WriteDate(buffer, ymd));
}

Result<Timestamp> ParseTimestamp(std::string_view text) {
  auto date = ParseDatePrefix(text);
  if (!date || text.size() < 20 || (text[10] != 'T' && text[10] != 't')) return BadTimestamp(text);
  int hour = ReadDigits(text, 11, 2);
  int minute = ReadDigits(text, 14, 2);
  int second = ReadDigits(text, 17, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 ||
      text[13] != ':' || text[16] != ':') {
    return BadTimestamp(text);
  }
  size_t pos = 19;
  int64_t micros = 0;
  if (text[pos] == '.') {
    ++pos;
    size_t start = pos;
    int64_t scale = 100'000;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      micros += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start || pos - start > 9) return BadTimestamp(text);
  }
  int64_t offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int offset_hour = ReadDigits(text, pos + 1, 2);
    int offset_minute = ReadDigits(text, pos + 4, 2);
    if (offset_hour < 0 || offset_hour > 23 || offset_minute < 0 || offset_minute > 59 ||
        pos + 3 >= text.size() || text[pos + 3] != ':') {
      return BadTimestamp(text);
    }
    offset_minutes = (offset_hour * 60 + offset_minute) * (text[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return BadTimestamp(text);
  }
  if (pos != text.size()) return BadTimestamp(text);
  int64_t seconds = (static_cast<int64_t>(hour) * 60 + minute - offset_minutes) * 60 + second;
  return Timestamp{date->days_since_epoch * kMicrosPerDay + seconds * kMicrosPerSecond + micros};
}

std::string FormatTimestamp(Timestamp timestamp) {
  Date date = UtcDateOf(timestamp);
  int64_t in_day = timestamp.micros_since_epoch - StartOfDay(date).micros_since_epoch;
  int64_t seconds = in_day / kMicrosPerSecond;
  int64_t micros = in_day % kMicrosPerSecond;
  std::string day = FormatDate(date);
  char buffer[32];
  char* out = buffer;
  *out++ = 'T';
  out = WriteDigits(out, seconds / 3600, 2);
  *out++ = ':';
  out = WriteDigits(out, seconds / 60 % 60, 2);
  *out++ = ':';
  out = WriteDigits(out, seconds % 60, 2);
  if (micros % 1000 == 0 && micros != 0) {
    *out++ = '.';
    out = WriteDigits(out, micros / 1000, 3);
  } else if (micros != 0) {
    *out++ = '.';
    out = WriteDigits(out, micros, 6);
  }
  *out++ = 'Z';
  return day.append(buffer, out);
}

Date AddDays(Date date, int32_t days) { return Date{date.days_since_epoch + days}; }

int32_t DaysBetween(Date from, Date to) { return to.days_since_epoch - from.days_since_epoch; }

Date UtcDateOf(Timestamp timestamp) {
  int64_t micros = timestamp.micros_since_epoch;
  int64_t days = micros / kMicrosPerDay;
  if (micros % kMicrosPerDay < 0) --days;  // floor for instants before 1970
  return Date{static_cast<int32_t>(days)};
}

Timestamp StartOfDay(Date date) { return Timestamp{date.days_since_epoch * kMicrosPerDay}; }

int YearOf(Date date) {
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{date.days_since_epoch}}};
  return static_cast<int>(ymd.year());
}

}  // namespace factura::domain
