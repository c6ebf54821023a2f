// Roles and permissions, the User aggregate's transitions, and the Session's refresh rotation.
#include <gtest/gtest.h>

#include "domain/identity/roles.h"
#include "domain/identity/session.h"
#include "domain/identity/user.h"

namespace factura::domain {
namespace {

Timestamp At(int64_t seconds) { return Timestamp{seconds * 1'000'000}; }

TEST(RolesTest, WildcardsMatchResourceOrAction) {
  std::vector<std::string> sales = PermissionsOfRole("sales");
  EXPECT_TRUE(Permits(sales, "invoices:send"));
  EXPECT_TRUE(Permits(sales, "customers:write"));
  EXPECT_FALSE(Permits(sales, "payments:write"));
  EXPECT_FALSE(Permits(sales, "users:manage"));
  std::vector<std::string> viewer = PermissionsOfRole("viewer");
  EXPECT_TRUE(Permits(viewer, "reports:read"));
  EXPECT_FALSE(Permits(viewer, "invoices:write"));
  EXPECT_TRUE(Permits(PermissionsOfRole("admin"), "users:manage"));
  EXPECT_TRUE(Permits(PermissionsOfRole("accountant"), "invoices:void"));
  EXPECT_FALSE(Permits(PermissionsOfRole("accountant"), "settings:write"));
  EXPECT_TRUE(PermissionsOfRole("nobody").empty());
  EXPECT_FALSE(Permits(std::vector<std::string>{"invoices"}, "invoices:read"));
}

TEST(RolesTest, OwnerAndUnknownRolesAreNotAssignable) {
  EXPECT_TRUE(ValidateAssignableRole("admin", "role").has_value());
  EXPECT_EQ(ValidateAssignableRole("owner", "role").error().code, "invalid_role");
  EXPECT_EQ(ValidateAssignableRole("superuser", "role").error().code, "invalid_role");
}

TEST(RolesTest, CustomRolesValidateTheirPermissionsAndNames) {
  auto created = CreateRole(RoleState{}, "role_1", "Collections", "",
                            {"invoices:read", "payments:*", "*:read"}, At(1));
  ASSERT_TRUE(created.has_value());
  RoleState role = Evolve(RoleState{}, created->front());
  EXPECT_EQ(role.permissions.size(), 3u);
  EXPECT_EQ(CreateRole(RoleState{}, "role_2", "admin", "", {"invoices:read"}, At(1)).error().code,
            "role_name_reserved");
  EXPECT_EQ(CreateRole(RoleState{}, "role_2", "X", "", {}, At(1)).error().code,
            "permissions_required");
  auto bad = CreateRole(RoleState{}, "role_2", "X", "", {"invoices:read", "invoices"}, At(1));
  EXPECT_EQ(bad.error().code, "invalid_permission");
  EXPECT_EQ(bad.error().param, "permissions[1]");
  EXPECT_EQ(CreateRole(RoleState{}, "role_2", "X", "", {"bank:read"}, At(1)).error().code,
            "invalid_permission");
  EXPECT_TRUE(UpdateRole(role, std::nullopt, std::nullopt, role.permissions, At(2))->empty());
  auto narrowed = UpdateRole(role, std::nullopt, std::nullopt,
                             std::vector<std::string>{"invoices:read"}, At(2));
  role = Evolve(std::move(role), narrowed->front());
  EXPECT_EQ(role.permissions, std::vector<std::string>{"invoices:read"});
  role = Evolve(std::move(role), DeleteRole(role, At(3))->front());
  EXPECT_EQ(DeleteRole(role, At(4)).error().code, "role_not_found");
  EXPECT_TRUE(ValidateAssignableRole("role_01abc", "role").has_value());
  EXPECT_EQ(ValidateAssignableRole("role_", "role").error().code, "invalid_role");
}

UserState Registered(bool owner) {
  RegisterUser command{"sam@example.com", "Sam", "", "$argon2id$…", {"org_a", "sales", {}}, owner};
  auto events = Decide(UserState{}, command, {At(1), "usr_1"});
  EXPECT_TRUE(events.has_value());
  UserState state;
  for (const Event& e : *events) state = Evolve(std::move(state), e);
  return state;
}

TEST(UserTest, RegistrationIsPendingUnlessFoundingAndValidates) {
  UserState pending = Registered(false);
  EXPECT_EQ(pending.status, UserStatus::kPending);
  EXPECT_EQ(pending.locale, "en-US");
  EXPECT_EQ(Registered(true).status, UserStatus::kActive);
  RegisterUser bad{"not-an-email", "Sam", "", "h", {"org_a", "sales", {}}, false};
  EXPECT_EQ(Decide(UserState{}, bad, {At(1), "usr_1"}).error().param, "email");
  RegisterUser locale{"a@b.co", "Sam", "fr-FR", "h", {"org_a", "sales", {}}, false};
  EXPECT_EQ(Decide(UserState{}, locale, {At(1), "usr_1"}).error().code, "invalid_locale");
}

TEST(UserTest, StatusTransitionsAndDeactivationEndsSessions) {
  UserState user = Registered(false);
  EXPECT_EQ(Decide(user, UserAction::kActivate, "org_a", At(2)).error().code,
            "invalid_status_transition");
  EXPECT_EQ(Decide(user, UserAction::kApprove, "org_b", At(2)).error().code, "user_not_found");
  auto approved = Decide(user, UserAction::kApprove, "org_a", At(2));
  ASSERT_TRUE(approved.has_value());
  user = Evolve(std::move(user), approved->front());
  EXPECT_EQ(user.status, UserStatus::kActive);
  EXPECT_FALSE(user.sessions_valid_after.has_value());
  auto deactivated = Decide(user, UserAction::kDeactivate, "org_a", At(3));
  ASSERT_TRUE(deactivated.has_value());
  user = Evolve(std::move(user), deactivated->front());
  EXPECT_EQ(user.sessions_valid_after, At(3));
  EXPECT_TRUE(Decide(user, UserAction::kActivate, "org_a", At(4)).has_value());
  UserState owner = Registered(true);
  owner.memberships.front().role = "owner";
  EXPECT_EQ(Decide(owner, UserAction::kDeactivate, "org_a", At(2)).error().code,
            "cannot_change_owner");
  EXPECT_EQ(ChangeMembership(owner, "org_a", "viewer", std::nullopt, At(2)).error().code,
            "cannot_change_owner");
}

TEST(UserTest, MembershipChangesAndRemoval) {
  UserState user = Registered(true);
  auto changed = ChangeMembership(user, "org_a", "accountant", std::nullopt, At(2));
  ASSERT_TRUE(changed.has_value());
  user = Evolve(std::move(user), changed->front());
  EXPECT_EQ(user.MembershipIn("org_a")->role, "accountant");
  EXPECT_TRUE(ChangeMembership(user, "org_a", "accountant", std::nullopt, At(3))->empty());
  EXPECT_EQ(ChangeMembership(user, "org_a", "owner", std::nullopt, At(3)).error().code,
            "invalid_role");
  auto removed = ChangeMembership(user, "org_a", "", std::nullopt, At(4));
  user = Evolve(std::move(user), removed->front());
  EXPECT_EQ(user.MembershipIn("org_a"), nullptr);
}

TEST(SessionTest, RotationReuseAndInvalidTokens) {
  SessionState session =
      Evolve(SessionState{}, SessionStarted{"ses_1", "usr_1", "h1", At(1000), At(1)});
  RefreshDecision first = Refresh(session, "h1", "h2", At(2));
  ASSERT_EQ(first.verdict, RefreshVerdict::kRotated);
  session = Evolve(std::move(session), first.events.front());
  EXPECT_EQ(session.refresh_sha256_hex, "h2");
  // Made up: nothing happens (knowing a session id must not let anyone log its owner out).
  EXPECT_EQ(Refresh(session, "hX", "h3", At(3)).verdict, RefreshVerdict::kInvalid);
  EXPECT_TRUE(Refresh(session, "hX", "h3", At(3)).events.empty());
  // The spent token again: the family burns.
  RefreshDecision reuse = Refresh(session, "h1", "h3", At(3));
  ASSERT_EQ(reuse.verdict, RefreshVerdict::kReused);
  session = Evolve(std::move(session), reuse.events.front());
  EXPECT_TRUE(session.revoked);
  EXPECT_EQ(Refresh(session, "h2", "h3", At(4)).verdict, RefreshVerdict::kInvalid);
  EXPECT_TRUE(Revoke(session, "logout", At(5)).empty());
  // Past its expiry even the current token is refused.
  SessionState old = Evolve(SessionState{}, SessionStarted{"ses_2", "usr_1", "h", At(10), At(1)});
  EXPECT_EQ(Refresh(old, "h", "h2", At(10)).verdict, RefreshVerdict::kInvalid);
}

TEST(SessionTest, RotatedHashesAreBounded) {
  SessionState session =
      Evolve(SessionState{}, SessionStarted{"ses_1", "usr_1", "h0", At(100000), At(1)});
  for (size_t i = 1; i <= kMaxRotatedRefreshHashes + 10; ++i) {
    session = Evolve(std::move(session), SessionRefreshed{"ses_1", "h" + std::to_string(i),
                                                          At(static_cast<int64_t>(i))});
  }
  EXPECT_EQ(session.rotated_hashes.size(), kMaxRotatedRefreshHashes);
}

}  // namespace
}  // namespace factura::domain
