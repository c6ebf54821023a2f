// Routes of /v1/oauth/clients (seed 000 §2.1): the third-party applications an organization lets
// act for its users. Registered by its administrators (or a key with `users:manage`), at most
// with the scopes they have themselves; a confidential client's secret is shown once (at
// registration and at each rotation) and only its SHA-256 recorded. Clients live in the identity
// tenant — the token endpoint is told a client id, never an organization — so another
// organization's client is a 404 here.
#include "api/commands/oauth_commands.h"
#include "api/http/app.h"
#include "api/http/json_input.h"
#include "api/http/json_writer.h"
#include "api/identity/opaque_tokens.h"
#include "domain/ids.h"

namespace factura::api {
namespace {

// An organization's clients are few: registering more is refused rather than listing pages.
constexpr size_t kMaxClientsPerOrganization = 100;

struct ClientBody {
  std::optional<std::string> name;
  std::optional<std::string> type;
  std::optional<std::vector<std::string>> redirect_uris;
  std::optional<std::vector<std::string>> scopes;
};

domain::Result<ClientBody> ParseClient(std::string_view text, bool creating) {
  auto parsed = JsonBody::Parse(text);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  ClientBody body;
  FACTURA_TRY(f.ReadStrings({{"name", &body.name}}));
  if (creating) FACTURA_TRY(f.ReadStrings({{"type", &body.type}}));
  auto uris = f.OptionalStringArray("redirect_uris");
  if (!uris) return std::unexpected(uris.error());
  body.redirect_uris = std::move(*uris);
  auto scopes = f.OptionalStringArray("scopes");
  if (!scopes) return std::unexpected(scopes.error());
  body.scopes = std::move(*scopes);
  if (creating) {
    if (!body.name) return domain::Invalid("missing_field", "name", "Name the application");
    if (!body.redirect_uris) {
      return domain::Invalid("missing_field", "redirect_uris", "Give the redirect URIs");
    }
    if (!body.scopes) return domain::Invalid("missing_field", "scopes", "Give the scopes");
    if (body.type && *body.type != "confidential" && *body.type != "public") {
      return domain::Invalid("invalid_client_type", "type", "A client is confidential or public");
    }
  }
  FACTURA_TRY(f.RejectUnknownFields());
  return body;
}

// A client secret: `ocs_` and 260 random bits.
std::string NewClientSecret() { return "ocs_" + NewTokenSecret(); }

ApiResponse NoStore(ApiResponse response) {
  if (!response.error) response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace

void App::DeclareOAuthClientRoutes() {
  router_.Add(http::verb::post, "/v1/oauth/clients", "oauth_clients.create", "users:manage",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto body = ParseClient(context.request.body(), true);
                if (!body) co_return Error(body.error());
                if (identity_.people != nullptr &&
                    identity_.people->ClientsOf(context.grant.organization_id).size() >=
                        kMaxClientsPerOrganization) {
                  co_return Error(domain::Error{
                      domain::ErrorKind::kFailedPrecondition, "too_many_oauth_clients", "",
                      "An organization has at most " + std::to_string(kMaxClientsPerOrganization) +
                          " OAuth clients; delete one first"});
                }
                domain::RegisterOAuthClient client{
                    *body->name, body->type.value_or("confidential") == "confidential",
                    *body->redirect_uris, *body->scopes};
                ApiResponse written = co_await ExecuteIn(
                    context, std::string(domain::kIdentityTenant), "",
                    commands::RegisterOAuthClient(std::move(client), context.grant.organization_id,
                                                  context.grant.actor(), context.grant.scopes,
                                                  NewClientSecret()));
                co_return NoStore(std::move(written));
              });

  router_.Add(
      http::verb::get, "/v1/oauth/clients", "oauth_clients.list", "users:manage",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        std::string data;
        size_t count = 0;
        if (identity_.people != nullptr) {
          for (const auto& client : identity_.people->ClientsOf(context.grant.organization_id)) {
            if (count++ > 0) data += ",";
            data += commands::OAuthClientJson(client, std::nullopt);
          }
        }
        co_return ApiResponse{200, R"({"object":"list","data":[)" + data +
                                       R"(],"has_more":false,"url":"/v1/oauth/clients"})"};
      });

  router_.Add(
      http::verb::get, "/v1/oauth/clients/{id}", "oauth_clients.retrieve", "users:manage",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        const std::string& id = context.params.find("id")->second;
        auto client = identity_.people != nullptr ? identity_.people->ClientById(id) : std::nullopt;
        if (!client || !client->Live() ||
            client->organization_id != context.grant.organization_id) {
          co_return Error(domain::Error{domain::ErrorKind::kNotFound, "oauth_client_not_found",
                                        "id", "No such OAuth client"});
        }
        co_return ApiResponse{200, commands::OAuthClientJson(*client, std::nullopt)};
      });

  router_.Add(http::verb::post, "/v1/oauth/clients/{id}", "oauth_clients.update", "users:manage",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto body = ParseClient(context.request.body(), false);
                if (!body) co_return Error(body.error());
                ApiResponse written = co_await ExecuteIn(
                    context, std::string(domain::kIdentityTenant), "",
                    commands::UpdateOAuthClient(
                        context.params.find("id")->second, context.grant.organization_id,
                        body->name, body->redirect_uris, body->scopes, context.grant.scopes));
                co_return written;
              });

  router_.Add(
      http::verb::post, "/v1/oauth/clients/{id}/rotate-secret", "oauth_clients.rotate_secret",
      "users:manage", [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        ApiResponse written = co_await ExecuteIn(
            context, std::string(domain::kIdentityTenant), "",
            commands::RotateOAuthClientSecret(context.params.find("id")->second,
                                              context.grant.organization_id, NewClientSecret()));
        co_return NoStore(std::move(written));
      });

  router_.Add(http::verb::delete_, "/v1/oauth/clients/{id}", "oauth_clients.delete", "users:manage",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                ApiResponse written = co_await ExecuteIn(
                    context, std::string(domain::kIdentityTenant), "",
                    commands::DeleteOAuthClient(context.params.find("id")->second,
                                                context.grant.organization_id));
                co_return written;
              });
}

}  // namespace factura::api
