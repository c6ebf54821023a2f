#pragma once
// Which webhook event types a log record stands for (`invoice.paid`, `payment.created`, ...): the
// one place that applies domain::WebhookTypesOf to the log, shared by the webhook outbox, the
// events read model and the payloads the dispatcher renders.

#include <cstdint>
#include <string_view>
#include <vector>

#include "domain/error.h"
#include "domain/events.h"
#include "eventstore/event_store.h"

namespace factura::projections {

// The types of `event`, the record at (stream_id, stream_version). Only a PaymentApplied needs
// its invoice's state (partially paid or settled), which is then folded from the stream up to
// that version. Errors: the store's and the codec's.
[[nodiscard]] domain::Result<std::vector<std::string_view>> WebhookTypesOfRecord(
    const eventstore::EventStore& store, std::string_view stream_id, uint64_t stream_version,
    const domain::Event& event);

}  // namespace factura::projections
