#include "api/webhooks/event_payload.h"

#include "api/http/json_writer.h"
#include "api/http/sparse_fields.h"
#include "api/render.h"
#include "domain/ids.h"
#include "domain/stream_id.h"
#include "domain/webhook_endpoint/webhook_event_types.h"
#include "eventstore/payload_codec.h"
#include "eventstore/stream_fold.h"
#include "projections/webhook_types.h"

namespace factura::api {
namespace {

struct Rendered {
  std::string before;  // "" when the resource did not exist before the event
  std::string after;
};

// What a resource's JSON needs beyond its state: where an invoice's hosted page is.
struct Place {
  const documents::PublicLinks& links;
  std::string_view organization_id;
};

std::string Render(const domain::CustomerState& s, const Place&) { return CustomerJson(s); }
std::string Render(const domain::InvoiceState& s, const Place& place) {
  return InvoiceJson(s, documents::PublicUrl(place.links, place.organization_id, s));
}
std::string Render(const domain::PaymentState& s, const Place&) { return PaymentJson(s); }
std::string Render(const domain::CreditNoteState& s, const Place&) { return CreditNoteJson(s); }
std::string Render(const domain::WebhookEndpointState& s, const Place&) {
  return WebhookEndpointJson(s, std::nullopt);
}

// Folds `stream` up to `version`, rendering the resource after it and before the command that
// wrote it: one request's events (an invoice's InvoiceIssued and InvoiceSent, a payment's
// PaymentApplied and InvoicePaid) are one change to an integrator, so `previous_attributes`
// compares with the state before the first of them.
template <typename State>
domain::Result<Rendered> FoldAround(const eventstore::EventStore& store, const std::string& stream,
                                    uint64_t version, const Place& place) {
  State state;
  State before_request;
  std::string request;  // the request id of the run of records being folded
  auto folded = eventstore::VisitStream(
      store, stream, {.through_version = version},
      [&](const eventstore::EventRecord& record) -> domain::Result<bool> {
        if (record.request_id.empty() || record.request_id != request) before_request = state;
        request = record.request_id;
        auto event = eventstore::DecodePayload(record.type, record.schema_version, record.payload);
        if (!event) return std::unexpected(event.error());
        state = domain::Evolve(std::move(state), *event);
        return true;
      });
  if (!folded) return std::unexpected(folded.error());
  Rendered rendered;
  if (before_request.exists) rendered.before = Render(before_request, place);
  rendered.after = Render(state, place);
  return rendered;
}

domain::Result<Rendered> RenderResource(const eventstore::EventStore& store,
                                        const eventstore::EventRecord& record,
                                        const documents::PublicLinks& links) {
  Place place{links, record.organization_id};
  std::string_view id = domain::StreamId::AggregateOf(record.stream_id);
  if (domain::HasIdPrefix(id, domain::kInvoicePrefix)) {
    return FoldAround<domain::InvoiceState>(store, record.stream_id, record.stream_version, place);
  }
  if (domain::HasIdPrefix(id, domain::kCustomerPrefix)) {
    return FoldAround<domain::CustomerState>(store, record.stream_id, record.stream_version, place);
  }
  if (domain::HasIdPrefix(id, domain::kPaymentPrefix)) {
    return FoldAround<domain::PaymentState>(store, record.stream_id, record.stream_version, place);
  }
  if (domain::HasIdPrefix(id, domain::kCreditNotePrefix)) {
    return FoldAround<domain::CreditNoteState>(store, record.stream_id, record.stream_version,
                                               place);
  }
  if (domain::HasIdPrefix(id, domain::kWebhookPrefix)) {
    return FoldAround<domain::WebhookEndpointState>(store, record.stream_id, record.stream_version,
                                                    place);
  }
  return domain::Reject(domain::ErrorKind::kNotFound, "resource_not_found", "id",
                        "No webhook event at this position");
}

// The members of `after` whose values differ in `before`, with their values before (null for
// members `before` lacks).
std::string PreviousAttributes(std::string_view before, std::string_view after) {
  std::string json = "{";
  if (before.empty()) return json + "}";
  auto previous = Members(before);
  for (const auto& [name, value] : Members(after)) {
    if (name == "version" || name == "updated_at") continue;  // change with every event
    std::string_view old_value = "null";
    for (const auto& [old_name, old] : previous) {
      if (old_name == name) old_value = old;
    }
    if (old_value == value) continue;
    if (json.size() > 1) json += ',';
    json.append("\"").append(name).append("\":").append(old_value);
  }
  return json + "}";
}

std::string EventJson(std::string_view id, std::string_view type, int64_t created,
                      uint64_t sequence, uint64_t position, std::string_view object,
                      std::string_view previous) {
  JsonWriter json;
  json.BeginObject();
  json.Key("id").String(id);
  json.Key("object").String("event");
  json.Key("type").String(type);
  json.Key("created").Int(created);
  json.Key("sequence").Int(static_cast<int64_t>(sequence));
  json.Key("position").Int(static_cast<int64_t>(position));
  json.Key("data").BeginObject();
  json.Key("object").RawJson(object);
  json.Key("previous_attributes").RawJson(previous);
  json.EndObject();
  json.EndObject();
  return std::move(json).Take();
}

}  // namespace

domain::Result<std::vector<WebhookEvent>> RenderWebhookEvents(const eventstore::EventStore& store,
                                                              uint64_t position,
                                                              const documents::PublicLinks& links) {
  auto records = store.ReadLog(position, 1);
  if (!records) return std::unexpected(records.error());
  if (records->empty() || records->front().position != position) {
    return domain::Reject(domain::ErrorKind::kNotFound, "resource_not_found", "position",
                          "No event at this position");
  }
  const eventstore::EventRecord& record = records->front();
  auto event = eventstore::DecodePayload(record.type, record.schema_version, record.payload);
  if (!event) return std::unexpected(event.error());
  // Types first: most records (organization settings, keys) have none and are not rendered.
  auto types =
      projections::WebhookTypesOfRecord(store, record.stream_id, record.stream_version, *event);
  if (!types) return std::unexpected(types.error());
  if (types->empty()) return std::vector<WebhookEvent>{};
  auto rendered = RenderResource(store, record, links);
  if (!rendered) return std::unexpected(rendered.error());
  std::string previous = PreviousAttributes(rendered->before, rendered->after);
  int64_t created = record.recorded_at.micros_since_epoch / 1'000'000;
  std::vector<WebhookEvent> events;
  for (size_t ordinal = 0; ordinal < types->size(); ++ordinal) {
    WebhookEvent out{domain::WebhookEventId(record.event_id, ordinal),
                     std::string((*types)[ordinal]),
                     record.organization_id,
                     position,
                     ordinal,
                     created,
                     ""};
    out.json = EventJson(out.id, out.type, created, record.stream_version, position,
                         rendered->after, previous);
    events.push_back(std::move(out));
  }
  return events;
}

WebhookEvent TestWebhookEvent(std::string id, std::string organization_id, std::string webhook_id,
                              int64_t created) {
  JsonWriter object;
  object.BeginObject().Key("id").String(webhook_id).Key("object").String("webhook").EndObject();
  WebhookEvent event{std::move(id), "webhook.test", std::move(organization_id), 0, 0, created, ""};
  event.json = EventJson(event.id, event.type, created, 0, 0, std::move(object).Take(), "{}");
  return event;
}

}  // namespace factura::api
