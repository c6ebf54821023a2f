#pragma once
// Webhook events as integrators see them (seed 000 §5): rendered from the log on demand, so a
// delivery, its retries, a replay, /v1/events and the live stream all carry the same bytes.
//
//   {"id":"evt_…","object":"event","type":"invoice.paid","created":1764489600,"sequence":4,
//    "position":1234,"data":{"object":{…the invoice after the event…},
//                            "previous_attributes":{"status":"sent","amount_paid":0.00}}}
//
// `sequence` is the resource's version after the event (it orders one resource's events);
// `previous_attributes` holds the top-level members the event changed, with their values before
// (empty for a creation).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/documents/public_links.h"
#include "domain/error.h"
#include "domain/events.h"
#include "eventstore/event_store.h"

namespace factura::api {

struct WebhookEvent {
  std::string id;
  std::string type;
  std::string organization_id;
  uint64_t position = 0;
  size_t ordinal = 0;
  int64_t created = 0;  // seconds since the epoch
  std::string json;
};

// The webhook events of the log record at `position`, rendered (none for records integrators
// are not told about). Errors: the store's and the codec's; kNotFound past the head.
// `links`: for the invoices' hosted pages (`public_url`).
[[nodiscard]] domain::Result<std::vector<WebhookEvent>> RenderWebhookEvents(
    const eventstore::EventStore& store, uint64_t position, const documents::PublicLinks& links);

// The `webhook.test` event POST /v1/webhooks/{id}/test sends.
[[nodiscard]] WebhookEvent TestWebhookEvent(std::string id, std::string organization_id,
                                            std::string webhook_id, int64_t created);

}  // namespace factura::api
