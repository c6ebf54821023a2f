#pragma once
// Reads by id fold the durable stream, never a state that is not yet durable (the command
// processor's cache may run ahead of the fsync). With `as_of`, only events recorded up to that
// instant are folded: the resource as it was then.
//
//   auto invoice = ReadAggregate<domain::InvoiceState>(store, org, id, std::nullopt);

#include <optional>
#include <string_view>

#include "api/api_keys.h"
#include "domain/api_key/api_key.h"
#include "domain/customer/customer.h"
#include "domain/events.h"
#include "domain/invoice/invoice.h"
#include "domain/organization/organization.h"
#include "domain/payment/payment.h"
#include "domain/product/product.h"
#include "domain/tax_rate/tax_rate.h"
#include "domain/webhook_endpoint/webhook_endpoint.h"
#include "eventstore/event_store.h"
#include "eventstore/payload_codec.h"

namespace factura::api {

// `state` after `events` (a decision's response shows the state after its own events).
template <typename State>
State FoldEvents(State state, const domain::Events& events) {
  for (const domain::Event& event : events) state = domain::Evolve(std::move(state), event);
  return state;
}

// The state folded from (organization, id)'s stream; a state that does not `exists` when the
// stream is empty. Errors: the store's and the codec's.
template <typename State>
domain::Result<State> ReadAggregate(const eventstore::EventStore& store,
                                    std::string_view organization_id, std::string_view id,
                                    std::optional<domain::Timestamp> as_of) {
  State state;
  std::string stream = StreamIdFor(organization_id, id);
  if (!eventstore::ValidateStreamId(stream)) return state;
  for (uint64_t version = 1;;) {
    auto page = store.ReadStream(stream, version, eventstore::EventStore::kMaxPage);
    if (!page) return std::unexpected(page.error());
    for (const eventstore::EventRecord& record : *page) {
      if (as_of && *as_of < record.recorded_at) return state;
      auto event = eventstore::DecodePayload(record.type, record.schema_version, record.payload);
      if (!event) return std::unexpected(event.error());
      state = domain::Evolve(std::move(state), *event);
    }
    if (page->size() < eventstore::EventStore::kMaxPage) return state;
    version = page->back().stream_version + 1;
  }
}

}  // namespace factura::api
