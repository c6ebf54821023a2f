#pragma once
// The WebhookEndpoint aggregate: where integrators receive events, and the secret that signs
// them. Whether a URL's host resolves to a private address is checked where names are resolved
// (the API and the dispatcher), not here: the domain sees only the URL's shape.

#include <array>
#include <string>
#include <string_view>

#include "domain/error.h"
#include "domain/events.h"
#include "domain/webhook_endpoint/webhook_endpoint_commands.h"
#include "domain/webhook_endpoint/webhook_endpoint_state.h"

namespace factura::domain {

// Seed 000 §5, plus "*" for all.
inline constexpr std::array<std::string_view, 19> kWebhookEventTypes = {
    "*",
    "credit_note.created",
    "customer.created",
    "customer.deleted",
    "customer.updated",
    "invoice.created",
    "invoice.deleted",
    "invoice.overdue",
    "invoice.paid",
    "invoice.partially_paid",
    "invoice.sent",
    "invoice.updated",
    "invoice.viewed",
    "invoice.voided",
    "payment.created",
    "payment.failed",
    "payment.received",
    "payment.refunded",
    "payment.succeeded",
};

inline constexpr size_t kMaxWebhookUrlLength = 2048;
inline constexpr int32_t kMaxSecretOverlapHours = 7 * 24;

struct WebhookEndpointContext {
  Timestamp now;
  std::string new_webhook_id;  // CreateWebhookEndpoint
  std::string new_secret;      // CreateWebhookEndpoint, RotateWebhookSecret: whsec_…
};

// Errors: `webhook_exists`, `webhook_not_found`, `invalid_url` (param `url`),
// `invalid_event_type` (param `events[i]`), `events_required`, `invalid_overlap`,
// `webhook_disabled`, field errors.
[[nodiscard]] Result<Events> Decide(const WebhookEndpointState& state,
                                    const WebhookEndpointCommand& command,
                                    const WebhookEndpointContext& context);

WebhookEndpointState Evolve(WebhookEndpointState state, const Event& event);

// http(s)://host[:port][/path], no credentials, no blanks, at most 2048 bytes.
[[nodiscard]] Result<void> ValidateWebhookUrl(std::string_view url);

}  // namespace factura::domain
