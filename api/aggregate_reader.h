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
#include "domain/credit_note/credit_note.h"
#include "domain/customer/customer.h"
#include "domain/events.h"
#include "domain/identity/invitation.h"
#include "domain/identity/oauth_client.h"
#include "domain/identity/roles.h"
#include "domain/identity/session.h"
#include "domain/identity/user.h"
#include "domain/invoice/invoice.h"
#include "domain/organization/organization.h"
#include "domain/payment/payment.h"
#include "domain/product/product.h"
#include "domain/tax_rate/tax_rate.h"
#include "domain/webhook_endpoint/webhook_endpoint.h"
#include "eventstore/event_store.h"
#include "eventstore/payload_codec.h"
#include "eventstore/stream_fold.h"

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
  std::string stream = domain::StreamId::Compose(organization_id, id);
  if (!eventstore::ValidateStreamId(stream)) return State{};
  return eventstore::FoldStream<State>(store, stream, {.as_of = as_of});
}

}  // namespace factura::api
