#pragma once
// Commands of the ApiKey aggregate (seed 000 §2.2).

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace factura::domain {

struct CreateApiKey {
  std::string name;
  std::vector<std::string> scopes;
  std::optional<std::string> expires_at;  // RFC 3339, in the future
};

struct RevokeApiKey {};

using ApiKeyCommand = std::variant<CreateApiKey, RevokeApiKey>;

}  // namespace factura::domain
