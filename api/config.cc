#include "api/config.h"

#include <toml++/toml.h>

#include <charconv>

namespace factura::api {
namespace {

std::unexpected<domain::Error> Bad(std::string setting, std::string message) {
  return domain::Invalid("invalid_config", std::move(setting), std::move(message));
}

template <typename T>
domain::Result<T> ParseNumber(std::string_view text, std::string_view setting) {
  T value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return Bad(std::string(setting), "'" + std::string(text) + "' is not a number");
  }
  return value;
}

// One table of settings, so the TOML file and the environment cannot drift apart.
struct Setting {
  const char* key;          // TOML key
  const char* environment;  // FACTURA_…
  std::function<domain::Result<void>(std::string_view, ServeConfig&)> set;
};

template <typename T>
std::function<domain::Result<void>(std::string_view, ServeConfig&)> Number(T ServeConfig::*field,
                                                                           const char* key) {
  return [field, key](std::string_view text, ServeConfig& config) -> domain::Result<void> {
    auto value = ParseNumber<T>(text, key);
    if (!value) return std::unexpected(value.error());
    config.*field = *value;
    return {};
  };
}

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> settings{
      {"address", "FACTURA_ADDRESS",
       [](std::string_view text, ServeConfig& c) -> domain::Result<void> {
         c.address = std::string(text);
         return {};
       }},
      {"port", "FACTURA_PORT", Number(&ServeConfig::port, "port")},
      {"data_dir", "FACTURA_DATA_DIR",
       [](std::string_view text, ServeConfig& c) -> domain::Result<void> {
         c.data_dir = std::string(text);
         return {};
       }},
      {"io_threads", "FACTURA_IO_THREADS", Number(&ServeConfig::io_threads, "io_threads")},
      {"worker_threads", "FACTURA_WORKER_THREADS",
       Number(&ServeConfig::worker_threads, "worker_threads")},
      {"max_body_bytes", "FACTURA_MAX_BODY_BYTES",
       Number(&ServeConfig::max_body_bytes, "max_body_bytes")},
      {"max_header_bytes", "FACTURA_MAX_HEADER_BYTES",
       Number(&ServeConfig::max_header_bytes, "max_header_bytes")},
      {"max_connections", "FACTURA_MAX_CONNECTIONS",
       Number(&ServeConfig::max_connections, "max_connections")},
      {"read_timeout_ms", "FACTURA_READ_TIMEOUT_MS",
       Number(&ServeConfig::read_timeout_ms, "read_timeout_ms")},
      {"rate_limit_per_minute", "FACTURA_RATE_LIMIT_PER_MINUTE",
       Number(&ServeConfig::rate_limit_per_minute, "rate_limit_per_minute")},
      {"overdue_interval_ms", "FACTURA_OVERDUE_INTERVAL_MS",
       Number(&ServeConfig::overdue_interval_ms, "overdue_interval_ms")},
      {"tls_certificate", "FACTURA_TLS_CERTIFICATE",
       [](std::string_view text, ServeConfig& c) -> domain::Result<void> {
         c.tls_certificate = std::string(text);
         return {};
       }},
      {"tls_private_key", "FACTURA_TLS_PRIVATE_KEY",
       [](std::string_view text, ServeConfig& c) -> domain::Result<void> {
         c.tls_private_key = std::string(text);
         return {};
       }},
      {"webhooks_allow_private_targets", "FACTURA_WEBHOOKS_ALLOW_PRIVATE_TARGETS",
       [](std::string_view text, ServeConfig& c) -> domain::Result<void> {
         if (text != "true" && text != "false" && text != "1" && text != "0") {
           return Bad("webhooks_allow_private_targets", "Expected true or false");
         }
         c.webhooks_allow_private_targets = text == "true" || text == "1";
         return {};
       }},
      {"webhook_ca_file", "FACTURA_WEBHOOK_CA_FILE",
       [](std::string_view text, ServeConfig& c) -> domain::Result<void> {
         c.webhook_ca_file = std::string(text);
         return {};
       }},
      {"webhook_timeout_ms", "FACTURA_WEBHOOK_TIMEOUT_MS",
       Number(&ServeConfig::webhook_timeout_ms, "webhook_timeout_ms")},
      {"webhook_retry_delays_ms", "FACTURA_WEBHOOK_RETRY_DELAYS_MS",
       [](std::string_view text, ServeConfig& c) -> domain::Result<void> {
         std::vector<int64_t> delays;
         for (size_t at = 0; at <= text.size();) {
           size_t comma = std::min(text.find(',', at), text.size());
           auto delay =
               ParseNumber<int64_t>(text.substr(at, comma - at), "webhook_retry_delays_ms");
           if (!delay) return std::unexpected(delay.error());
           delays.push_back(*delay);
           at = comma + 1;
         }
         c.webhook_retry_delays_ms = std::move(delays);
         return {};
       }},
      {"webhook_disable_after_ms", "FACTURA_WEBHOOK_DISABLE_AFTER_MS",
       Number(&ServeConfig::webhook_disable_after_ms, "webhook_disable_after_ms")},
      {"webhook_retention_days", "FACTURA_WEBHOOK_RETENTION_DAYS",
       Number(&ServeConfig::webhook_retention_days, "webhook_retention_days")},
      {"webhook_max_concurrency", "FACTURA_WEBHOOK_MAX_CONCURRENCY",
       Number(&ServeConfig::webhook_max_concurrency, "webhook_max_concurrency")},
      {"webhook_max_concurrency_per_endpoint", "FACTURA_WEBHOOK_MAX_CONCURRENCY_PER_ENDPOINT",
       Number(&ServeConfig::webhook_max_concurrency_per_endpoint,
              "webhook_max_concurrency_per_endpoint")},
      {"sse_heartbeat_ms", "FACTURA_SSE_HEARTBEAT_MS",
       Number(&ServeConfig::sse_heartbeat_ms, "sse_heartbeat_ms")},
      {"sse_max_buffer_bytes", "FACTURA_SSE_MAX_BUFFER_BYTES",
       Number(&ServeConfig::sse_max_buffer_bytes, "sse_max_buffer_bytes")},
      {"sse_stall_timeout_ms", "FACTURA_SSE_STALL_TIMEOUT_MS",
       Number(&ServeConfig::sse_stall_timeout_ms, "sse_stall_timeout_ms")},
  };
  return settings;
}

}  // namespace

domain::Result<void> ApplyTomlFile(const std::string& path, ServeConfig& config) {
  // Debian's toml++ reports parse errors by exception; they stop here.
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& error) {
    return Bad("config", "Cannot read " + path + ": " + std::string(error.description()));
  }
  for (const auto& [key, node] : table) {
    const Setting* setting = nullptr;
    for (const Setting& s : Settings()) {
      if (key.str() == s.key) setting = &s;
    }
    if (setting == nullptr) return Bad(std::string(key.str()), "Unknown setting in " + path);
    std::string text;
    if (auto s = node.value<std::string>()) {
      text = *s;
    } else if (auto n = node.value<int64_t>()) {
      text = std::to_string(*n);
    } else if (auto b = node.value<bool>()) {
      text = *b ? "true" : "false";
    } else {
      return Bad(std::string(key.str()), "Expected a string or an integer");
    }
    FACTURA_TRY(setting->set(text, config));
  }
  return {};
}

domain::Result<void> ApplyEnvironment(const std::function<const char*(const char*)>& get,
                                      ServeConfig& config) {
  for (const Setting& setting : Settings()) {
    if (const char* value = get(setting.environment); value != nullptr) {
      FACTURA_TRY(setting.set(value, config));
    }
  }
  return {};
}

domain::Result<void> Validate(const ServeConfig& config) {
  if (config.io_threads < 1 || config.io_threads > 64) return Bad("io_threads", "1 to 64");
  if (config.worker_threads < 1 || config.worker_threads > 64) {
    return Bad("worker_threads", "1 to 64");
  }
  if (config.max_body_bytes < 1024 || config.max_body_bytes > (64u << 20)) {
    return Bad("max_body_bytes", "1 KiB to 64 MiB");
  }
  if (config.max_header_bytes < 1024 || config.max_header_bytes > (1u << 20)) {
    return Bad("max_header_bytes", "1 KiB to 1 MiB");
  }
  if (config.max_connections < 1) return Bad("max_connections", "at least 1");
  if (config.read_timeout_ms < 100) return Bad("read_timeout_ms", "at least 100 ms");
  if (config.data_dir.empty()) return Bad("data_dir", "must not be empty");
  if (config.rate_limit_per_minute < 0) return Bad("rate_limit_per_minute", "0 (off) or more");
  if (config.overdue_interval_ms < 0) return Bad("overdue_interval_ms", "0 (off) or more");
  if (config.webhook_timeout_ms < 100 || config.webhook_timeout_ms > 300'000) {
    return Bad("webhook_timeout_ms", "100 ms to 5 minutes");
  }
  if (config.webhook_retry_delays_ms.empty() || config.webhook_retry_delays_ms.size() > 20) {
    return Bad("webhook_retry_delays_ms", "1 to 20 delays");
  }
  for (int64_t delay : config.webhook_retry_delays_ms) {
    if (delay < 0) return Bad("webhook_retry_delays_ms", "Delays are 0 or more");
  }
  if (config.webhook_disable_after_ms < 1000) {
    return Bad("webhook_disable_after_ms", "at least 1000 ms");
  }
  if (config.webhook_retention_days < 1) return Bad("webhook_retention_days", "at least 1 day");
  if (config.webhook_max_concurrency < 1 || config.webhook_max_concurrency > 4096) {
    return Bad("webhook_max_concurrency", "1 to 4096");
  }
  if (config.webhook_max_concurrency_per_endpoint < 1 ||
      config.webhook_max_concurrency_per_endpoint > config.webhook_max_concurrency) {
    return Bad("webhook_max_concurrency_per_endpoint", "1 to webhook_max_concurrency");
  }
  if (config.sse_heartbeat_ms < 100) return Bad("sse_heartbeat_ms", "at least 100 ms");
  if (config.sse_max_buffer_bytes < 4096) return Bad("sse_max_buffer_bytes", "at least 4 KiB");
  if (config.sse_stall_timeout_ms < 100) return Bad("sse_stall_timeout_ms", "at least 100 ms");
  if (config.tls_certificate.empty() != config.tls_private_key.empty()) {
    return Bad(config.tls_certificate.empty() ? "tls_certificate" : "tls_private_key",
               "HTTPS needs both tls_certificate and tls_private_key");
  }
  return {};
}

}  // namespace factura::api
