// Routes of /v1/api-keys (seed 000 §2.2): the secret is shown once, on creation. The list is
// with the other lists (list_routes.cc).
#include "api/aggregate_reader.h"
#include "api/commands/api_key_commands.h"
#include "api/http/app.h"
#include "api/http/json_input.h"
#include "api/http/json_writer.h"
#include "api/http/route_support.h"
#include "domain/ids.h"

namespace factura::api {
namespace {

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
}

}  // namespace factura::api
