#pragma once
// Folding one stream: the one loop that reads a stream's records page by page, so that a
// resource's state (now, as of an instant, or as of a version) is computed the same way
// everywhere — reads by id, the command processor's cache, webhook payloads, the projector.
//
//   auto invoice = FoldStream<domain::InvoiceState>(store, "org_1/inv_1", {.as_of = instant});
//   VisitStream(store, stream, {.through_version = 4}, [&](const EventRecord& r) { ...; return
//   true; });

#include <cstdint>
#include <optional>
#include <string_view>

#include "domain/date.h"
#include "domain/error.h"
#include "domain/events.h"
#include "eventstore/event_store.h"
#include "eventstore/payload_codec.h"

namespace factura::eventstore {

// Where a fold stops: after `through_version`, and before the first record recorded after
// `as_of`, whichever comes first.
struct StreamBound {
  uint64_t through_version = UINT64_MAX;
  std::optional<domain::Timestamp> as_of;
};

// Calls `visit(record)` for each record of `stream_id` within `bound`, in version order, until it
// returns false. `visit` returns bool or domain::Result<bool>. Errors: the store's, `visit`'s.
template <typename Visit>
domain::Result<void> VisitStream(const EventStore& store, std::string_view stream_id,
                                 StreamBound bound, Visit visit) {
  for (uint64_t next = 1; next <= bound.through_version;) {
    uint64_t wanted = std::min<uint64_t>(EventStore::kMaxPage, bound.through_version - next + 1);
    auto page = store.ReadStream(stream_id, next, wanted);
    if (!page) return std::unexpected(page.error());
    for (const EventRecord& record : *page) {
      if (bound.as_of && *bound.as_of < record.recorded_at) return {};
      domain::Result<bool> more = visit(record);
      if (!more) return std::unexpected(more.error());
      if (!*more) return {};
    }
    if (page->size() < wanted) return {};
    next = page->back().stream_version + 1;
  }
  return {};
}

// `state` evolved by the events of `stream_id` within `bound` (an empty state for an empty
// stream). Errors: the store's and the codec's.
template <typename State>
domain::Result<State> FoldStream(const EventStore& store, std::string_view stream_id,
                                 StreamBound bound = {}, State state = {}) {
  auto folded =
      VisitStream(store, stream_id, bound, [&](const EventRecord& record) -> domain::Result<bool> {
        auto event = DecodePayload(record.type, record.schema_version, record.payload);
        if (!event) return std::unexpected(event.error());
        state = domain::Evolve(std::move(state), *event);
        return true;
      });
  if (!folded) return std::unexpected(folded.error());
  return state;
}

}  // namespace factura::eventstore
