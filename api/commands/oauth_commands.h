#pragma once
// Commands of OAuth 2.0 (seed 000 §2.1), run in the identity tenant: an organization's clients,
// and the authorization codes that start a client's session. Secrets arrive as their SHA-256,
// drawn in the route; what only the processor may decide (the client still there, the user still
// a member, a code not yet redeemed) is decided here.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/command_processor.h"
#include "domain/identity/oauth_client.h"
#include "domain/identity/session.h"

namespace factura::api::commands {

// The client as the API shows it; `client_secret` only in the answer that made it.
[[nodiscard]] std::string OAuthClientJson(const domain::OAuthClientState& client,
                                          const std::optional<std::string>& client_secret);

// `creator_scopes`: what the caller may do, which the client's scopes may not exceed. A
// confidential client's secret is `secret` (its SHA-256 recorded; the answer shows it once and
// is kept sealed). Effect: kCreated. Errors: 422 `scope_not_yours` (param `scopes[i]`), the
// decision's.
[[nodiscard]] Command RegisterOAuthClient(domain::RegisterOAuthClient client,
                                          std::string organization_id, std::string created_by,
                                          std::vector<std::string> creator_scopes,
                                          std::string secret);

// Effect: kChanged. Errors: 404 `oauth_client_not_found`, 422 `scope_not_yours`, the decision's.
[[nodiscard]] Command UpdateOAuthClient(std::string client_id, std::string organization_id,
                                        std::optional<std::string> name,
                                        std::optional<std::vector<std::string>> redirect_uris,
                                        std::optional<std::vector<std::string>> scopes,
                                        std::vector<std::string> caller_scopes);

// Effect: kChanged, the client with its new secret. Errors: 404, 409 `public_client`.
[[nodiscard]] Command RotateOAuthClientSecret(std::string client_id, std::string organization_id,
                                              std::string secret);

// Effect: kDeleted. Errors: 404 `oauth_client_not_found`.
[[nodiscard]] Command DeleteOAuthClient(std::string client_id, std::string organization_id);

// What the authorization and token endpoints learn from a command.
struct OAuthTicket {
  std::string session_id;
  std::string user_id;
  std::vector<std::string> scopes;
  domain::CodeVerdict verdict = domain::CodeVerdict::kInvalid;
  std::string reason;
  // A consent refused (IssueAuthorizationCode): OAuth's error for the client, and why.
  std::string refusal;
  std::string refusal_description;
};

struct CodeRequest {
  std::string user_id;
  std::string organization_id;
  std::string client_id;
  std::vector<std::string> scopes;  // consented: within the user's permissions and the client's
  std::string redirect_uri;
  std::string code_challenge;
  std::string code_secret;  // the code is `<session id>.<code_secret>`
  domain::Timestamp code_expires_at;
};

// Records the user's consent as a code (the ticket names the session), when it may be given: the
// user active and a member of the client's organization (else the ticket's refusal is
// `access_denied`), every scope within their role's permissions there (else `invalid_scope`) —
// one gives an application at most what one may do oneself. Errors: 400 `invalid_client` (gone).
[[nodiscard]] Command IssueAuthorizationCode(CodeRequest request,
                                             std::shared_ptr<OAuthTicket> ticket);

// Redeems a code (the ticket's verdict and reason say how it went; a user no longer active or a
// client gone make it invalid). Never an error of its own.
[[nodiscard]] Command RedeemAuthorizationCode(std::string session_id, std::string code_sha256_hex,
                                              domain::CodeRedemption redemption,
                                              std::shared_ptr<OAuthTicket> ticket);

// Ends the client's session whose refresh token has `presented_sha256_hex` (empty: the caller
// verified an access token of that session). Another client's session, or an unknown token,
// changes nothing (RFC 7009 §2.2). Never an error of its own.
[[nodiscard]] Command RevokeOAuthSession(std::string session_id, std::string client_id,
                                         std::string presented_sha256_hex);

}  // namespace factura::api::commands
