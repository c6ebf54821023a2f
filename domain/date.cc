#include "domain/date.h"

#include <chrono>
#include <cstdio>
#include <optional>

namespace factura::domain {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

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
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
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
  char buffer[48];
  int length = std::snprintf(buffer, sizeof buffer, "%sT%02lld:%02lld:%02lld",
                             FormatDate(date).c_str(), static_cast<long long>(seconds / 3600),
                             static_cast<long long>(seconds / 60 % 60),
                             static_cast<long long>(seconds % 60));
  std::string out(buffer, static_cast<size_t>(length));
  if (micros % 1000 == 0 && micros != 0) {
    std::snprintf(buffer, sizeof buffer, ".%03lld", static_cast<long long>(micros / 1000));
    out += buffer;
  } else if (micros != 0) {
    std::snprintf(buffer, sizeof buffer, ".%06lld", static_cast<long long>(micros));
    out += buffer;
  }
  return out + "Z";
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
