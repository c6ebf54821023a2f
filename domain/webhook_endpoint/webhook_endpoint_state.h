#pragma once
// The WebhookEndpoint aggregate's state, folded from its events by `Evolve`.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.h"

namespace factura::domain {

struct WebhookEndpointState {
  bool exists = false;
  bool deleted = false;
  uint64_t version = 0;
  std::string id;
  std::string url;
  std::vector<std::string> events;
  std::optional<std::string> description;
  bool active = true;
  std::optional<std::string> disabled_reason;
  // As recorded: sealed (api/secret_box.h, "sealed:v1:…") since issue 18, in clear before.
  std::string secret;
  std::optional<std::string> previous_secret;  // still signing until previous_expires_at
  Timestamp previous_expires_at;
  Timestamp created_at;
  Timestamp updated_at;

  // The secrets that sign a delivery made at `now` (the new one first).
  std::vector<std::string> SigningSecrets(Timestamp now) const {
    std::vector<std::string> secrets{secret};
    if (previous_secret && now < previous_expires_at) secrets.push_back(*previous_secret);
    return secrets;
  }
};

}  // namespace factura::domain
