#pragma once
// Rebuilding in-memory indexes at start: one pass over the log, decoding only the event types
// the index cares about (the others are skipped by their type name, undecoded).
//
//   ScanEvents(store, {ApiKeyCreated::kType, ApiKeyRevoked::kType},
//              [&](std::string_view organization_id, const domain::Event& e) { ... });

#include <functional>
#include <initializer_list>
#include <string_view>

#include "domain/events.h"
#include "eventstore/event_store.h"

namespace factura::api {

// Errors: the store's, and the codec's for a record that does not decode.
[[nodiscard]] domain::Result<void> ScanEvents(
    const eventstore::EventStore& store, std::initializer_list<std::string_view> types,
    const std::function<void(std::string_view organization_id, const domain::Event&)>& visit);

}  // namespace factura::api
