// GET /v1/events (the list) and /v1/events/{id}: webhook events, rendered from the log; GET
// /v1/events/stream: the live stream (event_stream.cc).
#include <charconv>
#include <set>

#include "api/http/app.h"
#include "api/http/customer_scope.h"
#include "api/http/list_support.h"
#include "api/http/route_support.h"
#include "api/webhooks/event_payload.h"
#include "domain/ids.h"
#include "projections/event_queries.h"
#include "projections/tables/journal.h"

namespace factura::api {

namespace {

// "123" or "123.1" (position, ordinal): what `after` and Last-Event-ID carry.
std::optional<std::pair<uint64_t, int64_t>> ParseResumePoint(std::string_view text) {
  size_t dot = text.find('.');
  std::string_view position_text = text.substr(0, dot);
  uint64_t position = 0;
  auto [end, error] =
      std::from_chars(position_text.data(), position_text.data() + position_text.size(), position);
  if (error != std::errc() || end != position_text.data() + position_text.size() ||
      position_text.empty() || position > static_cast<uint64_t>(INT64_MAX)) {
    return std::nullopt;
  }
  if (dot == std::string_view::npos) return std::pair{position, INT64_MAX};
  std::string_view ordinal_text = text.substr(dot + 1);
  int64_t ordinal = 0;
  auto [ordinal_end, ordinal_error] =
      std::from_chars(ordinal_text.data(), ordinal_text.data() + ordinal_text.size(), ordinal);
  if (ordinal_error != std::errc() || ordinal_end != ordinal_text.data() + ordinal_text.size() ||
      ordinal < 0) {
    return std::nullopt;
  }
  return std::pair{position, ordinal};
}

const std::set<std::string, std::less<>> kStreamParameters{"after", "types", "type"};

}  // namespace

void App::DeclareEventRoutes() {
  router_.Add(
      http::verb::get, "/v1/events/stream", "events.stream", "events:read",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        if (auto known = RejectUnknownQueryParameters(context.request, {&kStreamParameters});
            !known) {
          co_return Error(known.error());
        }
        StreamStart start{
            context.grant.organization_id, 0, INT64_MAX, {}, ConfinedTo(context.grant)};
        auto last_event_id = context.request.find("Last-Event-ID");
        std::optional<std::string> after = QueryParameter(context.request, "after");
        std::string param = "after";
        if (last_event_id != context.request.end()) {
          after = std::string(last_event_id->value());
          param = "Last-Event-ID";
        }
        if (after) {
          auto resume = ParseResumePoint(*after);
          if (!resume) {
            co_return Error(domain::Invalid("invalid_position", param,
                                            "Expected a position, or the id of an event frame")
                                .error());
          }
          start.position = resume->first;
          start.ordinal = resume->second;
        }
        for (const char* name : {"types", "type"}) {
          auto text = QueryParameter(context.request, name);
          if (!text) continue;
          for (size_t at = 0; at <= text->size();) {
            size_t comma = std::min(text->find(',', at), text->size());
            if (comma == at || start.types.size() == 20) {
              co_return Error(domain::Invalid("invalid_filter", name,
                                              "Give up to 20 event types, comma-separated")
                                  .error());
            }
            start.types.emplace_back(text->substr(at, comma - at));
            at = comma + 1;
          }
        }
        ApiResponse response{200, "",           "text/event-stream",
                             {},  std::nullopt, EventStream(std::move(start))};
        response.headers.emplace_back("Cache-Control", "no-cache");
        response.headers.emplace_back("X-Accel-Buffering", "no");
        co_return response;
      });

  router_.Add(
      http::verb::get, "/v1/events/{id}", "events.retrieve", "events:read",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        std::string id = context.params.find("id")->second;
        auto not_found = [&id] {
          return Error(domain::Reject(domain::ErrorKind::kNotFound, "resource_not_found", "id",
                                      "No event found with id '" + id.substr(0, 80) + "'")
                           .error());
        };
        if (!id.starts_with("evt_") || id.size() > 64) co_return not_found();
        eventstore::EventStore* store = &store_;
        const documents::PublicLinks* links = &processor_.public_links();
        Query query =
            [id, store, links, org = context.grant.organization_id,
             grant = context.grant](projections::Database& db) -> domain::Result<std::string> {
          auto event = projections::FindEvent(db, org, id);
          if (!event) return std::unexpected(event.error());
          if (!*event || !Sees(grant, (*event)->customer_id.value_or(""))) {
            return domain::Reject(domain::ErrorKind::kNotFound, "resource_not_found", "id",
                                  "No event found with id '" + id.substr(0, 80) + "'");
          }
          auto events = RenderWebhookEvents(*store, (*event)->position, *links);
          if (!events) return std::unexpected(events.error());
          auto ordinal = static_cast<size_t>((*event)->ordinal);
          if (ordinal >= events->size()) {
            return domain::Reject(domain::ErrorKind::kInternal, "event_mismatch", "",
                                  "The event list and the log disagree");
          }
          return std::move((*events)[ordinal].json);
        };
        ApiResponse response = co_await QueryReadModels(context, std::move(query));
        co_return response;
      });

  // The list.
  router_.Add(
      http::verb::get, "/v1/events", "events.list", "events:read",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        static const ListSpec spec{
            &tables::kEvents,
            {tables::kEvents["id"], tables::kEvents["type"], tables::kEvents["resource_id"],
             tables::kEvents["sequence"], tables::kEvents["position"],
             tables::kEvents["created_at"], tables::kEvents["ordinal"]},
            {{"position", "position"}, {"created_at", "created_at"}},
            "-position",
            {"type", "types", "customer_id", "created[gte]", "created[lte]", "after"}};
        auto list = PagingOf(context, spec);
        if (!list) co_return Error(list.error());
        for (auto name : {"type", "types"}) {
          if (auto filtered = EqualFilter(context.request, name, "type", *list); !filtered) {
            co_return Error(filtered.error());
          }
        }
        if (auto filtered = EqualFilter(context.request, "customer_id", "customer_id", *list);
            !filtered) {
          co_return Error(filtered.error());
        }
        if (auto ranged = InstantRange(context.request, "created", "created_at", *list); !ranged) {
          co_return Error(ranged.error());
        }
        if (auto after = QueryParameter(context.request, "after")) {
          int64_t position = 0;
          auto [end, error] =
              std::from_chars(after->data(), after->data() + after->size(), position);
          if (error != std::errc() || end != after->data() + after->size() || position < 0) {
            co_return Error(
                domain::Invalid("invalid_position", "after", "Expected a log position").error());
          }
          list->filters.push_back({"position", Filter::Op::kGreater, {position}});
        }
        ListRequest query = std::move(*list);
        eventstore::EventStore* store = &store_;
        const documents::PublicLinks* links = &processor_.public_links();
        Query query_run = [query, store,
                           links](projections::Database& db) -> domain::Result<std::string> {
          auto page = projections::List(db, query);
          if (!page) return std::unexpected(page.error());
          std::optional<domain::Error> failure;
          std::string body = ListJson(*page, [&](JsonWriter& json, const std::vector<Value>& row) {
            auto events = RenderWebhookEvents(
                *store, static_cast<uint64_t>(Int(row[tables::kEvents["position"]])), *links);
            size_t ordinal = static_cast<size_t>(Int(row[tables::kEvents["ordinal"]]));
            if (!events || ordinal >= events->size()) {
              if (!events) failure = events.error();
              json.Null();
              return;
            }
            json.RawJson((*events)[ordinal].json);
          });
          if (failure) return std::unexpected(*failure);
          return body;
        };
        // Named: GCC 12 destroys temporaries of a co_await expression twice.
        ApiResponse response = co_await QueryReadModels(context, std::move(query_run));
        co_return response;
      });
}

}  // namespace factura::api
