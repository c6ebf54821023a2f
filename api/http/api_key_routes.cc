// Routes of /v1/api-keys (seed 000 §2.2): the secret is shown once, on creation. The list is
// with the other lists (list_routes.cc).
#include "api/aggregate_reader.h"
#include "api/http/app.h"
#include "api/http/json_input.h"
#include "api/http/json_writer.h"
#include "api/http/route_support.h"
#include "domain/ids.h"

namespace factura::api {
namespace {

void WriteApiKey(JsonWriter& json, const domain::ApiKeyState& key,
                 const std::optional<std::string>& secret) {
  json.BeginObject();
  json.Key("id").String(key.id);
  json.Key("object").String("api_key");
  json.Key("name").String(key.name);
  if (secret) json.Key("key").String(*secret);
  json.Key("key_hint").String("…" + key.secret_hint);
  json.Key("scopes").BeginArray();
  for (const std::string& scope : key.scopes) json.String(scope);
  json.EndArray();
  json.Key("status").String(key.revoked ? "revoked" : "active");
  json.Key("created_at").String(domain::FormatTimestamp(key.created_at));
  json.Key("expires_at");
  if (key.expires_at) {
    json.String(domain::FormatTimestamp(*key.expires_at));
  } else {
    json.Null();
  }
  json.Key("revoked_at");
  if (key.revoked_at) {
    json.String(domain::FormatTimestamp(*key.revoked_at));
  } else {
    json.Null();
  }
  json.EndObject();
}

domain::Result<domain::CreateApiKey> ParseCreateApiKey(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::CreateApiKey command;
  auto name = f.RequiredString("name");
  if (!name) return std::unexpected(name.error());
  command.name = *name;
  auto scopes = f.OptionalStringArray("scopes");
  if (!scopes) return std::unexpected(scopes.error());
  if (*scopes) command.scopes = std::move(**scopes);
  auto expires = f.OptionalString("expires_at");
  if (!expires) return std::unexpected(expires.error());
  command.expires_at = *expires;
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

}  // namespace

void App::DeclareApiKeyRoutes() {
  router_.Add(
      http::verb::post, "/v1/api-keys", "api_keys.create", "settings:write",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        auto command = ParseCreateApiKey(context.request.body());
        if (!command) co_return Error(command.error());
        Command run = [command = std::move(*command)](Workspace& ws) -> domain::Result<Decision> {
          NewApiKeySecret secret = GenerateApiKeySecret();
          std::string id = ws.NewId(domain::kApiKeyPrefix);
          auto events = domain::Decide(domain::ApiKeyState{}, command,
                                       {ws.now(), id, secret.sha256_hex, secret.hint});
          if (!events) return std::unexpected(events.error());
          domain::ApiKeyState after = FoldEvents(domain::ApiKeyState{}, *events);
          JsonWriter json;
          WriteApiKey(json, after, secret.secret);
          return Decision{std::move(*events), 201, std::move(json).Take()};
        };
        ApiResponse response = co_await Execute(context, std::move(run));
        co_return response;
      });

  router_.Add(
      http::verb::post, "/v1/api-keys/{id}/revoke", "api_keys.revoke", "settings:write",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        std::string id = context.params.find("id")->second;
        Command run = [id](Workspace& ws) -> domain::Result<Decision> {
          if (!domain::ValidateId(id, domain::kApiKeyPrefix, "id")) return NotFound("API key", id);
          auto key = ws.Load<domain::ApiKeyState>(id);
          if (!key) return std::unexpected(key.error());
          if (!(*key)->exists) return NotFound("API key", id);
          auto events = domain::Decide(**key, domain::RevokeApiKey{}, {ws.now(), "", "", ""});
          if (!events) return std::unexpected(events.error());
          domain::ApiKeyState after = FoldEvents(**key, *events);
          JsonWriter json;
          WriteApiKey(json, after, std::nullopt);
          return Decision{std::move(*events), 200, std::move(json).Take()};
        };
        ApiResponse response = co_await Execute(context, std::move(run));
        co_return response;
      });
}

}  // namespace factura::api
