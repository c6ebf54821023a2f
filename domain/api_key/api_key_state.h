#pragma once
// The ApiKey aggregate's state, folded from its events by `Evolve`.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"

namespace factura::domain {

struct ApiKeyState {
  bool exists = false;
  bool revoked = false;
  uint64_t version = 0;
  std::string id;
  std::string name;
  std::string secret_sha256_hex;
  std::string secret_hint;
  std::vector<std::string> scopes;
  std::optional<Timestamp> expires_at;
  std::optional<Timestamp> revoked_at;
  std::optional<int64_t> rate_limit_per_minute;
  Timestamp created_at;
  Timestamp updated_at;

  bool IsUsableAt(Timestamp now) const {
    return exists && !revoked && (!expires_at || now < *expires_at);
  }
  bool HasScope(std::string_view scope) const {
    return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
  }
};

}  // namespace factura::domain
