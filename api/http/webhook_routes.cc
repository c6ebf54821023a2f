// Routes of /v1/webhooks (seed 000 §4.6): endpoints, their secrets, test deliveries, delivery
// records, retries and replays; the list from the read models (list_support.h).
#include <charconv>
#include <set>

#include "api/commands/webhook_commands.h"
#include "api/http/app.h"
#include "api/http/json_input.h"
#include "api/http/json_writer.h"
#include "api/http/list_support.h"
#include "api/http/route_support.h"
#include "api/http/webhook_bodies.h"
#include "api/render.h"
#include "api/webhooks/signature.h"
#include "api/webhooks/target_policy.h"
#include "domain/ids.h"
#include "domain/webhook_endpoint/webhook_event_types.h"
#include "projections/event_queries.h"
#include "projections/tables/webhook_endpoints.h"

namespace factura::api {
namespace {

void InstantOrNull(JsonWriter& json, std::string_view key, std::optional<int64_t> micros) {
  json.Key(key);
  if (micros) {
    json.String(domain::FormatTimestamp(domain::Timestamp{*micros}));
  } else {
    json.Null();
  }
}

void WriteDelivery(JsonWriter& json, const projections::Delivery& d,
                   const std::vector<projections::DeliveryAttempt>& attempts) {
  json.BeginObject();
  json.Key("id").String(projections::DeliveryPublicId(d.id));
  json.Key("object").String("webhook_delivery");
  json.Key("webhook_id").String(d.endpoint_id);
  json.Key("event_id").String(d.event_id);
  json.Key("event_type").String(d.type);
  json.Key("position").Int(static_cast<int64_t>(d.position));
  json.Key("origin").String(d.origin);
  json.Key("status").String(d.status);
  json.Key("attempt_count").Int(d.attempts);
  InstantOrNull(json, "next_retry_at",
                d.status == "pending" ? std::optional<int64_t>(d.next_attempt_at) : std::nullopt);
  json.Key("last_status_code").IntOrNull(d.last_status_code);
  json.Key("last_error").StringOrNull(d.last_error);
  json.Key("attempts").BeginArray();
  for (const projections::DeliveryAttempt& a : attempts) {
    json.BeginObject();
    json.Key("number").Int(a.number);
    InstantOrNull(json, "attempted_at", a.at);
    json.Key("status_code").IntOrNull(a.status_code);
    json.Key("latency_ms").Int(a.latency_ms);
    json.Key("error").StringOrNull(a.error);
    json.EndObject();
  }
  json.EndArray();
  InstantOrNull(json, "created_at", d.created_at);
  json.EndObject();
}

constexpr size_t kMaxReplay = 1'000;  // deliveries one replay request creates at most

const std::set<std::string, std::less<>> kDeliveryListParameters{"limit", "starting_after"};

domain::Result<size_t> ParseLimit(std::string_view text) {
  size_t limit = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), limit);
  if (error != std::errc() || end != text.data() + text.size() || limit < 1 || limit > 100) {
    return domain::Invalid("invalid_limit", "limit", "Give a limit from 1 to 100");
  }
  return limit;
}

std::unexpected<domain::Error> Unavailable() {
  return domain::Reject(domain::ErrorKind::kUnavailable, "webhooks_unavailable", "",
                        "Webhook delivery is not running on this server");
}

// A replay's range: from a position or an instant, up to another or the head.
struct ReplayRange {
  uint64_t from_position = 1;
  int64_t from_created = 0;  // micros
  uint64_t to_position = UINT64_MAX;
  int64_t to_created = INT64_MAX;
};

domain::Result<ReplayRange> ParseReplay(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  ReplayRange range;
  bool has_start = false;
  for (auto [key, field] :
       {std::pair{"from_position", &range.from_position}, {"to_position", &range.to_position}}) {
    auto value = f.OptionalInteger(key);
    if (!value) return std::unexpected(value.error());
    if (!*value) continue;
    if (**value < 1) return domain::Invalid("invalid_position", key, "Positions start at 1");
    *field = static_cast<uint64_t>(**value);
    has_start |= std::string_view(key) == "from_position";
  }
  for (auto [key, field] :
       {std::pair{"from_created", &range.from_created}, {"to_created", &range.to_created}}) {
    auto value = f.OptionalString(key);
    if (!value) return std::unexpected(value.error());
    if (!*value) continue;
    auto at = domain::ParseTimestamp(**value);
    if (!at) return domain::Invalid("invalid_timestamp", key, "Expected an RFC 3339 instant");
    *field = at->micros_since_epoch;
    has_start |= std::string_view(key) == "from_created";
  }
  FACTURA_TRY(f.RejectUnknownFields());
  if (!has_start) {
    return domain::Invalid("missing_field", "from_position", "Give from_position or from_created");
  }
  return range;
}

}  // namespace

void App::DeclareWebhookRoutes() {
  router_.Add(http::verb::post, "/v1/webhooks", "webhooks.create", "webhooks:manage",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto command = ParseCreateWebhook(context.request.body());
                if (!command) co_return Error(command.error());
                // The URL's shape first (the domain's rule), then where its host resolves to.
                if (auto shape = domain::ValidateWebhookUrl(command->url); !shape) {
                  co_return Error(shape.error());
                }
                co_await OnWorker();
                if (auto allowed = CheckWebhookUrlTarget(command->url); !allowed) {
                  co_return Error(allowed.error());
                }
                Command run = commands::CreateWebhookEndpoint(std::move(*command));
                ApiResponse response = co_await Execute(context, std::move(run));
                co_return response;
              });

  router_.Add(http::verb::get, "/v1/webhooks/{id}", "webhooks.retrieve", "webhooks:manage",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::string id = context.params.find("id")->second;
                if (!domain::ValidateId(id, domain::kWebhookPrefix, "id")) {
                  co_return Error(NotFound("webhook", id).error());
                }
                auto endpoint = co_await ReadDurable<domain::WebhookEndpointState>(context, id);
                if (!endpoint) co_return Error(endpoint.error());
                if (!(*endpoint)->exists || (*endpoint)->deleted) {
                  co_return Error(NotFound("webhook", id).error());
                }
                co_return ApiResponse{200, WebhookEndpointJson(**endpoint, std::nullopt)};
              });

  // Runs `command` against the endpoint `id` of the caller's organization.
  auto on_endpoint = [this](RequestContext& context, domain::WebhookEndpointCommand command,
                            std::optional<uint64_t> expected) -> asio::awaitable<ApiResponse> {
    Command run = commands::ChangeWebhookEndpoint(context.params.find("id")->second,
                                                  std::move(command), expected);
    ApiResponse response = co_await Execute(context, std::move(run));
    co_return response;
  };

  auto update = [this, on_endpoint](RequestContext& context) -> asio::awaitable<ApiResponse> {
    auto command = ParseUpdateWebhook(context.request.body());
    if (!command) co_return Error(command.error());
    auto if_match = IfMatch(context.request);
    if (!if_match) co_return Error(if_match.error());
    if (command->url.sets()) {
      if (auto shape = domain::ValidateWebhookUrl(command->url.value()); !shape) {
        co_return Error(shape.error());
      }
      co_await OnWorker();
      if (auto allowed = CheckWebhookUrlTarget(command->url.value()); !allowed) {
        co_return Error(allowed.error());
      }
    }
    domain::WebhookEndpointCommand any = std::move(*command);
    ApiResponse response = co_await on_endpoint(context, std::move(any), *if_match);
    co_return response;
  };
  router_.Add(http::verb::patch, "/v1/webhooks/{id}", "webhooks.update", "webhooks:manage", update);
  router_.Add(http::verb::post, "/v1/webhooks/{id}", "webhooks.update", "webhooks:manage", update);

  router_.Add(http::verb::delete_, "/v1/webhooks/{id}", "webhooks.delete", "webhooks:manage",
              [on_endpoint](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto if_match = IfMatch(context.request);
                if (!if_match) co_return Error(if_match.error());
                domain::WebhookEndpointCommand command = domain::DeleteWebhookEndpoint{};
                ApiResponse response = co_await on_endpoint(context, std::move(command), *if_match);
                co_return response;
              });

  router_.Add(
      http::verb::post, "/v1/webhooks/{id}/rotate-secret", "webhooks.rotate_secret",
      "webhooks:manage", [on_endpoint](RequestContext& context) -> asio::awaitable<ApiResponse> {
        auto rotate = ParseRotate(context.request.body());
        if (!rotate) co_return Error(rotate.error());
        domain::WebhookEndpointCommand command = *rotate;
        std::optional<uint64_t> any_version;
        ApiResponse response = co_await on_endpoint(context, std::move(command), any_version);
        co_return response;
      });

  // The list.
  router_.Add(
      http::verb::get, "/v1/webhooks", "webhooks.list", "webhooks:manage",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        static const ListSpec spec{
            &tables::kWebhookEndpoints,
            {tables::kWebhookEndpoints["id"], tables::kWebhookEndpoints["url"],
             tables::kWebhookEndpoints["events"], tables::kWebhookEndpoints["description"],
             tables::kWebhookEndpoints["active"], tables::kWebhookEndpoints["disabled_reason"],
             tables::kWebhookEndpoints["version"], tables::kWebhookEndpoints["created_at"],
             tables::kWebhookEndpoints["updated_at"]},
            {{"created_at", "created_at"}, {"url", "url"}},
            "-created_at",
            {"active"}};
        auto list = PagingOf(context, spec);
        if (!list) co_return Error(list.error());
        list->filters.push_back({"deleted", Filter::Op::kIn, {int64_t{0}}});
        if (auto active = BoolFilter(context.request, "active", "active", *list); !active) {
          co_return Error(active.error());
        }
        Query query_run = PageQuery(std::move(*list), [](JsonWriter& json,
                                                         const std::vector<Value>& row) {
          json.BeginObject();
          json.Key("id").String(Text(row[tables::kWebhookEndpoints["id"]]));
          json.Key("object").String("webhook");
          json.Key("url").String(Text(row[tables::kWebhookEndpoints["url"]]));
          json.Key("events").RawJson(Text(row[tables::kWebhookEndpoints["events"]]));
          TextOrNull(json, "description", row[tables::kWebhookEndpoints["description"]]);
          json.Key("active").Bool(Int(row[tables::kWebhookEndpoints["active"]]) != 0);
          TextOrNull(json, "disabled_reason", row[tables::kWebhookEndpoints["disabled_reason"]]);
          json.Key("version").Int(Int(row[tables::kWebhookEndpoints["version"]]));
          Instant(json, "created_at", row[tables::kWebhookEndpoints["created_at"]]);
          Instant(json, "updated_at", row[tables::kWebhookEndpoints["updated_at"]]);
          json.EndObject();
        });
        // Named: GCC 12 destroys temporaries of a co_await expression twice.
        ApiResponse response = co_await QueryReadModels(context, std::move(query_run));
        co_return response;
      });

  // The whole history, not a window: events are in the log for as long as it exists.
}

// Deliveries: the record of every attempt, manual retries, replays and test events.
void App::DeclareWebhookDeliveryRoutes() {
  // The endpoint `id` of the caller's organization, or 404.
  auto endpoint_of = [this](RequestContext& context)
      -> asio::awaitable<domain::Result<std::shared_ptr<const domain::WebhookEndpointState>>> {
    std::string id = context.params.find("id")->second;
    if (!domain::ValidateId(id, domain::kWebhookPrefix, "id")) co_return NotFound("webhook", id);
    auto endpoint = co_await ReadDurable<domain::WebhookEndpointState>(context, id);
    if (!endpoint) co_return std::unexpected(endpoint.error());
    if (!(*endpoint)->exists || (*endpoint)->deleted) co_return NotFound("webhook", id);
    co_return *endpoint;
  };

  router_.Add(
      http::verb::get, "/v1/webhooks/{id}/deliveries", "webhooks.deliveries", "webhooks:manage",
      [this, endpoint_of](RequestContext& context) -> asio::awaitable<ApiResponse> {
        if (webhooks_.outbox == nullptr) co_return Error(Unavailable().error());
        if (auto known = RejectUnknownQueryParameters(context.request, {&kDeliveryListParameters});
            !known) {
          co_return Error(known.error());
        }
        size_t limit = 25;
        if (auto text = QueryParameter(context.request, "limit")) {
          auto parsed = ParseLimit(*text);
          if (!parsed) co_return Error(parsed.error());
          limit = *parsed;
        }
        std::optional<int64_t> after;
        if (auto text = QueryParameter(context.request, "starting_after")) {
          after = projections::ParseDeliveryId(*text);
          if (!after) {
            co_return Error(domain::Invalid("invalid_cursor", "starting_after",
                                            "Expected a delivery id (whdl_…)")
                                .error());
          }
        }
        auto endpoint = co_await endpoint_of(context);
        if (!endpoint) co_return Error(endpoint.error());
        co_await OnWorker();
        auto page = webhooks_.outbox->ListDeliveries(context.grant.organization_id, (*endpoint)->id,
                                                     limit, after);
        if (!page) co_return Error(page.error());
        JsonWriter json;
        json.BeginObject().Key("object").String("list").Key("data").BeginArray();
        for (const auto& [delivery, attempts] : page->deliveries) {
          WriteDelivery(json, delivery, attempts);
        }
        json.EndArray().Key("has_more").Bool(page->has_more);
        json.Key("next_cursor");
        if (page->has_more) {
          json.String(projections::DeliveryPublicId(page->deliveries.back().first.id));
        } else {
          json.Null();
        }
        json.EndObject();
        co_return ApiResponse{200, std::move(json).Take()};
      });

  router_.Add(
      http::verb::post, "/v1/webhooks/{id}/deliveries/{delivery_id}/retry",
      "webhooks.deliveries.retry", "webhooks:manage",
      [this, endpoint_of](RequestContext& context) -> asio::awaitable<ApiResponse> {
        if (webhooks_.outbox == nullptr) co_return Error(Unavailable().error());
        std::string delivery_text = context.params.find("delivery_id")->second;
        auto not_found = domain::Reject(domain::ErrorKind::kNotFound, "resource_not_found",
                                        "delivery_id", "No such delivery of this webhook");
        auto delivery_id = projections::ParseDeliveryId(delivery_text);
        if (!delivery_id) co_return Error(not_found.error());
        auto endpoint = co_await endpoint_of(context);
        if (!endpoint) co_return Error(endpoint.error());
        if (!(*endpoint)->active) {
          co_return Error(domain::Reject(domain::ErrorKind::kFailedPrecondition, "webhook_disabled",
                                         "id", "The webhook is disabled; enable it first")
                              .error());
        }
        co_await OnWorker();
        const std::string& org = context.grant.organization_id;
        auto retried =
            webhooks_.outbox->Retry(org, (*endpoint)->id, *delivery_id, Now().micros_since_epoch);
        if (!retried) co_return Error(retried.error());
        if (!*retried) co_return Error(not_found.error());
        webhooks_.dispatcher->Wake();
        auto found = webhooks_.outbox->FindDelivery(org, (*endpoint)->id, *delivery_id);
        if (!found) co_return Error(found.error());
        if (!*found) co_return Error(not_found.error());
        JsonWriter json;
        WriteDelivery(json, (*found)->first, (*found)->second);
        co_return ApiResponse{202, std::move(json).Take()};
      });

  router_.Add(
      http::verb::post, "/v1/webhooks/{id}/replay", "webhooks.replay", "webhooks:manage",
      [this, endpoint_of](RequestContext& context) -> asio::awaitable<ApiResponse> {
        if (webhooks_.outbox == nullptr) co_return Error(Unavailable().error());
        auto range = ParseReplay(context.request.body());
        if (!range) co_return Error(range.error());
        auto endpoint = co_await endpoint_of(context);
        if (!endpoint) co_return Error(endpoint.error());
        if (!(*endpoint)->active) {
          co_return Error(domain::Reject(domain::ErrorKind::kFailedPrecondition, "webhook_disabled",
                                         "id", "The webhook is disabled; enable it first")
                              .error());
        }
        std::shared_ptr<const domain::WebhookEndpointState> subscriber = *endpoint;
        projections::Outbox* outbox = webhooks_.outbox;
        int64_t now = Now().micros_since_epoch;
        Query query = [range = *range, subscriber, outbox, now,
                       org = context.grant.organization_id](
                          projections::Database& db) -> domain::Result<std::string> {
          std::vector<projections::Outbox::NewDelivery> deliveries;
          bool has_more = false;
          uint64_t last_position = 0;
          auto visited = projections::VisitEventsInRange(
              db, org,
              {range.from_position, range.to_position, range.from_created, range.to_created},
              [&](const projections::EventRow& event) {
                if (!domain::IsSubscribed(subscriber->events, event.type)) return true;
                if (deliveries.size() == kMaxReplay) {
                  has_more = true;
                  return false;
                }
                last_position = event.position;
                deliveries.push_back({event.id, event.type, event.position, event.ordinal});
                return true;
              });
          if (!visited) return std::unexpected(visited.error());
          auto ids = outbox->Enqueue(org, subscriber->id, deliveries, "replay", now);
          if (!ids) return std::unexpected(ids.error());
          JsonWriter json;
          json.BeginObject().Key("object").String("webhook_replay");
          json.Key("webhook_id").String(subscriber->id);
          json.Key("deliveries_created").Int(static_cast<int64_t>(ids->size()));
          json.Key("last_position").Int(static_cast<int64_t>(last_position));
          json.Key("has_more").Bool(has_more);
          json.EndObject();
          return std::move(json).Take();
        };
        ApiResponse response = co_await QueryReadModels(context, std::move(query));
        if (response.status == 200) {
          response.status = 202;
          webhooks_.dispatcher->Wake();
        }
        co_return response;
      });

  router_.Add(http::verb::post, "/v1/webhooks/{id}/test", "webhooks.test", "webhooks:manage",
              [this, endpoint_of](RequestContext& context) -> asio::awaitable<ApiResponse> {
                if (webhooks_.dispatcher == nullptr) co_return Error(Unavailable().error());
                if (!context.request.body().empty()) {
                  auto parsed = JsonBody::Parse(context.request.body());
                  if (!parsed) co_return Error(parsed.error());
                  if (auto unknown = parsed->fields().RejectUnknownFields(); !unknown) {
                    co_return Error(unknown.error());
                  }
                }
                auto endpoint = co_await endpoint_of(context);
                if (!endpoint) co_return Error(endpoint.error());
                co_await OnWorker();
                auto sent = co_await webhooks_.dispatcher->SendTest(context.grant.organization_id,
                                                                    (*endpoint)->id);
                if (!sent) co_return Error(sent.error());
                const SendResult& result = sent->second;
                JsonWriter json;
                json.BeginObject();
                json.Key("test_event_id").String(sent->first);
                json.Key("delivery_status").String(result.succeeded() ? "success" : "failed");
                json.Key("response_code").IntOrNull(result.status_code);
                json.Key("response_time_ms").Int(result.latency_ms);
                json.Key("error").StringOrNull(result.error);
                json.EndObject();
                co_return ApiResponse{200, std::move(json).Take()};
              });
}

domain::Result<void> App::CheckWebhookUrlTarget(std::string_view url) const {
  auto target = ParseWebhookUrl(url);
  if (!target) return std::unexpected(target.error());
  auto resolved = ResolveWebhookTarget(*target, webhooks_.allow_private_targets);
  // A name this server cannot resolve now is saved (its DNS may not exist yet, or this server
  // may have none: deliveries resolve and check again, and fail on record until it resolves),
  // unless it is a special-use name that never resolves (RFC 6761). One that resolves to a
  // refused address is not saved.
  if (!resolved && (resolved.error().code != kHostNotFound || IsNeverResolvable(target->host))) {
    return std::unexpected(resolved.error());
  }
  return {};
}

}  // namespace factura::api
