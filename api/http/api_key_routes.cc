// Routes of /v1/api-keys (seed 000 §2.2): the secret is shown once, on creation; the list from
// the read models (list_support.h).
#include "api/aggregate_reader.h"
#include "api/commands/api_key_commands.h"
#include "api/http/api_key_bodies.h"
#include "api/http/app.h"
#include "api/http/json_input.h"
#include "api/http/json_writer.h"
#include "api/http/list_support.h"
#include "api/http/route_support.h"
#include "domain/ids.h"
#include "projections/tables/api_keys.h"

namespace factura::api {
void App::DeclareApiKeyRoutes() {
  router_.Add(http::verb::post, "/v1/api-keys", "api_keys.create", "settings:write",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto command = ParseCreateApiKey(context.request.body());
                if (!command) co_return Error(command.error());
                Command run = commands::CreateApiKey(std::move(*command));
                ApiResponse response = co_await Execute(context, std::move(run));
                co_return response;
              });

  router_.Add(http::verb::post, "/v1/api-keys/{id}/revoke", "api_keys.revoke", "settings:write",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                Command run = commands::RevokeApiKey(context.params.find("id")->second);
                ApiResponse response = co_await Execute(context, std::move(run));
                co_return response;
              });

  // The list.
  router_.Add(
      http::verb::get, "/v1/api-keys", "api_keys.list", "settings:write",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        static const ListSpec spec{
            &tables::kApiKeys,
            {tables::kApiKeys["id"], tables::kApiKeys["name"], tables::kApiKeys["key_hint"],
             tables::kApiKeys["scopes"], tables::kApiKeys["status"], tables::kApiKeys["expires_at"],
             tables::kApiKeys["revoked_at"], tables::kApiKeys["rate_limit_per_minute"],
             tables::kApiKeys["created_at"]},
            {{"created_at", "created_at"}, {"name", "name"}},
            "-created_at",
            {"status", "created_at[gte]", "created_at[lte]", "search"}};
        auto list = PagingOf(context, spec);
        if (!list) co_return Error(list.error());
        int64_t now = Now().micros_since_epoch;
        // Expiry is a matter of time, not of events: `expired` is computed at query time.
        if (auto status = QueryParameter(context.request, "status")) {
          if (*status == "active") {
            list->filters.push_back({"status", Filter::Op::kIn, {std::string("active")}});
            list->filters.push_back({"expires_at", Filter::Op::kMissingOrGreater, {now}});
          } else if (*status == "expired") {
            list->filters.push_back({"status", Filter::Op::kIn, {std::string("active")}});
            list->filters.push_back({"expires_at", Filter::Op::kAtMost, {now}});
          } else if (*status == "revoked") {
            list->filters.push_back({"status", Filter::Op::kIn, {std::string("revoked")}});
          } else {
            co_return Error(
                domain::Invalid("invalid_filter", "status", "Expected active, expired or revoked")
                    .error());
          }
        }
        if (auto ranged = InstantRange(context.request, "created_at", "created_at", *list);
            !ranged) {
          co_return Error(ranged.error());
        }
        if (auto searched =
                SearchFilter(context.request, "api_key_search", {{"name", "name"}}, *list);
            !searched) {
          co_return Error(searched.error());
        }
        Query query_run = PageQuery(std::move(*list), [now](JsonWriter& json,
                                                            const std::vector<Value>& row) {
          bool expired = Text(row[tables::kApiKeys["status"]]) == "active" &&
                         std::holds_alternative<int64_t>(row[tables::kApiKeys["expires_at"]]) &&
                         Int(row[tables::kApiKeys["expires_at"]]) <= now;
          json.BeginObject();
          json.Key("id").String(Text(row[tables::kApiKeys["id"]]));
          json.Key("object").String("api_key");
          json.Key("name").String(Text(row[tables::kApiKeys["name"]]));
          json.Key("key_hint").String("…" + std::string(Text(row[tables::kApiKeys["key_hint"]])));
          json.Key("scopes").RawJson(Text(row[tables::kApiKeys["scopes"]]));
          json.Key("status").String(expired ? "expired" : Text(row[tables::kApiKeys["status"]]));
          Instant(json, "created_at", row[tables::kApiKeys["created_at"]]);
          for (auto [key, value] : {std::pair{"expires_at", &row[tables::kApiKeys["expires_at"]]},
                                    {"revoked_at", &row[tables::kApiKeys["revoked_at"]]}}) {
            if (std::holds_alternative<int64_t>(*value)) {
              Instant(json, key, *value);
            } else {
              json.Key(key).Null();
            }
          }
          json.Key("rate_limit_per_minute");
          if (const Value& limit = row[tables::kApiKeys["rate_limit_per_minute"]];
              std::holds_alternative<int64_t>(limit)) {
            json.Int(Int(limit));
          } else {
            json.Null();
          }
          json.EndObject();
        });
        // Named: GCC 12 destroys temporaries of a co_await expression twice.
        ApiResponse response = co_await QueryReadModels(context, std::move(query_run));
        co_return response;
      });
}

}  // namespace factura::api
