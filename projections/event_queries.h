#pragma once
// Queries over the events read model (the webhook events each log record stands for, in the
// order integrators see them: by position, then ordinal within the record). The events' bodies
// are rendered from the log (api/webhooks/event_payload.h); these find which ones.
//
//   auto page = EventsAfter(db, org, {.position = 1234, .ordinal = 0}, {"invoice.paid"},
//                           std::nullopt, 100);

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"
#include "projections/sqlite.h"

namespace factura::projections {

struct EventRow {
  std::string id;  // evt_…
  std::string type;
  uint64_t position = 0;
  int64_t ordinal = 0;                     // of the webhook events one log record stands for
  std::optional<std::string> customer_id;  // the customer its resource belongs to
};

// An event's place in the order: (position, ordinal).
struct EventPlace {
  uint64_t position = 0;
  int64_t ordinal = 0;
};

// The organization's events after `after`, oldest first, of `types` (every type when empty) and
// of `customer_id`'s resources (when given), at most `limit`. Errors: kInternal `sqlite_error`.
[[nodiscard]] domain::Result<std::vector<EventRow>> EventsAfter(
    Database& db, std::string_view organization_id, EventPlace after,
    const std::vector<std::string>& types, const std::optional<std::string>& customer_id,
    size_t limit);

// The organization's event `id`, if there is one. Errors: kInternal `sqlite_error`.
[[nodiscard]] domain::Result<std::optional<EventRow>> FindEvent(Database& db,
                                                                std::string_view organization_id,
                                                                std::string_view id);

// The organization's events with a position and a creation instant (microseconds) in both
// closed ranges, oldest first, handed to `visit` until it returns false. Errors: kInternal.
struct EventRange {
  uint64_t from_position = 0;
  uint64_t to_position = UINT64_MAX;
  int64_t from_created = INT64_MIN;
  int64_t to_created = INT64_MAX;
};
[[nodiscard]] domain::Result<void> VisitEventsInRange(
    Database& db, std::string_view organization_id, const EventRange& range,
    const std::function<bool(const EventRow&)>& visit);

}  // namespace factura::projections
