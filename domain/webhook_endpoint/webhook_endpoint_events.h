#pragma once
// Events of the WebhookEndpoint aggregate (stream: the endpoint's id).
//
// The signing secret is recorded in the event because the dispatcher needs it in clear to sign;
// whoever can read the log can read it, exactly as whoever can read the database could.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "domain/patch.h"

namespace factura::domain {

struct WebhookEndpointCreated {
  static constexpr std::string_view kType = "WebhookEndpointCreated";
  std::string webhook_id;
  std::string url;
  std::vector<std::string> events;  // event types, or "*"
  std::optional<std::string> description;
  std::string secret;  // whsec_…
  Timestamp at;
  friend bool operator==(const WebhookEndpointCreated&, const WebhookEndpointCreated&) = default;
};

struct WebhookEndpointUpdated {
  static constexpr std::string_view kType = "WebhookEndpointUpdated";
  std::string webhook_id;
  Patch<std::string> url;
  Patch<std::vector<std::string>> events;
  Patch<std::string> description;
  Patch<bool> active;
  Timestamp at;
  friend bool operator==(const WebhookEndpointUpdated&, const WebhookEndpointUpdated&) = default;
};

// The previous secret keeps signing, beside the new one, until `previous_expires_at`.
struct WebhookEndpointSecretRotated {
  static constexpr std::string_view kType = "WebhookEndpointSecretRotated";
  std::string webhook_id;
  std::string secret;
  Timestamp previous_expires_at;
  Timestamp at;
  friend bool operator==(const WebhookEndpointSecretRotated&,
                         const WebhookEndpointSecretRotated&) = default;
};

struct WebhookEndpointDisabled {
  static constexpr std::string_view kType = "WebhookEndpointDisabled";
  std::string webhook_id;
  std::string reason;  // "gone" (410), "failing" (3 days of failures)
  Timestamp at;
  friend bool operator==(const WebhookEndpointDisabled&, const WebhookEndpointDisabled&) = default;
};

struct WebhookEndpointDeleted {
  static constexpr std::string_view kType = "WebhookEndpointDeleted";
  std::string webhook_id;
  Timestamp at;
  friend bool operator==(const WebhookEndpointDeleted&, const WebhookEndpointDeleted&) = default;
};

}  // namespace factura::domain
