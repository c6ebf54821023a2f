#include "api/commands/invitation_commands.h"

#include "api/aggregate_reader.h"
#include "api/api_keys.h"
#include "api/commands/identity_commands.h"
#include "api/identity/invitation_json.h"
#include "domain/ids.h"

namespace factura::api::commands {
namespace {

std::unexpected<domain::Error> AlreadyMember() {
  return domain::Reject(domain::ErrorKind::kAlreadyExists, "already_member", "email",
                        "That person is a member of the organization already");
}

}  // namespace

Command CreateInvitation(std::string organization_id, std::string email, std::string role,
                         std::optional<std::string> customer_id, std::string token_secret,
                         domain::Timestamp expires_at, std::shared_ptr<std::string> created_id) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    FACTURA_TRY(CheckAssignableRole(ws, organization_id, role, customer_id));
    if (auto member = ws.UserIdByEmail(email)) {
      auto user = ws.Load<domain::UserState>(*member);
      if (!user) return std::unexpected(user.error());
      if ((*user)->MembershipIn(organization_id) != nullptr) return AlreadyMember();
    }
    std::string id = ws.NewId(domain::kInvitationPrefix);
    auto events =
        domain::Invite(domain::InvitationState{}, id, organization_id, email, role, customer_id,
                       Sha256Hex(id + "." + token_secret), expires_at, ws.meta().actor, ws.now());
    if (!events) return std::unexpected(events.error());
    *created_id = id;
    domain::InvitationState after = FoldEvents(domain::InvitationState{}, *events);
    return Outcome{std::move(*events), Effect::kCreated,
                   InvitationJson(after, ws.now(), std::nullopt), nullptr};
  };
}

Command AcceptInvitation(std::string invitation_id, std::string token_sha256_hex, Joiner joiner,
                         std::shared_ptr<std::string> user_id) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    auto invalid =
        domain::Reject(domain::ErrorKind::kMalformed, "invalid_invitation", "token",
                       "The invitation is not valid (used, revoked, expired or unknown)");
    if (!domain::ValidateId(invitation_id, domain::kInvitationPrefix, "token")) return invalid;
    auto invitation = ws.Load<domain::InvitationState>(invitation_id);
    if (!invitation) return std::unexpected(invitation.error());
    const domain::InvitationState& invited = **invitation;
    FACTURA_TRY(domain::CheckRedeemable(invited, token_sha256_hex, ws.now()));
    domain::Membership membership{invited.organization_id, invited.role, invited.customer_id};
    domain::Events events{domain::InvitationAccepted{invitation_id, "", ws.now()}};
    std::string joined;
    if (joiner.user_id) {
      auto user = ws.Load<domain::UserState>(*joiner.user_id);
      if (!user) return std::unexpected(user.error());
      if (!(*user)->exists) return invalid;
      if ((*user)->MembershipIn(invited.organization_id) != nullptr) return AlreadyMember();
      joined = *joiner.user_id;
      events.push_back(domain::UserMembershipChanged{joined, membership, ws.now()});
    } else {
      if (ws.UserEmailTaken(invited.email)) {
        return domain::Reject(domain::ErrorKind::kAlreadyExists, "email_taken", "email",
                              "That e-mail address cannot be registered");
      }
      joined = ws.NewId(domain::kUserPrefix);
      // The token proves the address: the account is active at once.
      domain::RegisterUser registration{invited.email,        joiner.name, joiner.locale,
                                        joiner.password_hash, membership,  true};
      auto registered = domain::Decide(domain::UserState{}, registration, {ws.now(), joined});
      if (!registered) return std::unexpected(registered.error());
      events.insert(events.end(), registered->begin(), registered->end());
    }
    std::get<domain::InvitationAccepted>(events.front()).user_id = joined;
    *user_id = joined;
    return Outcome{std::move(events), Effect::kChanged, "{}", nullptr};
  };
}

Command RevokeInvitation(std::string invitation_id, std::string organization_id) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    auto not_found = domain::Reject(domain::ErrorKind::kNotFound, "invitation_not_found", "id",
                                    "No such invitation");
    if (!domain::ValidateId(invitation_id, domain::kInvitationPrefix, "id")) return not_found;
    auto invitation = ws.Load<domain::InvitationState>(invitation_id);
    if (!invitation) return std::unexpected(invitation.error());
    auto events = domain::RevokeInvitation(**invitation, organization_id, ws.now());
    if (!events) return std::unexpected(events.error());
    domain::InvitationState after = FoldEvents(**invitation, *events);
    return Outcome{std::move(*events), Effect::kChanged,
                   InvitationJson(after, ws.now(), std::nullopt), nullptr};
  };
}

}  // namespace factura::api::commands
