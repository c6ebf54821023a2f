#include "api/identity/opaque_tokens.h"

#include "api/api_keys.h"
#include "domain/ids.h"

namespace factura::api {

std::string NewTokenSecret() { return RandomBase32(kTokenSecretCharacters); }

std::optional<std::string> IdOfToken(std::string_view token, std::string_view prefix) {
  size_t dot = token.find('.');
  if (dot == std::string_view::npos || token.size() > 512) return std::nullopt;
  std::string id(token.substr(0, dot));
  if (!domain::ValidateId(id, prefix, "token")) return std::nullopt;
  return id;
}

}  // namespace factura::api
