#pragma once
// Commands on users and sessions, run in the identity tenant (CommandMeta::organization_id is
// domain::kIdentityTenant). Passwords arrive hashed and tokens as their SHA-256: the slow and
// secret parts happen in the route, on the worker pool, never on the processor's thread.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/command_processor.h"
#include "domain/identity/session.h"
#include "domain/identity/user.h"

namespace factura::api::commands {

// That `role` may be given in `organization_id`: a built-in one (not owner), or one of the
// organization's custom roles that is not deleted; the `customer` role with `customer_id`, a
// customer of the organization that is not deleted (and no other role with one). Errors: 422
// `invalid_role`, `customer_required`, `customer_not_allowed`, `customer_not_found`.
[[nodiscard]] domain::Result<void> CheckAssignableRole(
    Workspace& ws, const std::string& organization_id, std::string_view role,
    const std::optional<std::string>& customer_id = std::nullopt);

// Effect: kCreated, the user (as seen in their organization). Errors: 409 `email_taken`, the
// decision's.
[[nodiscard]] Command RegisterUser(domain::RegisterUser command);

// What a command that starts or refreshes a session tells the route, to sign the access token.
struct SessionTicket {
  std::string session_id;
  std::string user_id;
  std::vector<std::string> scopes;  // an OAuth client's session: what the user consented to
  bool scope_refused = false;       // a narrower scope was asked for that the session lacks
  domain::RefreshVerdict verdict = domain::RefreshVerdict::kInvalid;
};

// A new session for an active user, whose refresh token is `<session id>.<refresh_secret>` (only
// its SHA-256 is recorded). Errors: 404 `user_not_found`, 403 `user_inactive`.
[[nodiscard]] Command StartSession(std::string user_id, std::string refresh_secret,
                                   domain::Timestamp expires_at,
                                   std::shared_ptr<SessionTicket> ticket);

// Rotates the session's refresh token, or burns the family on reuse (the ticket's verdict says
// which; an invalid token, or one of a user no longer active, of a session a password change
// ended, or of another client than `client_id` — empty for the user's own login — changes
// nothing; so does `narrower`, scopes the client asks this token to hold, when the session was
// not given one of them: the ticket says `scope_refused`). Never an error of its own.
[[nodiscard]] Command RefreshSession(
    std::string session_id, std::string presented_sha256_hex, std::string new_sha256_hex,
    std::string client_id, std::shared_ptr<SessionTicket> ticket,
    std::optional<std::vector<std::string>> narrower = std::nullopt);

// Ends the session (logout). Effect: kDeleted.
[[nodiscard]] Command EndSession(std::string session_id);

// An administrator of `organization_id` approves, rejects, activates or deactivates a member.
// Effect: kChanged, the user. Errors: 404 `user_not_found`, the decision's.
[[nodiscard]] Command ChangeUserStatus(std::string user_id, domain::UserAction action,
                                       std::string organization_id,
                                       std::optional<std::string> role);

// Profile (name, locale) and, from an administrator, the role in `organization_id`.
[[nodiscard]] Command UpdateUser(std::string user_id, std::string organization_id,
                                 std::optional<std::string> name, std::optional<std::string> locale,
                                 std::optional<std::string> role,
                                 std::optional<std::string> customer_id = std::nullopt);

// Removes the member from `organization_id`. Effect: kDeleted. Errors: 404 `user_not_found`,
// 409 `cannot_change_owner`.
[[nodiscard]] Command RemoveMember(std::string user_id, std::string organization_id);

// A new password: every session ends, and a new one starts for the caller (the ticket; its
// refresh token as StartSession's).
[[nodiscard]] Command ChangePassword(std::string user_id, std::string expected_old_hash,
                                     std::string new_hash, std::string reason,
                                     std::string refresh_secret, domain::Timestamp expires_at,
                                     std::shared_ptr<SessionTicket> ticket);

// A single-use reset token (its SHA-256) for the user, valid until `expires_at`.
[[nodiscard]] Command RequestPasswordReset(std::string user_id, std::string token_sha256_hex,
                                           domain::Timestamp expires_at);

// Sets the password if `token_sha256_hex` is the user's outstanding, unexpired reset token.
// Errors: 400 `invalid_reset_token`.
[[nodiscard]] Command ResetPassword(std::string user_id, std::string token_sha256_hex,
                                    std::string new_hash);

}  // namespace factura::api::commands
