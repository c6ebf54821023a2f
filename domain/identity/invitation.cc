#include "domain/identity/invitation.h"

#include "domain/aggregate.h"
#include "domain/identity/roles.h"
#include "domain/overloaded.h"
#include "domain/text.h"

namespace factura::domain {

std::string_view InvitationState::StatusAt(Timestamp now) const {
  switch (status) {
    case InvitationStatus::kAccepted:
      return "accepted";
    case InvitationStatus::kRevoked:
      return "revoked";
    case InvitationStatus::kPending:
      break;
  }
  return now < expires_at ? "pending" : "expired";
}

Result<Events> Invite(const InvitationState& state, std::string invitation_id,
                      std::string organization_id, std::string email, std::string role,
                      std::optional<std::string> customer_id, std::string token_sha256_hex,
                      Timestamp expires_at, std::string invited_by, Timestamp now) {
  if (state.exists) {
    return Reject(ErrorKind::kAlreadyExists, "invitation_exists", "id", "The invitation exists");
  }
  if (auto valid = ValidateEmail(email, "email"); !valid) return std::unexpected(valid.error());
  if (auto valid = ValidateAssignableRole(role, "role"); !valid) {
    return std::unexpected(valid.error());
  }
  FACTURA_TRY(ValidateCustomerLink(role, customer_id));
  Events events{InvitationCreated{invitation_id, std::move(organization_id), std::move(email),
                                  std::move(role), std::move(token_sha256_hex), expires_at,
                                  std::move(invited_by), now}};
  if (customer_id) events.push_back(InvitationCustomerLinked{invitation_id, *customer_id, now});
  return events;
}

Result<void> CheckRedeemable(const InvitationState& state, std::string_view token_sha256_hex,
                             Timestamp now) {
  bool good = state.exists && state.status == InvitationStatus::kPending &&
              now < state.expires_at &&
              ConstantTimeEquals(state.token_sha256_hex, token_sha256_hex);
  if (!good) {
    return Reject(ErrorKind::kMalformed, "invalid_invitation", "token",
                  "The invitation is not valid (used, revoked, expired or unknown)");
  }
  return {};
}

Result<Events> RevokeInvitation(const InvitationState& state, std::string_view organization_id,
                                Timestamp now) {
  if (!state.exists || state.organization_id != organization_id) {
    return Reject(ErrorKind::kNotFound, "invitation_not_found", "id", "No such invitation");
  }
  if (state.status != InvitationStatus::kPending) {
    return Reject(ErrorKind::kFailedPrecondition, "invitation_not_pending", "id",
                  "The invitation was accepted or revoked already");
  }
  return Events{InvitationRevoked{state.id, now}};
}

InvitationState Evolve(InvitationState state, const Event& event) {
  return FoldOwnEvent(std::move(state), event,
                      Overloaded{
                          [](InvitationState& s, const InvitationCreated& e) {
                            s.exists = true;
                            s.id = e.invitation_id;
                            s.organization_id = e.organization_id;
                            s.email = e.email;
                            s.role = e.role;
                            s.token_sha256_hex = e.token_sha256_hex;
                            s.expires_at = e.expires_at;
                            s.invited_by = e.invited_by;
                            s.created_at = e.at;
                          },
                          [](InvitationState& s, const InvitationAccepted& e) {
                            s.status = InvitationStatus::kAccepted;
                            s.accepted_by = e.user_id;
                          },
                          [](InvitationState& s, const InvitationRevoked&) {
                            s.status = InvitationStatus::kRevoked;
                          },
                          [](InvitationState& s, const InvitationCustomerLinked& e) {
                            s.customer_id = e.customer_id;
                          },
                      });
}

}  // namespace factura::domain
