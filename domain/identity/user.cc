#include "domain/identity/user.h"

#include <algorithm>

#include "domain/aggregate.h"
#include "domain/identity/roles.h"
#include "domain/organization/organization.h"
#include "domain/overloaded.h"
#include "domain/text.h"

namespace factura::domain {
namespace {

Result<void> ValidateLocale(std::string_view locale, std::string_view param) {
  if (std::find(std::begin(kSupportedLocales), std::end(kSupportedLocales), locale) ==
      std::end(kSupportedLocales)) {
    return Invalid("invalid_locale", std::string(param), "Give one of en-US, pt-BR or es-ES");
  }
  return {};
}

std::unexpected<Error> UserNotFound() {
  return Reject(ErrorKind::kNotFound, "user_not_found", "id", "No such user");
}

}  // namespace

const Membership* UserState::MembershipIn(std::string_view organization_id) const {
  auto it = std::find_if(memberships.begin(), memberships.end(),
                         [&](const Membership& m) { return m.organization_id == organization_id; });
  return it == memberships.end() ? nullptr : &*it;
}

std::string_view UserStatusName(UserStatus status) {
  switch (status) {
    case UserStatus::kPending:
      return "pending";
    case UserStatus::kActive:
      return "active";
    case UserStatus::kRejected:
      return "rejected";
    case UserStatus::kDeactivated:
      return "deactivated";
  }
  return "pending";
}

Result<Events> Decide(const UserState& state, const RegisterUser& c,
                      const IdentityContext& context) {
  if (state.exists) {
    return Reject(ErrorKind::kAlreadyExists, "user_exists", "id", "The user exists already");
  }
  if (auto valid = ValidateEmail(c.email, "email"); !valid) return std::unexpected(valid.error());
  if (auto valid = ValidateRequiredText(c.name, "name", kMaxUserNameLength); !valid) {
    return std::unexpected(valid.error());
  }
  std::string locale = c.locale.empty() ? "en-US" : c.locale;
  if (auto valid = ValidateLocale(locale, "locale"); !valid) return std::unexpected(valid.error());
  UserStatus status = c.owner ? UserStatus::kActive : UserStatus::kPending;
  return Events{UserRegistered{context.new_id, c.email, c.name, locale, c.password_hash, status,
                               c.membership, context.now}};
}

Result<Events> Decide(const UserState& state, UserAction action, std::string_view organization_id,
                      Timestamp now) {
  const Membership* membership = state.exists ? state.MembershipIn(organization_id) : nullptr;
  if (membership == nullptr) return UserNotFound();
  UserStatus from = state.status;
  UserStatus to = UserStatus::kActive;
  bool allowed = false;
  switch (action) {
    case UserAction::kApprove:
      allowed = from == UserStatus::kPending;
      break;
    case UserAction::kReject:
      to = UserStatus::kRejected;
      allowed = from == UserStatus::kPending;
      break;
    case UserAction::kActivate:
      allowed = from == UserStatus::kDeactivated || from == UserStatus::kRejected;
      break;
    case UserAction::kDeactivate:
      to = UserStatus::kDeactivated;
      allowed = from == UserStatus::kActive;
      break;
  }
  if (membership->role == "owner" &&
      (to == UserStatus::kDeactivated || to == UserStatus::kRejected)) {
    return Reject(ErrorKind::kFailedPrecondition, "cannot_change_owner", "id",
                  "The organization's owner cannot be deactivated");
  }
  if (!allowed) {
    return Reject(ErrorKind::kFailedPrecondition, "invalid_status_transition", "status",
                  "The user is " + std::string(UserStatusName(from)) + ": it cannot become " +
                      std::string(UserStatusName(to)) + " that way");
  }
  return Events{UserStatusChanged{state.id, to, std::string(organization_id), now}};
}

Result<Events> ChangeMembership(const UserState& state, std::string_view organization_id,
                                std::string_view role, std::optional<std::string> customer_id,
                                Timestamp now) {
  const Membership* membership = state.exists ? state.MembershipIn(organization_id) : nullptr;
  if (membership == nullptr) return UserNotFound();
  if (membership->role == "owner") {
    return Reject(ErrorKind::kFailedPrecondition, "cannot_change_owner", "role",
                  "The organization's owner keeps that role");
  }
  if (!role.empty()) {
    if (auto valid = ValidateAssignableRole(role, "role"); !valid) {
      return std::unexpected(valid.error());
    }
    FACTURA_TRY(ValidateCustomerLink(role, customer_id));
    if (membership->role == role && membership->customer_id == customer_id) return Events{};
  }
  Membership changed = *membership;
  changed.role = std::string(role);
  changed.customer_id = std::move(customer_id);
  return Events{UserMembershipChanged{state.id, std::move(changed), now}};
}

Result<Events> UpdateProfile(const UserState& state, const std::optional<std::string>& name,
                             const std::optional<std::string>& locale, Timestamp now) {
  if (!state.exists) return UserNotFound();
  UserProfileUpdated update{state.id, {}, {}, now};
  if (name) {
    if (auto valid = ValidateRequiredText(*name, "name", kMaxUserNameLength); !valid) {
      return std::unexpected(valid.error());
    }
    if (*name != state.name) update.name = Patch<std::string>::Set(*name);
  }
  if (locale) {
    if (auto valid = ValidateLocale(*locale, "locale"); !valid) {
      return std::unexpected(valid.error());
    }
    if (*locale != state.locale) update.locale = Patch<std::string>::Set(*locale);
  }
  if (update.name.omitted() && update.locale.omitted()) return Events{};
  return Events{std::move(update)};
}

Events ChangePassword(const UserState& state, std::string password_hash, std::string reason,
                      Timestamp now) {
  return Events{UserPasswordChanged{state.id, std::move(password_hash), std::move(reason), now}};
}

UserState Evolve(UserState state, const Event& event) {
  return FoldOwnEvent(std::move(state), event,
                      Overloaded{
                          [](UserState& s, const UserRegistered& e) {
                            s.exists = true;
                            s.id = e.user_id;
                            s.email = e.email;
                            s.name = e.name;
                            s.locale = e.locale;
                            s.password_hash = e.password_hash;
                            s.status = e.status;
                            s.memberships = {e.membership};
                            s.created_at = e.at;
                          },
                          [](UserState& s, const UserStatusChanged& e) {
                            s.status = e.status;
                            // A deactivated account's sessions end with it: reactivation
                            // does not revive them.
                            if (e.status != UserStatus::kActive) s.sessions_valid_after = e.at;
                          },
                          [](UserState& s, const UserProfileUpdated& e) {
                            if (e.name.sets()) s.name = e.name.value();
                            if (e.locale.sets()) s.locale = e.locale.value();
                          },
                          [](UserState& s, const UserPasswordChanged& e) {
                            s.password_hash = e.password_hash;
                            s.sessions_valid_after = e.at;
                            s.reset_token_sha256_hex.clear();
                            s.reset_expires_at.reset();
                          },
                          [](UserState& s, const UserPasswordResetRequested& e) {
                            s.reset_token_sha256_hex = e.token_sha256_hex;
                            s.reset_expires_at = e.expires_at;
                          },
                          [](UserState& s, const UserMembershipChanged& e) {
                            auto& all = s.memberships;
                            auto it =
                                std::find_if(all.begin(), all.end(), [&](const Membership& m) {
                                  return m.organization_id == e.membership.organization_id;
                                });
                            if (e.membership.role.empty()) {
                              if (it != all.end()) all.erase(it);
                            } else if (it != all.end()) {
                              *it = e.membership;
                            } else {
                              all.push_back(e.membership);
                            }
                          },
                      });
}

}  // namespace factura::domain
