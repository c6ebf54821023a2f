// OAuth 2.0's token endpoint (seed 000 §2.1; RFC 6749 §3.2: authorization_code with PKCE S256,
// refresh_token, client_credentials), revocation (RFC 7009) and the server's metadata (RFC 8414).
// Their answers and errors are OAuth's own shapes, not the API's envelope.
//
// A client's session is a Session aggregate begun by its authorization code: bound to the
// organization the user consented in and to the consented scopes, its refresh tokens rotated and
// burnt on reuse like a login's; a code redeemed twice revokes it (RFC 6749 §4.1.2).
#include <sodium.h>

#include "api/api_keys.h"
#include "api/commands/identity_commands.h"
#include "api/commands/oauth_commands.h"
#include "api/http/app.h"
#include "api/http/json_writer.h"
#include "api/http/oauth_parameters.h"
#include "api/http/oauth_support.h"
#include "api/identity/opaque_tokens.h"
#include "domain/api_key/api_key.h"
#include "domain/identity/roles.h"
#include "domain/ids.h"
#include "domain/text.h"

namespace factura::api {
namespace {

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

// A request of a client to the token or revocation endpoint: its parameters, and the client
// they authenticate (or the answer refusing it).
struct ClientRequest {
  OAuthParameters params;
  domain::OAuthClientState client;
};

std::variant<ClientRequest, ApiResponse> ReadClientRequest(const IdentityServices& identity,
                                                           const HttpRequest& request) {
  if (identity.people == nullptr || identity.tokens == nullptr) {
    return OAuthError(503, "temporarily_unavailable", "OAuth is not configured");
  }
  auto params = BodyParameters(request);
  if (!params) return OAuthError(400, "invalid_request", params.error().message);
  ClientAuthentication authenticated = AuthenticateClient(*identity.people, request, *params);
  if (!authenticated.client) return std::move(authenticated.failure);
  return ClientRequest{std::move(*params), std::move(*authenticated.client)};
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
  DeclareOAuthAuthorizeRoutes();

  router_.Add(
      http::verb::post, "/oauth/token", "oauth.token", "",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        auto read = ReadClientRequest(identity_, context.request);
        if (auto* refused = std::get_if<ApiResponse>(&read)) co_return std::move(*refused);
        const OAuthParameters* params = &std::get<ClientRequest>(read).params;
        const domain::OAuthClientState& client = std::get<ClientRequest>(read).client;
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
        auto read = ReadClientRequest(identity_, context.request);
        if (auto* refused = std::get_if<ApiResponse>(&read)) co_return std::move(*refused);
        const OAuthParameters* params = &std::get<ClientRequest>(read).params;
        const domain::OAuthClientState* client = &std::get<ClientRequest>(read).client;
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
          ApiResponse written =
              co_await ExecuteIn(context, std::string(domain::kIdentityTenant), client->id,
                                 commands::RevokeOAuthSession(session_id, client->id, presented));
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
