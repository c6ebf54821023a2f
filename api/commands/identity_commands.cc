#include "api/commands/identity_commands.h"

#include "api/aggregate_reader.h"
#include "api/api_keys.h"
#include "api/identity/user_json.h"
#include "domain/identity/roles.h"
#include "domain/ids.h"
#include "domain/text.h"

namespace factura::api::commands {
namespace {

std::unexpected<domain::Error> UserNotFound() {
  return domain::Reject(domain::ErrorKind::kNotFound, "user_not_found", "id", "No such user");
}

domain::Result<const domain::UserState*> LoadUser(Workspace& ws, const std::string& user_id) {
  if (!domain::ValidateId(user_id, domain::kUserPrefix, "id")) return UserNotFound();
  auto user = ws.Load<domain::UserState>(user_id);
  if (!user) return std::unexpected(user.error());
  if (!(*user)->exists) return UserNotFound();
  return *user;
}

Outcome UserOutcome(domain::Events events, Effect effect, const domain::UserState& before,
                    std::string organization_id) {
  domain::UserState after = FoldEvents(before, events);
  return Deferred(std::move(events), effect, std::move(after),
                  [organization_id = std::move(organization_id)](const domain::UserState& user) {
                    return UserJson(user, organization_id);
                  });
}

// The membership change giving `user` the role `role` in `organization_id`, after `events`.
domain::Result<void> AddRoleChange(Workspace& ws, const domain::UserState& user,
                                   const std::string& organization_id, std::string_view role,
                                   domain::Events& events,
                                   const std::optional<std::string>& customer_id = std::nullopt) {
  FACTURA_TRY(CheckAssignableRole(ws, organization_id, role, customer_id));
  auto membership = domain::ChangeMembership(user, organization_id, role, customer_id, ws.now());
  if (!membership) return std::unexpected(membership.error());
  events.insert(events.end(), membership->begin(), membership->end());
  return {};
}

}  // namespace

domain::Result<void> CheckAssignableRole(Workspace& ws, const std::string& organization_id,
                                         std::string_view role,
                                         const std::optional<std::string>& customer_id) {
  FACTURA_TRY(domain::ValidateAssignableRole(role, "role"));
  FACTURA_TRY(domain::ValidateCustomerLink(role, customer_id));
  if (customer_id) {
    auto customer = ws.LoadFrom<domain::CustomerState>(organization_id, *customer_id);
    if (!customer) return std::unexpected(customer.error());
    if (!(*customer)->exists || (*customer)->deleted) {
      return domain::Invalid("customer_not_found", "customer_id",
                             "The organization has no such customer");
    }
  }
  if (!domain::HasIdPrefix(role, domain::kRolePrefix)) return {};
  auto custom = ws.LoadFrom<domain::RoleState>(organization_id, role);
  if (!custom) return std::unexpected(custom.error());
  if (!(*custom)->exists || (*custom)->deleted) {
    return domain::Invalid("invalid_role", "role", "The organization has no such role");
  }
  return {};
}

Command RegisterUser(domain::RegisterUser command) {
  return [command = std::move(command)](Workspace& ws) -> domain::Result<Outcome> {
    if (!command.owner) {
      FACTURA_TRY(
          CheckAssignableRole(ws, command.membership.organization_id, command.membership.role));
    }
    if (ws.UserEmailTaken(command.email)) {
      return domain::Reject(domain::ErrorKind::kAlreadyExists, "email_taken", "email",
                            "That e-mail address cannot be registered");
    }
    std::string id = ws.NewId(domain::kUserPrefix);
    auto events = domain::Decide(domain::UserState{}, command, {ws.now(), id});
    if (!events) return std::unexpected(events.error());
    return UserOutcome(std::move(*events), Effect::kCreated, domain::UserState{},
                       command.membership.organization_id);
  };
}

Command StartSession(std::string user_id, std::string refresh_secret, domain::Timestamp expires_at,
                     std::shared_ptr<SessionTicket> ticket) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    auto user = LoadUser(ws, user_id);
    if (!user) return std::unexpected(user.error());
    if ((*user)->status != domain::UserStatus::kActive) {
      return domain::Reject(domain::ErrorKind::kPermissionDenied, "user_inactive", "",
                            "The account is not active");
    }
    std::string id = ws.NewId(domain::kSessionPrefix);
    ticket->session_id = id;
    ticket->user_id = user_id;
    ticket->verdict = domain::RefreshVerdict::kRotated;
    domain::Events events{domain::SessionStarted{id, user_id, Sha256Hex(id + "." + refresh_secret),
                                                 expires_at, ws.now()}};
    return Outcome{std::move(events), Effect::kCreated, UserJson(**user, ""), nullptr};
  };
}

Command RefreshSession(std::string session_id, std::string presented_sha256_hex,
                       std::string new_sha256_hex, std::string client_id,
                       std::shared_ptr<SessionTicket> ticket,
                       std::optional<std::vector<std::string>> narrower) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    if (!domain::ValidateId(session_id, domain::kSessionPrefix, "refresh_token")) {
      return Outcome{};
    }
    auto session = ws.Load<domain::SessionState>(session_id);
    if (!session) return std::unexpected(session.error());
    if ((*session)->client_id != client_id) return Outcome{};
    if (narrower) {
      for (const std::string& scope : *narrower) {
        if (!domain::Permits((*session)->scopes, scope)) {
          ticket->scope_refused = true;
          return Outcome{};
        }
      }
    }
    if (!client_id.empty()) {
      auto client = ws.Load<domain::OAuthClientState>(client_id);
      if (!client) return std::unexpected(client.error());
      if (!(*client)->Live()) return Outcome{};
    }
    if ((*session)->exists) {
      auto user = ws.Load<domain::UserState>((*session)->user_id);
      if (!user) return std::unexpected(user.error());
      const domain::UserState& person = **user;
      bool superseded =
          person.sessions_valid_after && (*session)->started_at < *person.sessions_valid_after;
      if (person.status != domain::UserStatus::kActive || superseded) return Outcome{};
    }
    domain::RefreshDecision decision =
        domain::Refresh(**session, presented_sha256_hex, new_sha256_hex, ws.now());
    ticket->verdict = decision.verdict;
    ticket->session_id = session_id;
    ticket->user_id = (*session)->user_id;
    ticket->scopes = (*session)->scopes;
    return Outcome{std::move(decision.events), Effect::kChanged, "{}", nullptr};
  };
}

Command EndSession(std::string session_id) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    auto session = ws.Load<domain::SessionState>(session_id);
    if (!session) return std::unexpected(session.error());
    return Outcome{domain::Revoke(**session, "logout", ws.now()), Effect::kDeleted, "", nullptr};
  };
}

Command ChangeUserStatus(std::string user_id, domain::UserAction action,
                         std::string organization_id, std::optional<std::string> role) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    auto user = LoadUser(ws, user_id);
    if (!user) return std::unexpected(user.error());
    auto events = domain::Decide(**user, action, organization_id, ws.now());
    if (!events) return std::unexpected(events.error());
    if (role) FACTURA_TRY(AddRoleChange(ws, **user, organization_id, *role, *events));
    return UserOutcome(std::move(*events), Effect::kChanged, **user, organization_id);
  };
}

Command UpdateUser(std::string user_id, std::string organization_id,
                   std::optional<std::string> name, std::optional<std::string> locale,
                   std::optional<std::string> role, std::optional<std::string> customer_id) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    auto user = LoadUser(ws, user_id);
    if (!user) return std::unexpected(user.error());
    if ((*user)->MembershipIn(organization_id) == nullptr) return UserNotFound();
    auto events = domain::UpdateProfile(**user, name, locale, ws.now());
    if (!events) return std::unexpected(events.error());
    if (role) FACTURA_TRY(AddRoleChange(ws, **user, organization_id, *role, *events, customer_id));
    return UserOutcome(std::move(*events), Effect::kChanged, **user, organization_id);
  };
}

Command RemoveMember(std::string user_id, std::string organization_id) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    auto user = LoadUser(ws, user_id);
    if (!user) return std::unexpected(user.error());
    auto events = domain::ChangeMembership(**user, organization_id, "", std::nullopt, ws.now());
    if (!events) return std::unexpected(events.error());
    return Outcome{std::move(*events), Effect::kDeleted, "", nullptr};
  };
}

Command ChangePassword(std::string user_id, std::string expected_old_hash, std::string new_hash,
                       std::string reason, std::string refresh_secret, domain::Timestamp expires_at,
                       std::shared_ptr<SessionTicket> ticket) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    auto user = LoadUser(ws, user_id);
    if (!user) return std::unexpected(user.error());
    // The old password was verified against this hash: a change that raced it in loses.
    if ((*user)->password_hash != expected_old_hash) {
      return domain::Reject(domain::ErrorKind::kConflict, "password_changed", "",
                            "The password changed meanwhile; try again");
    }
    domain::Events events = domain::ChangePassword(**user, new_hash, reason, ws.now());
    // The new session starts a microsecond after the change, so the change does not end it.
    std::string id = ws.NewId(domain::kSessionPrefix);
    domain::Timestamp started{ws.now().micros_since_epoch + 1};
    events.push_back(domain::SessionStarted{id, user_id, Sha256Hex(id + "." + refresh_secret),
                                            expires_at, started});
    ticket->session_id = id;
    ticket->user_id = user_id;
    ticket->verdict = domain::RefreshVerdict::kRotated;
    return Outcome{std::move(events), Effect::kChanged, UserJson(**user, ""), nullptr};
  };
}

Command RequestPasswordReset(std::string user_id, std::string token_sha256_hex,
                             domain::Timestamp expires_at) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    auto user = LoadUser(ws, user_id);
    if (!user) return std::unexpected(user.error());
    domain::Events events{
        domain::UserPasswordResetRequested{user_id, token_sha256_hex, expires_at, ws.now()}};
    return Outcome{std::move(events), Effect::kChanged, "{}", nullptr};
  };
}

Command ResetPassword(std::string user_id, std::string token_sha256_hex, std::string new_hash) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    auto invalid = domain::Reject(domain::ErrorKind::kMalformed, "invalid_reset_token", "token",
                                  "The reset token is not valid (used, expired or unknown)");
    if (!domain::ValidateId(user_id, domain::kUserPrefix, "token")) return invalid;
    auto user = ws.Load<domain::UserState>(user_id);
    if (!user) return std::unexpected(user.error());
    const domain::UserState& state = **user;
    if (!state.exists || state.reset_token_sha256_hex.empty() || !state.reset_expires_at ||
        !(ws.now() < *state.reset_expires_at) ||
        !domain::ConstantTimeEquals(state.reset_token_sha256_hex, token_sha256_hex)) {
      return invalid;
    }
    return Outcome{domain::ChangePassword(state, new_hash, "reset", ws.now()), Effect::kChanged,
                   "{}", nullptr};
  };
}

}  // namespace factura::api::commands
