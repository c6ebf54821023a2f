// OAuth 2.0's authorization endpoint (seed 000 §2.1; RFC 6749 §4.1, RFC 7636): the consent page
// a person's browser is sent to, and their decision, which sends the browser back to the client
// with a single-use code (or an error). Errors about the client or its redirect URI are never
// redirected: the URI is not trusted then (RFC 6749 §4.1.2.1).
#include <boost/url.hpp>

#include "api/commands/oauth_commands.h"
#include "api/http/app.h"
#include "api/http/json_writer.h"
#include "api/http/oauth_consent_page.h"
#include "api/http/oauth_parameters.h"
#include "api/http/oauth_support.h"
#include "api/identity/opaque_tokens.h"
#include "domain/identity/roles.h"
#include "domain/ids.h"

namespace factura::api {
namespace {

bool ValidChallenge(std::string_view challenge) {
  return challenge.size() == 43 && std::all_of(challenge.begin(), challenge.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
         });
}

// `uri` with `parameters` added to its query (encoded as they must be).
std::string WithQuery(std::string_view uri,
                      std::initializer_list<std::pair<std::string_view, std::string_view>> params) {
  boost::urls::url url(boost::urls::string_view(uri.data(), uri.size()));
  for (const auto& [key, value] : params) {
    if (value.empty()) continue;
    url.params().append({boost::urls::string_view(key.data(), key.size()),
                         boost::urls::string_view(value.data(), value.size())});
  }
  return std::string(url.buffer());
}

// A vetted authorization request (RFC 6749 §4.1.1).
struct AuthorizationRequest {
  domain::OAuthClientState client;
  std::string redirect_uri;
  std::string state;
  std::vector<std::string> scopes;
  std::string code_challenge;
  bool json = false;  // answered with JSON, not a redirect
};

// Sends the user agent back to the client: a 303 for a browser's form, the URL for JSON.
ApiResponse BackToClient(const AuthorizationRequest& request, std::string location) {
  ApiResponse response;
  if (request.json) {
    JsonWriter json;
    json.BeginObject().Key("redirect_uri").String(location).EndObject();
    response = ApiResponse{200, std::move(json).Take()};
  } else {
    response.status = 303;
    response.body.clear();
    response.content_type = "text/plain";
    response.headers.emplace_back("Location", std::move(location));
  }
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

ApiResponse RedirectError(const AuthorizationRequest& request, std::string_view error,
                          std::string_view description) {
  return BackToClient(request, WithQuery(request.redirect_uri, {{"error", error},
                                                                {"error_description", description},
                                                                {"state", request.state}}));
}

// The request's client and redirect URI (errors there are never redirected: the URI is not
// trusted, RFC 6749 §4.1.2.1), then what may be sent back as an error to the client.
std::variant<AuthorizationRequest, ApiResponse> VetAuthorization(const IdentityDirectory& people,
                                                                 const OAuthParameters& params,
                                                                 bool json) {
  auto client = people.ClientById(Parameter(params, "client_id"));
  if (!client || !client->Live()) return OAuthError(400, "invalid_client", "No such client");
  AuthorizationRequest request{
      *client, Parameter(params, "redirect_uri"), Parameter(params, "state"), {}, "", json};
  if (request.redirect_uri.empty() && client->redirect_uris.size() == 1) {
    request.redirect_uri = client->redirect_uris.front();
  }
  if (!client->AllowsRedirect(request.redirect_uri)) {
    return OAuthError(400, "invalid_request",
                      "The redirect_uri is not one the client registered (compared exactly)");
  }
  if (Parameter(params, "response_type") != "code") {
    return RedirectError(request, "unsupported_response_type", "Only response_type=code");
  }
  std::string method = Parameter(params, "code_challenge_method");
  request.code_challenge = Parameter(params, "code_challenge");
  if (!request.code_challenge.empty() || !method.empty()) {
    if (method != "S256") {
      return RedirectError(request, "invalid_request", "Only code_challenge_method=S256");
    }
    if (!ValidChallenge(request.code_challenge)) {
      return RedirectError(request, "invalid_request", "The code_challenge is malformed");
    }
  } else if (!client->confidential) {
    return RedirectError(request, "invalid_request", "A public client must use PKCE (S256)");
  }
  request.scopes = SplitScope(Parameter(params, "scope"));
  if (request.scopes.empty()) request.scopes = client->scopes;
  for (const std::string& scope : request.scopes) {
    if (!KnownScope(scope) || !domain::Permits(client->scopes, scope)) {
      return RedirectError(request, "invalid_scope",
                           "The client may not ask for '" + scope.substr(0, 60) + "'");
    }
  }
  return request;
}

}  // namespace

void App::DeclareOAuthAuthorizeRoutes() {
  router_.Add(http::verb::get, "/oauth/authorize", "oauth.authorize_page", "",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                if (identity_.people == nullptr) {
                  co_return OAuthError(503, "temporarily_unavailable", "OAuth is not configured");
                }
                auto params = QueryParameters(context.request);
                if (!params) co_return OAuthError(400, "invalid_request", params.error().message);
                auto vetted = VetAuthorization(*identity_.people, *params, false);
                if (auto* answer = std::get_if<ApiResponse>(&vetted)) co_return std::move(*answer);
                const auto& request = std::get<AuthorizationRequest>(vetted);
                ConsentPage page{request.client.name, request.scopes, {}};
                for (const char* name : {"response_type", "client_id", "redirect_uri", "scope",
                                         "state", "code_challenge", "code_challenge_method"}) {
                  if (params->contains(name))
                    page.request.emplace_back(name, Parameter(*params, name));
                }
                ApiResponse response{200, RenderConsentPage(page)};
                response.content_type = "text/html; charset=utf-8";
                // The consent must be the user's own click: never framed, nothing loaded from
                // elsewhere.
                response.headers.emplace_back("Content-Security-Policy",
                                              "default-src 'none'; style-src 'unsafe-inline'; "
                                              "form-action 'self'; frame-ancestors 'none'");
                response.headers.emplace_back("X-Frame-Options", "DENY");
                response.headers.emplace_back("Referrer-Policy", "no-referrer");
                response.headers.emplace_back("Cache-Control", "no-store");
                co_return response;
              });

  router_.Add(
      http::verb::post, "/oauth/authorize", "oauth.authorize", "",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        if (identity_.people == nullptr || identity_.tokens == nullptr) {
          co_return OAuthError(503, "temporarily_unavailable", "OAuth is not configured");
        }
        auto params = BodyParameters(context.request);
        if (!params) co_return Error(params.error());
        auto type = context.request.find(http::field::content_type);
        bool json = type != context.request.end() &&
                    std::string_view(type->value()).starts_with("application/json");
        auto vetted = VetAuthorization(*identity_.people, *params, json);
        if (auto* answer = std::get_if<ApiResponse>(&vetted)) co_return std::move(*answer);
        const auto& request = std::get<AuthorizationRequest>(vetted);
        // Who consents: a user's own session (a bearer access token, never a client's), or an
        // e-mail and password typed into the consent page (throttled like a login).
        std::string user_id;
        std::string organization_id = Parameter(*params, "organization_id");
        auto header = context.request.find(http::field::authorization);
        if (header != context.request.end()) {
          std::string_view value = header->value();
          auto claims = value.starts_with("Bearer ")
                            ? identity_.tokens->Verify(value.substr(7), Now())
                            : domain::Result<AccessClaims>(std::unexpected(domain::Error{}));
          if (!claims || !claims->client_id.empty()) {
            co_return OAuthError(401, "access_denied", "Log in with your own access token");
          }
          auto named = context.request.find("X-Org-Id");
          if (organization_id.empty() && named != context.request.end()) {
            organization_id = std::string(named->value());
          }
          auto grant = identity_.people->Authorize(*claims, organization_id, Now());
          if (!grant) co_return Error(grant.error());
          user_id = grant->user_id;
          organization_id = grant->organization_id;
        } else {
          if (Parameter(*params, "decision") == "deny") {
            co_return RedirectError(request, "access_denied", "The user denied the request");
          }
          PasswordCheck checked = co_await CheckPassword(context, Parameter(*params, "email"),
                                                         Parameter(*params, "password"));
          if (checked.throttled) co_return std::move(*checked.throttled);
          if (!checked.user) {
            co_return OAuthError(401, "access_denied",
                                 "The e-mail address or the password is wrong");
          }
          const domain::UserState* user = &*checked.user;
          user_id = user->id;
          if (organization_id.empty() && !user->memberships.empty()) {
            organization_id = user->memberships.front().organization_id;
          }
        }
        if (Parameter(*params, "decision") == "deny") {
          co_return RedirectError(request, "access_denied", "The user denied the request");
        }
        std::string secret = NewTokenSecret();
        auto ticket = std::make_shared<commands::OAuthTicket>();
        domain::Timestamp expires{Now().micros_since_epoch +
                                  identity_.authorization_code_lifetime_seconds * 1'000'000};
        // Built before the co_await: GCC 12 destroys a braced temporary inside a co_await
        // expression twice.
        commands::CodeRequest code{user_id,
                                   organization_id,
                                   request.client.id,
                                   request.scopes,
                                   request.redirect_uri,
                                   request.code_challenge,
                                   secret,
                                   expires};
        Command issue = commands::IssueAuthorizationCode(std::move(code), ticket);
        ApiResponse written = co_await ExecuteIn(context, std::string(domain::kIdentityTenant),
                                                 user_id, std::move(issue));
        if (written.error) co_return written;
        if (!ticket->refusal.empty()) {
          co_return RedirectError(request, ticket->refusal, ticket->refusal_description);
        }
        co_return BackToClient(
            request, WithQuery(request.redirect_uri, {{"code", ticket->session_id + "." + secret},
                                                      {"state", request.state}}));
      },
      true);
}

}  // namespace factura::api
