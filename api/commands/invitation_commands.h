#pragma once
// Commands on invitations (identity tenant): an organization's administrator invites an e-mail
// address to a role; whoever holds the token joins — a new user (active at once: the token
// proves the address) or an existing one (whose password the route has checked).

#include <memory>
#include <optional>
#include <string>

#include "api/command_processor.h"
#include "domain/identity/invitation.h"
#include "domain/identity/user.h"

namespace factura::api::commands {

// A new invitation whose token is `<invitation id>.<token_secret>`; `created_id` receives the
// id. Effect: kCreated, the invitation (without its token). Errors: 409 `already_member`, the
// decision's.
[[nodiscard]] Command CreateInvitation(std::string organization_id, std::string email,
                                       std::string role, std::optional<std::string> customer_id,
                                       std::string token_secret, domain::Timestamp expires_at,
                                       std::shared_ptr<std::string> created_id);

// What accepting joins: an existing user, or a new one registered with these details.
struct Joiner {
  std::optional<std::string> user_id;
  std::string name;
  std::string locale;
  std::string password_hash;
};

// Redeems the invitation for `joiner`; `user_id` receives who joined. Effect: kChanged.
// Errors: 400 `invalid_invitation`, 409 `already_member`, `email_taken`.
[[nodiscard]] Command AcceptInvitation(std::string invitation_id, std::string token_sha256_hex,
                                       Joiner joiner, std::shared_ptr<std::string> user_id);

// Errors: 404 `invitation_not_found`, 409 `invitation_not_pending`.
[[nodiscard]] Command RevokeInvitation(std::string invitation_id, std::string organization_id);

}  // namespace factura::api::commands
