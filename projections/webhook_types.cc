#include "projections/webhook_types.h"

#include "domain/any_state.h"
#include "domain/webhook_endpoint/webhook_event_types.h"
#include "eventstore/stream_fold.h"

namespace factura::projections {

domain::Result<std::vector<std::string_view>> WebhookTypesOfRecord(
    const eventstore::EventStore& store, std::string_view stream_id, uint64_t stream_version,
    const domain::Event& event) {
  if (!std::holds_alternative<domain::PaymentApplied>(event)) {
    return domain::WebhookTypesOf(event, domain::AnyState{domain::OrganizationState{}});
  }
  auto invoice = eventstore::FoldStream<domain::InvoiceState>(store, stream_id,
                                                              {.through_version = stream_version});
  if (!invoice) return std::unexpected(invoice.error());
  return domain::WebhookTypesOf(event, domain::AnyState{std::move(*invoice)});
}

}  // namespace factura::projections
