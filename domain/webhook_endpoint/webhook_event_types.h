#pragma once
// Which webhook events (seed 000 §5) an event of the log stands for. The event list
// (/v1/events), the live stream and the outbox all ask this one function, so an integrator sees
// the same events whichever way they consume them.

#include <string>
#include <string_view>
#include <vector>

#include "domain/any_state.h"
#include "domain/events.h"

namespace factura::domain {

// The webhook event types `event` stands for, given its aggregate's state after it, in the
// order they are published; empty when integrators are not told (organization settings, number
// reservations, API keys, an invoice's issue, which `invoice.sent` reports).
std::vector<std::string_view> WebhookTypesOf(const Event& event, const AnyState& after);

// The id of the `ordinal`th webhook event of the log event `event_id`: the log's id for the
// first, `<id>_<ordinal>` for the next ones (a payment's `payment.created` and
// `payment.succeeded`). Stable: redeliveries and replays carry the same id.
std::string WebhookEventId(std::string_view event_id, size_t ordinal);

// Whether an endpoint subscribed to `subscribed` ("*" or types) receives `type`.
bool IsSubscribed(const std::vector<std::string>& subscribed, std::string_view type);

}  // namespace factura::domain
