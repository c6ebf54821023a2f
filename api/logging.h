#pragma once
// The server's log (spdlog, on standard error): one line per event worth an operator's eye, as
// text or as JSON lines, from a configured level on. Messages carry fields, never a secret: API
// keys, tokens and passwords are not logged.
//
//   ConfigureLogging({.level = "info", .format = "json"});
//   Log(LogLevel::kWarn, "webhook outbox", {{"error", error.message}});
//   // text: 2026-12-05T08:30:00.123Z warn webhook outbox error="disk full"
//   // json: {"time":"2026-12-05T08:30:00.123Z","level":"warn","message":"webhook outbox",
//   //        "error":"disk full"}
//
// Thread safety: Log may be called from any thread; ConfigureLogging once, before the threads.

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "domain/error.h"

namespace factura::api {

enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError, kCritical, kOff };

struct LogOptions {
  std::string level = "info";   // trace, debug, info, warn, error, critical, off
  std::string format = "text";  // text, json
};

// Errors: kInvalidArgument `invalid_config` naming `log_level` or `log_format`.
[[nodiscard]] domain::Result<void> ConfigureLogging(const LogOptions& options);

// The level named `name`. Errors: kInvalidArgument `invalid_config` naming `setting`.
[[nodiscard]] domain::Result<LogLevel> ParseLogLevel(std::string_view name,
                                                     std::string_view setting);

// Whether a line at `level` would be written (to skip building one that would not).
[[nodiscard]] bool LogEnabled(LogLevel level);

using LogFields = std::initializer_list<std::pair<std::string_view, std::string_view>>;
void Log(LogLevel level, std::string_view message, LogFields fields = {});

// The line Log writes after its time and level, without writing it (for tests).
[[nodiscard]] std::string FormatLogLine(bool json, std::string_view message, LogFields fields);

}  // namespace factura::api
