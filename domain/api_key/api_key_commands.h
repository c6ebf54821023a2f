#pragma once
// Commands of the ApiKey aggregate (seed 000 §2.2).

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace factura::domain {

struct CreateApiKey {
  std::string name;
  std::vector<std::string> scopes;
  std::optional<std::string> expires_at;         // RFC 3339, in the future
  std::optional<int64_t> rate_limit_per_minute;  // narrower than the organization's
};

struct RevokeApiKey {};

struct SetApiKeyRateLimit {
  std::optional<int64_t> rate_limit_per_minute;  // absent: remove the key's own limit
};

using ApiKeyCommand = std::variant<CreateApiKey, RevokeApiKey, SetApiKeyRateLimit>;

}  // namespace factura::domain
