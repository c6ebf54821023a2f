// OAuth 2.0's endpoints (seed 000 §2.1; RFC 6749, RFC 7636, RFC 7009, RFC 8414): the consent
// page and decision (/oauth/authorize), the token endpoint (authorization_code with PKCE S256,
// refresh_token, client_credentials), revocation, and the server's metadata. Their answers and
// errors are OAuth's own shapes (`{"error", "error_description"}`), not the API's envelope.
//
// A client's session is a Session aggregate begun by its authorization code: bound to the
// organization the user consented in and to the consented scopes, its refresh tokens rotated and
// burnt on reuse like a login's; a code redeemed twice revokes it (RFC 6749 §4.1.2).
#include <sodium.h>

#include <boost/url.hpp>
#include <sstream>

#include "api/api_keys.h"
#include "api/commands/identity_commands.h"
#include "api/commands/oauth_commands.h"
#include "api/http/app.h"
#include "api/http/json_writer.h"
#include "api/http/oauth_consent_page.h"
#include "api/http/oauth_parameters.h"
#include "api/identity/opaque_tokens.h"
#include "api/identity/passwords.h"
#include "domain/api_key/api_key.h"
#include "domain/identity/roles.h"
#include "domain/ids.h"
#include "domain/text.h"

namespace factura::api {
namespace {

ApiResponse OAuthError(unsigned status, std::string_view error, std::string_view description) {
  JsonWriter json;
  json.BeginObject()
      .Key("error")
      .String(error)
      .Key("error_description")
      .String(description)
      .EndObject();
  ApiResponse response{status, std::move(json).Take()};
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Pragma", "no-cache");
  return response;
}

std::vector<std::string> SplitScope(std::string_view text) {
  std::vector<std::string> words;
  std::istringstream in{std::string(text)};
  for (std::string word; in >> word;) {
    if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
  }
  return words;
}

std::string JoinScope(const std::vector<std::string>& scopes) {
  std::string joined;
  for (const std::string& scope : scopes) {
    if (!joined.empty()) joined += ' ';
    joined += scope;
  }
  return joined;
}

bool KnownScope(std::string_view scope) {
  return std::find(domain::kApiKeyScopes.begin(), domain::kApiKeyScopes.end(), scope) !=
         domain::kApiKeyScopes.end();
}

// RFC 7636 §4.1: 43 to 128 of the unreserved characters.
bool ValidVerifier(std::string_view verifier) {
  if (verifier.size() < 43 || verifier.size() > 128) return false;
  return std::all_of(verifier.begin(), verifier.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
           c == '~';
  });
}

// base64url(SHA-256(verifier)), unpadded: what S256 compares (RFC 7636 §4.2).
std::string S256(std::string_view verifier) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(verifier.data()),
                     verifier.size());
  char encoded[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES,
                                         sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(encoded, sizeof encoded, digest, sizeof digest,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return encoded;
}

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

// The client a token or revocation request authenticates as (RFC 6749 §2.3.1: HTTP Basic, or
// client_id and client_secret in the body; a public client sends its id alone).
struct ClientAuthentication {
  std::optional<domain::OAuthClientState> client;
  ApiResponse failure;
};

ClientAuthentication AuthenticateClient(const IdentityDirectory& people, const HttpRequest& request,
                                        const OAuthParameters& params) {
  std::string id = Parameter(params, "client_id");
  std::string secret = Parameter(params, "client_secret");
  bool basic = false;
  if (auto header = request.find(http::field::authorization); header != request.end()) {
    std::string_view value = header->value();
    if (!value.starts_with("Basic ")) {
      return {std::nullopt, OAuthError(400, "invalid_request", "Authenticate with HTTP Basic")};
    }
    if (params.contains("client_secret")) {
      return {std::nullopt,
              OAuthError(400, "invalid_request", "Use one way to authenticate the client")};
    }
    std::string_view encoded = value.substr(6);
    std::string decoded(encoded.size(), '\0');
    size_t length = 0;
    bool good = sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(),
                                  encoded.data(), encoded.size(), nullptr, &length, nullptr,
                                  sodium_base64_VARIANT_ORIGINAL) == 0;
    decoded.resize(length);
    size_t colon = decoded.find(':');
    auto form =
        good && colon != std::string::npos
            ? FormParameters("i=" + decoded.substr(0, colon) + "&s=" + decoded.substr(colon + 1))
            : domain::Result<OAuthParameters>(std::unexpected(domain::Error{}));
    if (!form) {
      return {std::nullopt,
              OAuthError(401, "invalid_client", "The Basic credentials are malformed")};
    }
    if (!id.empty() && id != Parameter(*form, "i")) {
      return {std::nullopt, OAuthError(400, "invalid_request", "Two different client ids")};
    }
    id = Parameter(*form, "i");
    secret = Parameter(*form, "s");
    basic = true;
  }
  auto refuse = [&] {
    ApiResponse failure = OAuthError(401, "invalid_client", "Client authentication failed");
    if (basic) failure.headers.emplace_back("WWW-Authenticate", "Basic realm=\"factura\"");
    return ClientAuthentication{std::nullopt, std::move(failure)};
  };
  auto client = people.ClientById(id);
  if (!client || !client->Live()) return refuse();
  if (client->confidential) {
    // Hashing first makes the comparison's length fixed; it is made in constant time.
    if (secret.empty() ||
        !domain::ConstantTimeEquals(Sha256Hex(secret), client->secret_sha256_hex)) {
      return refuse();
    }
  } else if (!secret.empty()) {
    return refuse();
  }
  return {std::move(client), {}};
}

std::string BaseUrl(const IdentityServices& identity, const HttpRequest& request) {
  if (!identity.public_url.empty()) {
    std::string url = identity.public_url;
    while (url.ends_with('/')) url.pop_back();
    return url;
  }
  auto host = request.find(http::field::host);
  return "http://" + std::string(host == request.end() ? "localhost" : host->value());
}

}  // namespace

ApiResponse App::OAuthTokensAnswer(const domain::Timestamp now, const AccessClaims& claims,
                                   const std::optional<std::string>& refresh) const {
  auto access = identity_.tokens->Issue(claims, now);
  if (!access) return OAuthError(500, "server_error", "The token could not be signed");
  JsonWriter json;
  json.BeginObject()
      .Key("access_token")
      .String(*access)
      .Key("token_type")
      .String("Bearer")
      .Key("expires_in")
      .Int(identity_.tokens->policy().lifetime_seconds);
  if (refresh) json.Key("refresh_token").String(*refresh);
  json.Key("scope").String(claims.scope).EndObject();
  ApiResponse response{200, std::move(json).Take()};
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Pragma", "no-cache");
  return response;
}

void App::DeclareOAuthRoutes() {
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
          std::string email = Parameter(*params, "email");
          if (auto wait = identity_.throttle->Check(email, context.peer_address, Now())) {
            co_return Throttled("login_throttled", "failed logins", *wait);
          }
          co_await OnWorker();
          auto user = identity_.people->UserByEmail(email);
          bool matches = VerifyPassword(user ? std::string_view(user->password_hash) : "",
                                        Parameter(*params, "password"));
          if (!matches) {
            identity_.throttle->Failed(email, context.peer_address, Now());
            co_return OAuthError(401, "access_denied",
                                 "The e-mail address or the password is wrong");
          }
          identity_.throttle->Succeeded(email);
          user_id = user->id;
          if (organization_id.empty() && !user->memberships.empty()) {
            organization_id = user->memberships.front().organization_id;
          }
        }
        if (Parameter(*params, "decision") == "deny") {
          co_return RedirectError(request, "access_denied", "The user denied the request");
        }
        if (organization_id != request.client.organization_id) {
          // A client acts in the organization that registered it, for that organization's users.
          co_return RedirectError(request, "access_denied",
                                  "The application belongs to another organization");
        }
        auto permissions = identity_.people->PermissionsIn(user_id, organization_id);
        if (!permissions) {
          co_return RedirectError(request, "access_denied", "The account cannot act there");
        }
        for (const std::string& scope : request.scopes) {
          // One may give an application at most what one may do oneself.
          if (!domain::Permits(*permissions, scope)) {
            co_return RedirectError(request, "invalid_scope",
                                    "You do not have '" + scope + "' yourself");
          }
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
        co_return BackToClient(
            request, WithQuery(request.redirect_uri, {{"code", ticket->session_id + "." + secret},
                                                      {"state", request.state}}));
      },
      true);

  router_.Add(
      http::verb::post, "/oauth/token", "oauth.token", "",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        if (identity_.people == nullptr || identity_.tokens == nullptr) {
          co_return OAuthError(503, "temporarily_unavailable", "OAuth is not configured");
        }
        auto params = BodyParameters(context.request);
        if (!params) co_return OAuthError(400, "invalid_request", params.error().message);
        ClientAuthentication authenticated =
            AuthenticateClient(*identity_.people, context.request, *params);
        if (!authenticated.client) co_return std::move(authenticated.failure);
        const domain::OAuthClientState& client = *authenticated.client;
        std::string grant_type = Parameter(*params, "grant_type");
        std::string tenant(domain::kIdentityTenant);
        if (grant_type == "authorization_code") {
          std::string code = Parameter(*params, "code");
          std::string verifier = Parameter(*params, "code_verifier");
          if (!verifier.empty() && !ValidVerifier(verifier)) {
            co_return OAuthError(400, "invalid_grant", "The code_verifier is malformed");
          }
          auto session_id = IdOfToken(code, domain::kSessionPrefix);
          if (!session_id) {
            co_return OAuthError(400, "invalid_grant", "The authorization code is not valid");
          }
          std::string redirect_uri = Parameter(*params, "redirect_uri");
          if (redirect_uri.empty() && client.redirect_uris.size() == 1) {
            redirect_uri = client.redirect_uris.front();
          }
          std::string refresh = *session_id + "." + NewTokenSecret();
          domain::Timestamp now = Now();
          domain::CodeRedemption redemption{client.id, redirect_uri,
                                            verifier.empty() ? "" : S256(verifier),
                                            Sha256Hex(refresh), RefreshExpiry()};
          auto ticket = std::make_shared<commands::OAuthTicket>();
          Command redeem =
              commands::RedeemAuthorizationCode(*session_id, Sha256Hex(code), redemption, ticket);
          ApiResponse written = co_await ExecuteIn(context, tenant, client.id, std::move(redeem));
          if (written.error) co_return written;
          if (ticket->verdict == domain::CodeVerdict::kReused) {
            co_return OAuthError(400, "invalid_grant",
                                 "The authorization code was used already: every token it gave "
                                 "is revoked");
          }
          if (ticket->verdict != domain::CodeVerdict::kRedeemed) {
            co_return OAuthError(400, "invalid_grant", ticket->reason);
          }
          co_return OAuthTokensAnswer(
              now, {ticket->user_id, *session_id, JoinScope(ticket->scopes), client.id, now, now},
              refresh);
        }
        if (grant_type == "refresh_token") {
          std::string token = Parameter(*params, "refresh_token");
          auto session_id = IdOfToken(token, domain::kSessionPrefix);
          if (!session_id) {
            co_return OAuthError(400, "invalid_grant", "The refresh token is not valid");
          }
          // A narrower scope may be asked for this access token (RFC 6749 §6), never a wider:
          // the command refuses it before anything rotates.
          std::optional<std::vector<std::string>> narrower;
          if (params->contains("scope")) narrower = SplitScope(Parameter(*params, "scope"));
          std::string next = *session_id + "." + NewTokenSecret();
          auto ticket = std::make_shared<commands::SessionTicket>();
          Command refresh = commands::RefreshSession(*session_id, Sha256Hex(token), Sha256Hex(next),
                                                     client.id, ticket, narrower);
          ApiResponse written = co_await ExecuteIn(context, tenant, client.id, std::move(refresh));
          if (written.error) co_return written;
          if (ticket->scope_refused) {
            co_return OAuthError(400, "invalid_scope",
                                 "A refresh may narrow the scope, not widen it");
          }
          if (ticket->verdict == domain::RefreshVerdict::kReused) {
            co_return OAuthError(400, "invalid_grant",
                                 "The refresh token was used already: the grant is revoked");
          }
          if (ticket->verdict != domain::RefreshVerdict::kRotated) {
            co_return OAuthError(400, "invalid_grant", "The refresh token is not valid");
          }
          std::vector<std::string> scopes = narrower.value_or(ticket->scopes);
          domain::Timestamp now = Now();
          co_return OAuthTokensAnswer(
              now, {ticket->user_id, *session_id, JoinScope(scopes), client.id, now, now}, next);
        }
        if (grant_type == "client_credentials") {
          if (!client.confidential) {
            co_return OAuthError(400, "unauthorized_client",
                                 "A public client cannot use client_credentials");
          }
          std::vector<std::string> scopes = client.scopes;
          if (params->contains("scope")) {
            scopes = SplitScope(Parameter(*params, "scope"));
            for (const std::string& scope : scopes) {
              if (!domain::Permits(client.scopes, scope)) {
                co_return OAuthError(400, "invalid_scope",
                                     "The client may not have '" + scope.substr(0, 60) + "'");
              }
            }
          }
          // The client acts as itself: no session, no refresh token (RFC 6749 §4.4.3).
          domain::Timestamp now = Now();
          co_return OAuthTokensAnswer(now, {client.id, "", JoinScope(scopes), client.id, now, now},
                                      std::nullopt);
        }
        co_return OAuthError(400, "unsupported_grant_type",
                             grant_type.empty() ? "Give a grant_type"
                                                : "Give authorization_code, refresh_token or "
                                                  "client_credentials");
      },
      true);

  router_.Add(
      http::verb::post, "/oauth/revoke", "oauth.revoke", "",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        if (identity_.people == nullptr || identity_.tokens == nullptr) {
          co_return OAuthError(503, "temporarily_unavailable", "OAuth is not configured");
        }
        auto params = BodyParameters(context.request);
        if (!params) co_return OAuthError(400, "invalid_request", params.error().message);
        ClientAuthentication authenticated =
            AuthenticateClient(*identity_.people, context.request, *params);
        if (!authenticated.client) co_return std::move(authenticated.failure);
        std::string token = Parameter(*params, "token");
        if (token.empty()) co_return OAuthError(400, "invalid_request", "Give the token");
        // An access token ends its session; a refresh token its own. Anything else — unknown,
        // another client's, already revoked — is answered the same (RFC 7009 §2.2).
        std::string session_id;
        std::string presented;
        if (LooksLikeJwt(token)) {
          auto claims = identity_.tokens->Verify(token, Now());
          if (claims) session_id = claims->session_id;
        } else if (auto id = IdOfToken(token, domain::kSessionPrefix)) {
          session_id = *id;
          presented = Sha256Hex(token);
        }
        if (!session_id.empty()) {
          ApiResponse written = co_await ExecuteIn(
              context, std::string(domain::kIdentityTenant), authenticated.client->id,
              commands::RevokeOAuthSession(session_id, authenticated.client->id, presented));
          if (written.error) co_return written;
        }
        ApiResponse response{200, "{}"};
        response.headers.emplace_back("Cache-Control", "no-store");
        co_return response;
      },
      true);

  router_.Add(http::verb::get, "/.well-known/oauth-authorization-server", "oauth.metadata", "",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::string base = BaseUrl(identity_, context.request);
                JsonWriter json;
                json.BeginObject()
                    .Key("issuer")
                    .String(base)
                    .Key("authorization_endpoint")
                    .String(base + "/oauth/authorize")
                    .Key("token_endpoint")
                    .String(base + "/oauth/token")
                    .Key("revocation_endpoint")
                    .String(base + "/oauth/revoke")
                    .Key("scopes_supported")
                    .BeginArray();
                for (std::string_view scope : domain::kApiKeyScopes) json.String(scope);
                json.EndArray().Key("response_types_supported").BeginArray().String("code");
                json.EndArray().Key("response_modes_supported").BeginArray().String("query");
                json.EndArray().Key("grant_types_supported").BeginArray();
                json.String("authorization_code").String("refresh_token");
                json.String("client_credentials").EndArray();
                for (const char* key : {"token_endpoint_auth_methods_supported",
                                        "revocation_endpoint_auth_methods_supported"}) {
                  json.Key(key).BeginArray().String("client_secret_basic");
                  json.String("client_secret_post").String("none").EndArray();
                }
                json.Key("code_challenge_methods_supported").BeginArray().String("S256");
                json.EndArray().EndObject();
                co_return ApiResponse{200, std::move(json).Take()};
              });
}

}  // namespace factura::api
