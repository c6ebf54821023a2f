#pragma once
// Events of the ApiKey aggregate (stream: the key's id). The secret itself is never recorded:
// only its SHA-256, computed outside the domain.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"

namespace factura::domain {

struct ApiKeyCreated {
  static constexpr std::string_view kType = "ApiKeyCreated";
  std::string api_key_id;
  std::string name;
  std::string secret_sha256_hex;
  std::string secret_hint;  // the last four characters, to tell keys apart in lists
  std::vector<std::string> scopes;
  std::optional<Timestamp> expires_at;
  Timestamp at;
  friend bool operator==(const ApiKeyCreated&, const ApiKeyCreated&) = default;
};

struct ApiKeyRevoked {
  static constexpr std::string_view kType = "ApiKeyRevoked";
  std::string api_key_id;
  Timestamp at;
  friend bool operator==(const ApiKeyRevoked&, const ApiKeyRevoked&) = default;
};

// A custom rate limit for this key alone (absent: none, the organization's applies). It can only
// narrow the organization's limit: the gate applies the smaller of the two.
struct ApiKeyRateLimitSet {
  static constexpr std::string_view kType = "ApiKeyRateLimitSet";
  std::string api_key_id;
  std::optional<int64_t> rate_limit_per_minute;
  Timestamp at;
  friend bool operator==(const ApiKeyRateLimitSet&, const ApiKeyRateLimitSet&) = default;
};

}  // namespace factura::domain
