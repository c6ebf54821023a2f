#pragma once
// The User aggregate: a person who logs in — e-mail, name, locale, password hash, status, and
// their memberships of organizations — and its decisions. Pure: the password is hashed, and the
// e-mail's uniqueness checked, outside the domain (api/identity/, the command processor).
//
//   Result<Events> events = RegisterUser(UserState{}, register, context);

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"
#include "domain/events.h"
#include "domain/identity/identity_events.h"

namespace factura::domain {

struct UserState {
  bool exists = false;
  uint64_t version = 0;
  std::string id;
  std::string email;
  std::string name;
  std::string locale;
  std::string password_hash;
  UserStatus status = UserStatus::kPending;
  std::vector<Membership> memberships;
  // Sessions started before it are over (a password change or reset ends them).
  std::optional<Timestamp> sessions_valid_after;
  std::string reset_token_sha256_hex;  // empty: none outstanding
  std::optional<Timestamp> reset_expires_at;
  Timestamp created_at;
  Timestamp updated_at;

  const Membership* MembershipIn(std::string_view organization_id) const;
};

[[nodiscard]] std::string_view UserStatusName(UserStatus status);

struct RegisterUser {
  std::string email;
  std::string name;
  std::string locale;  // empty: en-US
  std::string password_hash;
  Membership membership;
  bool owner = false;  // created the organization: active at once
};

struct IdentityContext {
  Timestamp now;
  std::string new_id;
};

inline constexpr size_t kMaxUserNameLength = 200;

// Errors: field errors on `email`, `name`, `locale`.
[[nodiscard]] Result<Events> Decide(const UserState& state, const RegisterUser& command,
                                    const IdentityContext& context);

// What an administrator of an organization does to a member's account.
enum class UserAction : uint8_t { kApprove, kReject, kActivate, kDeactivate };
// Errors: `user_not_found` (not a member of `organization_id`), `invalid_status_transition`,
// `cannot_change_owner` (the organization's owner is not deactivated or rejected by others).
[[nodiscard]] Result<Events> Decide(const UserState& state, UserAction action,
                                    std::string_view organization_id, Timestamp now);

// A member's role in `organization_id` (empty `role`: removed), and for the `customer` role the
// customer they are. Errors: `user_not_found`, `invalid_role`, `cannot_change_owner`,
// `customer_required`, `customer_not_allowed`.
[[nodiscard]] Result<Events> ChangeMembership(const UserState& state,
                                              std::string_view organization_id,
                                              std::string_view role,
                                              std::optional<std::string> customer_id,
                                              Timestamp now);

// Errors: field errors on `name`, `locale`.
[[nodiscard]] Result<Events> UpdateProfile(const UserState& state,
                                           const std::optional<std::string>& name,
                                           const std::optional<std::string>& locale, Timestamp now);

[[nodiscard]] Events ChangePassword(const UserState& state, std::string password_hash,
                                    std::string reason, Timestamp now);

UserState Evolve(UserState state, const Event& event);

}  // namespace factura::domain
