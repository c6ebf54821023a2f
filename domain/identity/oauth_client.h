#pragma once
// The OAuthClient aggregate (seed 000 §2.1): a third-party application an organization registered
// to act for its users through OAuth 2.0 — its redirect URIs (matched exactly, RFC 6749 §3.1.2;
// OAuth 2.0 Security BCP §4.1), the most it may be given, and for a confidential client the
// SHA-256 of its secret. A public client (a browser or mobile app) has no secret and must use
// PKCE (RFC 7636).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"
#include "domain/events.h"
#include "domain/identity/identity_events.h"

namespace factura::domain {

inline constexpr size_t kMaxRedirectUris = 10;
inline constexpr size_t kMaxRedirectUriLength = 500;

struct OAuthClientState {
  bool exists = false;
  bool deleted = false;
  uint64_t version = 0;
  std::string id;
  std::string organization_id;
  std::string name;
  bool confidential = true;
  std::vector<std::string> redirect_uris;
  std::vector<std::string> scopes;
  std::string secret_sha256_hex;
  std::string created_by;
  Timestamp created_at;
  Timestamp updated_at;

  bool Live() const { return exists && !deleted; }
  bool AllowsRedirect(std::string_view uri) const;
};

struct RegisterOAuthClient {
  std::string name;
  bool confidential = true;
  std::vector<std::string> redirect_uris;
  std::vector<std::string> scopes;
};

// Each an absolute https URI without a fragment (http only to a loopback host, for native apps,
// RFC 8252 §7.3), at most kMaxRedirectUris. Errors: `redirect_uris_required`,
// `invalid_redirect_uri` (param `redirect_uris[i]`).
[[nodiscard]] Result<void> ValidateRedirectUris(const std::vector<std::string>& uris);
// Each one of the API's scopes (kApiKeyScopes). Errors: `scopes_required`, `invalid_scope`
// (param `scopes[i]`).
[[nodiscard]] Result<void> ValidateOAuthScopes(const std::vector<std::string>& scopes,
                                               std::string_view param);

// `secret_sha256_hex` empty for a public client. Errors: field errors on `name`,
// `redirect_uris`, `scopes`.
[[nodiscard]] Result<Events> Register(const OAuthClientState& state, std::string client_id,
                                      std::string organization_id, const RegisterOAuthClient& c,
                                      std::string secret_sha256_hex, std::string created_by,
                                      Timestamp now);

// Errors: 404 `oauth_client_not_found` (deleted, or of another organization), field errors.
[[nodiscard]] Result<Events> UpdateOAuthClient(
    const OAuthClientState& state, std::string_view organization_id,
    const std::optional<std::string>& name,
    const std::optional<std::vector<std::string>>& redirect_uris,
    const std::optional<std::vector<std::string>>& scopes, Timestamp now);

// Errors: 404 `oauth_client_not_found`, 409 `public_client` (it has no secret).
[[nodiscard]] Result<Events> RotateOAuthClientSecret(const OAuthClientState& state,
                                                     std::string_view organization_id,
                                                     std::string secret_sha256_hex, Timestamp now);

// Errors: 404 `oauth_client_not_found`.
[[nodiscard]] Result<Events> DeleteOAuthClient(const OAuthClientState& state,
                                               std::string_view organization_id, Timestamp now);

OAuthClientState Evolve(OAuthClientState state, const Event& event);

}  // namespace factura::domain
