#pragma once
// `factura serve` settings. Sources, highest priority first: command-line flags, FACTURA_*
// environment variables, an optional TOML file (--config), then these defaults.
//
//   # factura.toml
//   address = "0.0.0.0"
//   port = 8080
//   data_dir = "/var/lib/factura"
//   io_threads = 2
//   max_body_bytes = 1048576
//   tls_certificate = "/etc/factura/cert.pem"   # with tls_private_key: HTTPS
//   tls_private_key = "/etc/factura/key.pem"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "api/webhooks/retry_schedule.h"
#include "domain/error.h"

namespace factura::api {

struct ServeConfig {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;
  std::string data_dir = "./data";
  int io_threads = 2;
  int worker_threads = 2;
  size_t max_body_bytes = 1 << 20;
  size_t max_header_bytes = 16 << 10;
  size_t max_connections = 4096;
  int64_t read_timeout_ms = 30'000;
  // Rate limits by plan (api/http/request_gate.h); organizations without one have default_plan.
  bool rate_limiting = true;
  std::string default_plan = "enterprise";
  int64_t overdue_interval_ms = 60'000;  // how often overdue invoices are marked; 0 disables
  // HTTPS when both are set: PEM files of the certificate chain and its private key.
  std::string tls_certificate;
  std::string tls_private_key;
  // The log (api/logging.h): standard error, text or JSON lines.
  std::string log_level = "info";
  std::string log_format = "text";
  std::string request_log_level = "debug";  // a line per request, written when at log_level

  // Webhooks (DESIGN.md §5). Private targets (loopback, RFC 1918, ...) are refused unless
  // allowed: tests and on-premises receivers allow them.
  bool webhooks_allow_private_targets = false;
  int64_t webhook_timeout_ms = 15'000;
  // PEM file of certificate authorities trusted for https endpoints besides the system's (a
  // private PKI); empty: the system's only.
  std::string webhook_ca_file;
  // Delay before each attempt after the first failure (the default spreads ten attempts over
  // about three days); jittered by up to a fifth.
  std::vector<int64_t> webhook_retry_delays_ms = DefaultRetryDelaysMs();
  // An endpoint failing without a success for this long is disabled.
  int64_t webhook_disable_after_ms = 3LL * 24 * 3600 * 1000;
  // Finished deliveries and their attempts are kept this long (then swept; replays recreate).
  int64_t webhook_retention_days = 30;
  int64_t webhook_max_concurrency = 64;  // deliveries in flight, all endpoints
  int64_t webhook_max_concurrency_per_endpoint = 4;

  // Server-sent events (/v1/events/stream).
  int64_t sse_heartbeat_ms = 15'000;
  size_t sse_max_buffer_bytes = 1 << 20;  // queued for one client
  int64_t sse_stall_timeout_ms = 10'000;  // the queue full this long: the client is cut off

  // People (api/identity/): access tokens signed with a key under <data_dir>/keys.
  std::string token_issuer = "factura";
  std::string token_audience = "factura-api";
  int64_t access_token_ttl_seconds = 900;
  int64_t refresh_token_ttl_days = 30;
  int64_t token_clock_skew_seconds = 30;
  int64_t password_reset_ttl_seconds = 3600;
  // OAuth 2.0: how long an authorization code is good; the URL clients reach this server at
  // (RFC 8414's issuer; empty: taken from each request's Host).
  int64_t oauth_code_ttl_seconds = 60;
  std::string public_url;
  // An external identity provider (api/identity/external_tokens.h): off while idp_issuer is
  // empty.
  std::string idp_issuer;
  std::string idp_audience;
  std::string idp_jwks_file;
  std::string idp_email_claim = "email";
  std::string idp_organization_claim = "org_id";
  // Login throttling (api/identity/login_throttle.h).
  int64_t login_free_failures = 5;
  int64_t login_lock_after = 10;
  int64_t login_lock_seconds = 900;
};

// Errors name the setting: `invalid_config` (param "port", ...), `config_not_found`.
[[nodiscard]] domain::Result<void> ApplyTomlFile(const std::string& path, ServeConfig& config);

// Reads FACTURA_<KEY> for every setting's key (FACTURA_PORT, FACTURA_WEBHOOK_RETRY_DELAYS_MS
// comma-separated, ...) through `get` (std::getenv in production).
[[nodiscard]] domain::Result<void> ApplyEnvironment(
    const std::function<const char*(const char*)>& get, ServeConfig& config);

// Sets one setting from its text, as the file and the environment would. Errors: `invalid_config`
// naming the setting (an unknown key included).
[[nodiscard]] domain::Result<void> ApplySetting(std::string_view key, std::string_view text,
                                                ServeConfig& config);

// Every setting, for --help and the flags: each once, in one table.
struct SettingInfo {
  std::string key;          // in the TOML file
  std::string environment;  // FACTURA_…
  std::string flag;         // --…
  std::string default_value;
  std::string help;
};
[[nodiscard]] std::vector<SettingInfo> DescribeSettings();

// Range checks across settings. Errors: `invalid_config` naming the setting.
[[nodiscard]] domain::Result<void> Validate(const ServeConfig& config);

}  // namespace factura::api
