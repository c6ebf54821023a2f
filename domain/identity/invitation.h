#pragma once
// The Invitation aggregate: an e-mail address invited to an organization with a role, redeemed
// once with its token (whose SHA-256 alone is recorded) before it expires, or revoked.

#include <optional>
#include <string>
#include <string_view>

#include "domain/error.h"
#include "domain/events.h"
#include "domain/identity/identity_events.h"

namespace factura::domain {

enum class InvitationStatus : uint8_t { kPending, kAccepted, kRevoked };

struct InvitationState {
  bool exists = false;
  uint64_t version = 0;
  std::string id;
  std::string organization_id;
  std::string email;
  std::string role;
  std::optional<std::string> customer_id;  // for the `customer` role
  std::string token_sha256_hex;
  Timestamp expires_at;
  std::string invited_by;
  InvitationStatus status = InvitationStatus::kPending;
  std::string accepted_by;
  Timestamp created_at;
  Timestamp updated_at;

  // "expired" for a pending one past its time.
  std::string_view StatusAt(Timestamp now) const;
};

// `customer_id` for the `customer` role (whose existence the caller checks). Errors: field
// errors on `email`, `role`, `customer_id`.
[[nodiscard]] Result<Events> Invite(const InvitationState& state, std::string invitation_id,
                                    std::string organization_id, std::string email,
                                    std::string role, std::optional<std::string> customer_id,
                                    std::string token_sha256_hex, Timestamp expires_at,
                                    std::string invited_by, Timestamp now);

// Whether `token_sha256_hex` redeems the invitation now. Errors: 400 `invalid_invitation`
// (unknown, used, revoked, expired or another token: one answer for all).
[[nodiscard]] Result<void> CheckRedeemable(const InvitationState& state,
                                           std::string_view token_sha256_hex, Timestamp now);

// Errors: `invitation_not_found` (not of `organization_id`), `invitation_not_pending`.
[[nodiscard]] Result<Events> RevokeInvitation(const InvitationState& state,
                                              std::string_view organization_id, Timestamp now);

InvitationState Evolve(InvitationState state, const Event& event);

}  // namespace factura::domain
