#include "api/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <array>
#include <atomic>

#include "api/http/json_writer.h"

namespace factura::api {
namespace {

std::atomic<bool> json_lines{false};

constexpr std::array<std::pair<std::string_view, LogLevel>, 7> kLevels{{
    {"trace", LogLevel::kTrace},
    {"debug", LogLevel::kDebug},
    {"info", LogLevel::kInfo},
    {"warn", LogLevel::kWarn},
    {"error", LogLevel::kError},
    {"critical", LogLevel::kCritical},
    {"off", LogLevel::kOff},
}};

spdlog::level::level_enum SpdlogLevel(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return spdlog::level::trace;
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarn:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
    case LogLevel::kCritical:
      return spdlog::level::critical;
    case LogLevel::kOff:
      return spdlog::level::off;
  }
  return spdlog::level::info;
}

// A text value is quoted when it would not read back as one word.
void AppendTextValue(std::string& line, std::string_view value) {
  bool plain = !value.empty();
  for (char c : value) plain = plain && c > 0x20 && c != '"' && c != '=' && c != 0x7F;
  if (plain) {
    line.append(value);
    return;
  }
  line.push_back('"');
  for (char c : value) {
    if (c == '"' || c == '\\') line.push_back('\\');
    line.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
  }
  line.push_back('"');
}

}  // namespace

domain::Result<LogLevel> ParseLogLevel(std::string_view name, std::string_view setting) {
  for (const auto& [level_name, level] : kLevels) {
    if (name == level_name) return level;
  }
  return domain::Invalid("invalid_config", std::string(setting),
                         "Expected trace, debug, info, warn, error, critical or off");
}

domain::Result<void> ConfigureLogging(const LogOptions& options) {
  auto level = ParseLogLevel(options.level, "log_level");
  if (!level) return std::unexpected(level.error());
  if (options.format != "text" && options.format != "json") {
    return domain::Invalid("invalid_config", "log_format", "Expected text or json");
  }
  json_lines = options.format == "json";
  auto logger = std::make_shared<spdlog::logger>("factura",
                                                 std::make_shared<spdlog::sinks::stderr_sink_mt>());
  // The JSON line's other members come from FormatLogLine (already escaped).
  logger->set_formatter(std::make_unique<spdlog::pattern_formatter>(
      json_lines ? R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})"
                 : "%Y-%m-%dT%H:%M:%S.%eZ %l %v",
      spdlog::pattern_time_type::utc));
  logger->set_level(SpdlogLevel(*level));
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
  return {};
}

bool LogEnabled(LogLevel level) {
  return spdlog::default_logger_raw()->should_log(SpdlogLevel(level));
}

std::string FormatLogLine(bool json, std::string_view message, LogFields fields) {
  if (json) {
    JsonWriter writer;
    writer.BeginObject().Key("message").String(message);
    for (const auto& [key, value] : fields) writer.Key(key).String(value);
    writer.EndObject();
    std::string object = std::move(writer).Take();
    return object.substr(1, object.size() - 2);  // members only: the pattern wraps them
  }
  std::string line(message);
  for (const auto& [key, value] : fields) {
    line.push_back(' ');
    line.append(key).push_back('=');
    AppendTextValue(line, value);
  }
  return line;
}

void Log(LogLevel level, std::string_view message, LogFields fields) {
  spdlog::level::level_enum spdlog_level = SpdlogLevel(level);
  spdlog::logger* logger = spdlog::default_logger_raw();
  if (!logger->should_log(spdlog_level)) return;
  logger->log(spdlog_level, "{}", FormatLogLine(json_lines, message, fields));
}

}  // namespace factura::api
