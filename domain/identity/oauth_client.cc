#include "domain/identity/oauth_client.h"

#include <algorithm>

#include "domain/aggregate.h"
#include "domain/api_key/api_key.h"
#include "domain/overloaded.h"
#include "domain/text.h"

namespace factura::domain {
namespace {

std::unexpected<Error> ClientNotFound() {
  return Reject(ErrorKind::kNotFound, "oauth_client_not_found", "id", "No such OAuth client");
}

bool OwnedBy(const OAuthClientState& state, std::string_view organization_id) {
  return state.Live() && state.organization_id == organization_id;
}

// The host part after the scheme ends at ':', '/', '?' or the end.
bool LoopbackAfter(std::string_view rest) {
  for (std::string_view host : {"localhost", "127.0.0.1", "[::1]"}) {
    if (!rest.starts_with(host)) continue;
    std::string_view after = rest.substr(host.size());
    if (after.empty() || after.front() == ':' || after.front() == '/' || after.front() == '?') {
      return true;
    }
  }
  return false;
}

bool ValidRedirectUri(std::string_view uri) {
  if (uri.size() > kMaxRedirectUriLength) return false;
  bool clean = std::none_of(uri.begin(), uri.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte <= 0x20 || byte == 0x7f || c == '#' || c == '\\' || c == '"' || c == '<' ||
           c == '>';
  });
  if (!clean) return false;
  constexpr std::string_view kHttps = "https://";
  constexpr std::string_view kHttp = "http://";
  if (uri.starts_with(kHttps)) {
    std::string_view rest = uri.substr(kHttps.size());
    return !rest.empty() && rest.front() != '/' && rest.front() != ':' && rest.front() != '?' &&
           rest.find('@') == std::string_view::npos;
  }
  return uri.starts_with(kHttp) && LoopbackAfter(uri.substr(kHttp.size()));
}

}  // namespace

bool OAuthClientState::AllowsRedirect(std::string_view uri) const {
  // Exact string comparison, as the Security BCP asks: no prefix, no normalization.
  return std::find(redirect_uris.begin(), redirect_uris.end(), uri) != redirect_uris.end();
}

Result<void> ValidateRedirectUris(const std::vector<std::string>& uris) {
  if (uris.empty()) {
    return Invalid("redirect_uris_required", "redirect_uris", "Give at least one redirect URI");
  }
  if (uris.size() > kMaxRedirectUris) {
    return Invalid("too_many_redirect_uris", "redirect_uris",
                   "A client has at most " + std::to_string(kMaxRedirectUris) + " redirect URIs");
  }
  for (size_t i = 0; i < uris.size(); ++i) {
    if (!ValidRedirectUri(uris[i])) {
      return Invalid("invalid_redirect_uri", "redirect_uris[" + std::to_string(i) + "]",
                     "A redirect URI is an absolute https URI without a fragment (http only to "
                     "localhost or a loopback address)");
    }
  }
  return {};
}

Result<void> ValidateOAuthScopes(const std::vector<std::string>& scopes, std::string_view param) {
  if (scopes.empty()) {
    return Invalid("scopes_required", std::string(param), "Give some scopes");
  }
  for (size_t i = 0; i < scopes.size(); ++i) {
    if (std::find(kApiKeyScopes.begin(), kApiKeyScopes.end(), scopes[i]) == kApiKeyScopes.end()) {
      return Invalid("invalid_scope", std::string(param) + "[" + std::to_string(i) + "]",
                     "'" + scopes[i].substr(0, 60) + "' is not a scope");
    }
  }
  return {};
}

Result<Events> Register(const OAuthClientState& state, std::string client_id,
                        std::string organization_id, const RegisterOAuthClient& c,
                        std::string secret_sha256_hex, std::string created_by, Timestamp now) {
  if (state.exists) {
    return Reject(ErrorKind::kAlreadyExists, "oauth_client_exists", "id", "The client exists");
  }
  FACTURA_TRY(ValidateRequiredText(c.name, "name", kMaxShortTextLength));
  FACTURA_TRY(ValidateRedirectUris(c.redirect_uris));
  FACTURA_TRY(ValidateOAuthScopes(c.scopes, "scopes"));
  if (!c.confidential) secret_sha256_hex.clear();
  return Events{OAuthClientRegistered{std::move(client_id), std::move(organization_id), c.name,
                                      c.confidential, c.redirect_uris, c.scopes,
                                      std::move(secret_sha256_hex), std::move(created_by), now}};
}

Result<Events> UpdateOAuthClient(const OAuthClientState& state, std::string_view organization_id,
                                 const std::optional<std::string>& name,
                                 const std::optional<std::vector<std::string>>& redirect_uris,
                                 const std::optional<std::vector<std::string>>& scopes,
                                 Timestamp now) {
  if (!OwnedBy(state, organization_id)) return ClientNotFound();
  OAuthClientUpdated update{state.id, {}, std::nullopt, std::nullopt, now};
  if (name && *name != state.name) {
    FACTURA_TRY(ValidateRequiredText(*name, "name", kMaxShortTextLength));
    update.name = Patch<std::string>::Set(*name);
  }
  if (redirect_uris && *redirect_uris != state.redirect_uris) {
    FACTURA_TRY(ValidateRedirectUris(*redirect_uris));
    update.redirect_uris = *redirect_uris;
  }
  if (scopes && *scopes != state.scopes) {
    FACTURA_TRY(ValidateOAuthScopes(*scopes, "scopes"));
    update.scopes = *scopes;
  }
  if (update.name.omitted() && !update.redirect_uris && !update.scopes) return Events{};
  return Events{std::move(update)};
}

Result<Events> RotateOAuthClientSecret(const OAuthClientState& state,
                                       std::string_view organization_id,
                                       std::string secret_sha256_hex, Timestamp now) {
  if (!OwnedBy(state, organization_id)) return ClientNotFound();
  if (!state.confidential) {
    return Reject(ErrorKind::kFailedPrecondition, "public_client", "id",
                  "A public client has no secret; it proves itself with PKCE");
  }
  return Events{OAuthClientSecretRotated{state.id, std::move(secret_sha256_hex), now}};
}

Result<Events> DeleteOAuthClient(const OAuthClientState& state, std::string_view organization_id,
                                 Timestamp now) {
  if (!OwnedBy(state, organization_id)) return ClientNotFound();
  return Events{OAuthClientDeleted{state.id, now}};
}

OAuthClientState Evolve(OAuthClientState state, const Event& event) {
  return FoldOwnEvent(std::move(state), event,
                      Overloaded{
                          [](OAuthClientState& s, const OAuthClientRegistered& e) {
                            s.exists = true;
                            s.id = e.client_id;
                            s.organization_id = e.organization_id;
                            s.name = e.name;
                            s.confidential = e.confidential;
                            s.redirect_uris = e.redirect_uris;
                            s.scopes = e.scopes;
                            s.secret_sha256_hex = e.secret_sha256_hex;
                            s.created_by = e.created_by;
                            s.created_at = e.at;
                          },
                          [](OAuthClientState& s, const OAuthClientUpdated& e) {
                            if (e.name.sets()) s.name = e.name.value();
                            if (e.redirect_uris) s.redirect_uris = *e.redirect_uris;
                            if (e.scopes) s.scopes = *e.scopes;
                          },
                          [](OAuthClientState& s, const OAuthClientSecretRotated& e) {
                            s.secret_sha256_hex = e.secret_sha256_hex;
                          },
                          [](OAuthClientState& s, const OAuthClientDeleted&) { s.deleted = true; },
                      });
}

}  // namespace factura::domain
