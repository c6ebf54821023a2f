#include "api/config.h"

#include <toml++/toml.h>

#include <cctype>
#include <charconv>

#include "api/logging.h"
#include "domain/organization/rate_plan.h"

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

// One table of settings, so that the TOML file, the environment, the flags and --help cannot
// drift apart: each setting's key, what sets it from text, what shows its value, and its help.
struct Setting {
  const char* key;  // TOML key; FACTURA_<KEY> and --<key-with-dashes> follow from it
  std::function<domain::Result<void>(std::string_view, ServeConfig&)> set;
  std::function<std::string(const ServeConfig&)> show;
  const char* help;
};

template <typename T>
Setting Number(const char* key, T ServeConfig::*field, const char* help) {
  return {key,
          [field, key](std::string_view text, ServeConfig& config) -> domain::Result<void> {
            auto value = ParseNumber<T>(text, key);
            if (!value) return std::unexpected(value.error());
            config.*field = *value;
            return {};
          },
          [field](const ServeConfig& config) { return std::to_string(config.*field); }, help};
}

Setting Text(const char* key, std::string ServeConfig::*field, const char* help) {
  return {key,
          [field](std::string_view text, ServeConfig& config) -> domain::Result<void> {
            config.*field = std::string(text);
            return {};
          },
          [field](const ServeConfig& config) { return config.*field; }, help};
}

Setting Flag(const char* key, bool ServeConfig::*field, const char* help) {
  return {key,
          [field, key](std::string_view text, ServeConfig& config) -> domain::Result<void> {
            if (text != "true" && text != "false" && text != "1" && text != "0") {
              return Bad(key, "Expected true or false");
            }
            config.*field = text == "true" || text == "1";
            return {};
          },
          [field](const ServeConfig& config) -> std::string {
            return config.*field ? "true" : "false";
          },
          help};
}

Setting Delays(const char* key, std::vector<int64_t> ServeConfig::*field, const char* help) {
  return {key,
          [field, key](std::string_view text, ServeConfig& config) -> domain::Result<void> {
            std::vector<int64_t> delays;
            for (size_t at = 0; at <= text.size();) {
              size_t comma = std::min(text.find(',', at), text.size());
              auto delay = ParseNumber<int64_t>(text.substr(at, comma - at), key);
              if (!delay) return std::unexpected(delay.error());
              delays.push_back(*delay);
              at = comma + 1;
            }
            config.*field = std::move(delays);
            return {};
          },
          [field](const ServeConfig& config) {
            std::string shown;
            for (int64_t delay : config.*field) {
              shown += (shown.empty() ? "" : ",") + std::to_string(delay);
            }
            return shown;
          },
          help};
}

const std::vector<Setting>& Settings() {
  using C = ServeConfig;
  static const std::vector<Setting> settings{
      Text("address", &C::address, "Listen address"),
      Number("port", &C::port, "Listen port, 0 for any free one"),
      Text("data_dir", &C::data_dir, "Data directory: the event log and the read models"),
      Number("io_threads", &C::io_threads, "Threads that move HTTP bytes"),
      Number("worker_threads", &C::worker_threads,
             "Threads for blocking reads (the log, the read models)"),
      Number("max_body_bytes", &C::max_body_bytes, "Largest request body (413 past it)"),
      Number("max_header_bytes", &C::max_header_bytes, "Largest header block (431 past it)"),
      Number("max_connections", &C::max_connections, "Open connections at most"),
      Number("read_timeout_ms", &C::read_timeout_ms, "Time to receive a whole request (408)"),
      Flag("rate_limiting", &C::rate_limiting,
           "Hold organizations and keys to their rate limits (plans: starter 100, professional "
           "1000, enterprise 10000 a minute; a tenth of that a second, at least 10)"),
      Text("default_plan", &C::default_plan,
           "Rate-limit plan of organizations without one: starter, professional, enterprise"),
      Number("overdue_interval_ms", &C::overdue_interval_ms,
             "How often invoices past due are marked overdue; 0 disables"),
      Text("tls_certificate", &C::tls_certificate,
           "PEM certificate chain; with tls_private_key, serve HTTPS"),
      Text("tls_private_key", &C::tls_private_key, "PEM private key of tls_certificate"),
      Text("log_level", &C::log_level,
           "Least level logged: trace, debug, info, warn, error, critical, off"),
      Text("log_format", &C::log_format, "Log lines as text or json"),
      Text("request_log_level", &C::request_log_level,
           "Level of the line logged per request (request id, organization, route, status, "
           "latency)"),
      Flag("webhooks_allow_private_targets", &C::webhooks_allow_private_targets,
           "Allow webhook URLs on loopback and private networks"),
      Text("webhook_ca_file", &C::webhook_ca_file,
           "PEM file of extra certificate authorities for https webhook endpoints"),
      Number("webhook_timeout_ms", &C::webhook_timeout_ms, "Time allowed for one delivery"),
      Delays("webhook_retry_delays_ms", &C::webhook_retry_delays_ms,
             "Delays before each retry, comma-separated (jittered by up to a fifth)"),
      Number("webhook_disable_after_ms", &C::webhook_disable_after_ms,
             "An endpoint failing this long without a success is disabled"),
      Number("webhook_retention_days", &C::webhook_retention_days,
             "Days finished deliveries are kept"),
      Number("webhook_max_concurrency", &C::webhook_max_concurrency,
             "Deliveries in flight, all endpoints"),
      Number("webhook_max_concurrency_per_endpoint", &C::webhook_max_concurrency_per_endpoint,
             "Deliveries in flight to one endpoint"),
      Number("sse_heartbeat_ms", &C::sse_heartbeat_ms, "Heartbeat interval of event streams"),
      Number("sse_max_buffer_bytes", &C::sse_max_buffer_bytes,
             "Bytes queued for one event-stream client"),
      Number("sse_stall_timeout_ms", &C::sse_stall_timeout_ms,
             "A stream client whose queue stays full this long is cut off"),
      Text("token_issuer", &C::token_issuer, "`iss` of the access tokens this server signs"),
      Text("token_audience", &C::token_audience, "`aud` of the access tokens this server signs"),
      Number("access_token_ttl_seconds", &C::access_token_ttl_seconds,
             "Lifetime of a user's access token"),
      Number("refresh_token_ttl_days", &C::refresh_token_ttl_days,
             "Lifetime of a login's refresh tokens (rotated on each use)"),
      Number("token_clock_skew_seconds", &C::token_clock_skew_seconds,
             "Clock skew allowed when checking exp and nbf (at most 300)"),
      Number("password_reset_ttl_seconds", &C::password_reset_ttl_seconds,
             "Lifetime of a password-reset token"),
      Number("oauth_code_ttl_seconds", &C::oauth_code_ttl_seconds,
             "Lifetime of an OAuth authorization code (at most 600)"),
      Text("idp_issuer", &C::idp_issuer,
           "`iss` of an external identity provider's tokens (empty: none accepted)"),
      Text("idp_audience", &C::idp_audience, "`aud` the provider's tokens must name"),
      Text("idp_jwks_file", &C::idp_jwks_file,
           "The provider's keys (a JWKS file; replace it to rotate, read again when it changes)"),
      Text("idp_email_claim", &C::idp_email_claim, "The claim naming the Factura user by e-mail"),
      Text("idp_organization_claim", &C::idp_organization_claim,
           "The claim naming the organization (else X-Org-Id, else the user's first)"),
      Text("public_url", &C::public_url,
           "The URL clients reach this server at, e.g. https://billing.example.com (empty: from "
           "each request's Host)"),
      Number("login_free_failures", &C::login_free_failures,
             "Failed logins per account or address before each further one doubles a delay"),
      Number("login_lock_after", &C::login_lock_after,
             "Failed logins that lock the account or address for login_lock_seconds"),
      Number("login_lock_seconds", &C::login_lock_seconds, "How long a login lock lasts"),
  };
  return settings;
}

std::string EnvironmentName(std::string_view key) {
  std::string name = "FACTURA_";
  for (char c : key) name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return name;
}

const Setting* FindSetting(std::string_view key) {
  for (const Setting& setting : Settings()) {
    if (key == setting.key) return &setting;
  }
  return nullptr;
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
    const Setting* setting = FindSetting(key.str());
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
    if (const char* value = get(EnvironmentName(setting.key).c_str()); value != nullptr) {
      FACTURA_TRY(setting.set(value, config));
    }
  }
  return {};
}

domain::Result<void> ApplySetting(std::string_view key, std::string_view text,
                                  ServeConfig& config) {
  const Setting* setting = FindSetting(key);
  if (setting == nullptr) return Bad(std::string(key), "Unknown setting");
  return setting->set(text, config);
}

std::vector<SettingInfo> DescribeSettings() {
  ServeConfig defaults;
  std::vector<SettingInfo> described;
  for (const Setting& setting : Settings()) {
    std::string flag = "--";
    for (char c : std::string_view(setting.key)) flag.push_back(c == '_' ? '-' : c);
    described.push_back(
        {setting.key, EnvironmentName(setting.key), flag, setting.show(defaults), setting.help});
  }
  return described;
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
  if (domain::FindRatePlan(config.default_plan) == nullptr) {
    return Bad("default_plan", "starter, professional or enterprise");
  }
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
  if (config.token_issuer.empty()) return Bad("token_issuer", "not empty");
  if (config.token_audience.empty()) return Bad("token_audience", "not empty");
  if (!config.idp_issuer.empty()) {
    if (config.idp_issuer == config.token_issuer) {
      return Bad("idp_issuer", "another issuer than token_issuer");
    }
    if (config.idp_audience.empty()) return Bad("idp_audience", "set with idp_issuer");
    if (config.idp_jwks_file.empty()) return Bad("idp_jwks_file", "set with idp_issuer");
    if (config.idp_email_claim.empty()) return Bad("idp_email_claim", "not empty");
  }
  if (config.oauth_code_ttl_seconds < 5 || config.oauth_code_ttl_seconds > 600) {
    return Bad("oauth_code_ttl_seconds", "5 s to 10 minutes");
  }
  if (!config.public_url.empty() && !config.public_url.starts_with("https://") &&
      !config.public_url.starts_with("http://")) {
    return Bad("public_url", "an http or https URL");
  }
  if (config.access_token_ttl_seconds < 10 || config.access_token_ttl_seconds > 86'400) {
    return Bad("access_token_ttl_seconds", "10 s to a day");
  }
  if (config.refresh_token_ttl_days < 1 || config.refresh_token_ttl_days > 365) {
    return Bad("refresh_token_ttl_days", "1 to 365 days");
  }
  if (config.token_clock_skew_seconds < 0 || config.token_clock_skew_seconds > 300) {
    return Bad("token_clock_skew_seconds", "0 to 300 s");
  }
  if (config.password_reset_ttl_seconds < 60 || config.password_reset_ttl_seconds > 7 * 86'400) {
    return Bad("password_reset_ttl_seconds", "a minute to a week");
  }
  if (config.login_free_failures < 0 || config.login_lock_after <= config.login_free_failures ||
      config.login_lock_after > 1000) {
    return Bad("login_lock_after", "more than login_free_failures, at most 1000");
  }
  if (config.login_lock_seconds < 1 || config.login_lock_seconds > 86'400) {
    return Bad("login_lock_seconds", "1 s to a day");
  }
  for (auto [setting, level] : {std::pair{"log_level", &config.log_level},
                                {"request_log_level", &config.request_log_level}}) {
    if (auto parsed = ParseLogLevel(*level, setting); !parsed) {
      return std::unexpected(parsed.error());
    }
  }
  if (config.log_format != "text" && config.log_format != "json") {
    return Bad("log_format", "Expected text or json");
  }
  if (config.tls_certificate.empty() != config.tls_private_key.empty()) {
    return Bad(config.tls_certificate.empty() ? "tls_certificate" : "tls_private_key",
               "HTTPS needs both tls_certificate and tls_private_key");
  }
  return {};
}

}  // namespace factura::api
