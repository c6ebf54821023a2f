#pragma once
// Commands of the WebhookEndpoint aggregate (seed 000 §4.6).

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/patch.h"

namespace factura::domain {

struct CreateWebhookEndpoint {
  std::string url;
  std::vector<std::string> events;
  std::optional<std::string> description;
};

struct UpdateWebhookEndpoint {
  Patch<std::string> url;
  Patch<std::vector<std::string>> events;
  Patch<std::string> description;
  Patch<bool> active;  // re-enabling clears a disabled reason
};

struct DeleteWebhookEndpoint {};

struct RotateWebhookSecret {
  std::optional<int32_t> overlap_hours;  // default 24; how long the old secret keeps signing
};

// From the dispatcher: the receiver answered 410, or failed for three days.
struct DisableWebhookEndpoint {
  std::string reason;
};

using WebhookEndpointCommand =
    std::variant<CreateWebhookEndpoint, UpdateWebhookEndpoint, DeleteWebhookEndpoint,
                 RotateWebhookSecret, DisableWebhookEndpoint>;

}  // namespace factura::domain
