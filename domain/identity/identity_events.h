#pragma once
// Events of people and their sessions (DESIGN.md §8). One folder, domain/identity/, holds the
// aggregates of identity — User, Session, Invitation and the custom Role — where DESIGN.md §1
// names a `user` folder: they are decided together and share this tenant. They are recorded in the
// identity tenant (kIdentityTenant), not in an organization: a user is one person across every
// organization they belong to, and their e-mail is unique across Factura.
//
// No secret is recorded in clear: a password only as its Argon2id hash, a refresh token or a
// password-reset token only as its SHA-256.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "domain/patch.h"

namespace factura::domain {

// Where identity's streams live: a tenant id no organization can have (theirs are `org_…`).
inline constexpr std::string_view kIdentityTenant = "identity";

enum class UserStatus : uint8_t { kPending, kActive, kRejected, kDeactivated };

// A user's place in one organization: a role, and for the `customer` role the customer they are.
struct Membership {
  std::string organization_id;
  std::string role;
  std::optional<std::string> customer_id;
  friend bool operator==(const Membership&, const Membership&) = default;
};

// Stream: the user's id. `membership` is the organization joined (pending until approved) or
// created (its owner, active at once).
struct UserRegistered {
  static constexpr std::string_view kType = "UserRegistered";
  std::string user_id;
  std::string email;
  std::string name;
  std::string locale;
  std::string password_hash;  // Argon2id, libsodium's encoded form
  UserStatus status = UserStatus::kPending;
  Membership membership;
  Timestamp at;
  friend bool operator==(const UserRegistered&, const UserRegistered&) = default;
};

// Approved, rejected, activated or deactivated by an administrator of `organization_id`.
struct UserStatusChanged {
  static constexpr std::string_view kType = "UserStatusChanged";
  std::string user_id;
  UserStatus status = UserStatus::kActive;
  std::string organization_id;
  Timestamp at;
  friend bool operator==(const UserStatusChanged&, const UserStatusChanged&) = default;
};

struct UserProfileUpdated {
  static constexpr std::string_view kType = "UserProfileUpdated";
  std::string user_id;
  Patch<std::string> name;
  Patch<std::string> locale;
  Timestamp at;
  friend bool operator==(const UserProfileUpdated&, const UserProfileUpdated&) = default;
};

// Every session started before `at` ends with it.
struct UserPasswordChanged {
  static constexpr std::string_view kType = "UserPasswordChanged";
  std::string user_id;
  std::string password_hash;
  std::string reason;  // "changed" (by the user) or "reset"
  Timestamp at;
  friend bool operator==(const UserPasswordChanged&, const UserPasswordChanged&) = default;
};

// A single-use token to set a new password (its SHA-256 only), valid until `expires_at`.
struct UserPasswordResetRequested {
  static constexpr std::string_view kType = "UserPasswordResetRequested";
  std::string user_id;
  std::string token_sha256_hex;
  Timestamp expires_at;
  Timestamp at;
  friend bool operator==(const UserPasswordResetRequested&,
                         const UserPasswordResetRequested&) = default;
};

// The user's role in `membership.organization_id` set (joined, or changed), or, with an empty
// role, the user removed from it.
struct UserMembershipChanged {
  static constexpr std::string_view kType = "UserMembershipChanged";
  std::string user_id;
  Membership membership;
  Timestamp at;
  friend bool operator==(const UserMembershipChanged&, const UserMembershipChanged&) = default;
};

// Stream: the session's id. A session is one login: its refresh tokens are a family, each
// rotated on use; only the current one's SHA-256 is good.
struct SessionStarted {
  static constexpr std::string_view kType = "SessionStarted";
  std::string session_id;
  std::string user_id;
  std::string refresh_sha256_hex;
  Timestamp expires_at;
  Timestamp at;
  friend bool operator==(const SessionStarted&, const SessionStarted&) = default;
};

struct SessionRefreshed {
  static constexpr std::string_view kType = "SessionRefreshed";
  std::string session_id;
  std::string refresh_sha256_hex;
  Timestamp at;
  friend bool operator==(const SessionRefreshed&, const SessionRefreshed&) = default;
};

// "logout", "reuse" (an already-rotated refresh token came back: the family is burnt).
struct SessionRevoked {
  static constexpr std::string_view kType = "SessionRevoked";
  std::string session_id;
  std::string reason;
  Timestamp at;
  friend bool operator==(const SessionRevoked&, const SessionRevoked&) = default;
};

// Stream: the invitation's id. An organization's administrator invites an e-mail address to a
// role; the token (its SHA-256 only) proves the address when redeemed.
struct InvitationCreated {
  static constexpr std::string_view kType = "InvitationCreated";
  std::string invitation_id;
  std::string organization_id;
  std::string email;
  std::string role;
  std::string token_sha256_hex;
  Timestamp expires_at;
  std::string invited_by;  // the user or API key
  Timestamp at;
  friend bool operator==(const InvitationCreated&, const InvitationCreated&) = default;
};

// Redeemed by `user_id` (whose membership the same append records).
struct InvitationAccepted {
  static constexpr std::string_view kType = "InvitationAccepted";
  std::string invitation_id;
  std::string user_id;
  Timestamp at;
  friend bool operator==(const InvitationAccepted&, const InvitationAccepted&) = default;
};

// The invitation is for the `customer` role: the user it brings in is linked to `customer_id`
// (appended with InvitationCreated).
struct InvitationCustomerLinked {
  static constexpr std::string_view kType = "InvitationCustomerLinked";
  std::string invitation_id;
  std::string customer_id;
  Timestamp at;
  friend bool operator==(const InvitationCustomerLinked&,
                         const InvitationCustomerLinked&) = default;
};

struct InvitationRevoked {
  static constexpr std::string_view kType = "InvitationRevoked";
  std::string invitation_id;
  Timestamp at;
  friend bool operator==(const InvitationRevoked&, const InvitationRevoked&) = default;
};

// Stream: the role's id, in the organization's own tenant (not the identity tenant): an
// organization's custom role, a name for a list of permissions its members may be given.
struct RoleCreated {
  static constexpr std::string_view kType = "RoleCreated";
  std::string role_id;
  std::string name;
  std::string description;
  std::vector<std::string> permissions;
  Timestamp at;
  friend bool operator==(const RoleCreated&, const RoleCreated&) = default;
};

struct RoleUpdated {
  static constexpr std::string_view kType = "RoleUpdated";
  std::string role_id;
  Patch<std::string> name;
  Patch<std::string> description;
  std::optional<std::vector<std::string>> permissions;
  Timestamp at;
  friend bool operator==(const RoleUpdated&, const RoleUpdated&) = default;
};

struct RoleDeleted {
  static constexpr std::string_view kType = "RoleDeleted";
  std::string role_id;
  Timestamp at;
  friend bool operator==(const RoleDeleted&, const RoleDeleted&) = default;
};

// Stream: the OAuth client's id, in the identity tenant (the token endpoint is told a client id,
// never an organization). A third-party application an organization registered: where it may send
// a user back (matched exactly) and the most it may be given. A confidential client's secret is
// recorded only as its SHA-256; a public one has none and must use PKCE.
struct OAuthClientRegistered {
  static constexpr std::string_view kType = "OAuthClientRegistered";
  std::string client_id;
  std::string organization_id;
  std::string name;
  bool confidential = true;
  std::vector<std::string> redirect_uris;
  std::vector<std::string> scopes;
  std::string secret_sha256_hex;
  std::string created_by;  // the user or API key
  Timestamp at;
  friend bool operator==(const OAuthClientRegistered&, const OAuthClientRegistered&) = default;
};

struct OAuthClientUpdated {
  static constexpr std::string_view kType = "OAuthClientUpdated";
  std::string client_id;
  Patch<std::string> name;
  std::optional<std::vector<std::string>> redirect_uris;
  std::optional<std::vector<std::string>> scopes;
  Timestamp at;
  friend bool operator==(const OAuthClientUpdated&, const OAuthClientUpdated&) = default;
};

// The old secret stops working at once.
struct OAuthClientSecretRotated {
  static constexpr std::string_view kType = "OAuthClientSecretRotated";
  std::string client_id;
  std::string secret_sha256_hex;
  Timestamp at;
  friend bool operator==(const OAuthClientSecretRotated&,
                         const OAuthClientSecretRotated&) = default;
};

// Every token the client holds dies with it.
struct OAuthClientDeleted {
  static constexpr std::string_view kType = "OAuthClientDeleted";
  std::string client_id;
  Timestamp at;
  friend bool operator==(const OAuthClientDeleted&, const OAuthClientDeleted&) = default;
};

// Stream: a session's id. A user consented, in `organization_id`, to `client_id` holding `scopes`:
// an authorization code (its SHA-256 only) good once until `code_expires_at`, for that redirect
// URI and, with PKCE, the verifier whose S256 is `code_challenge`. Redeeming it starts the
// session (SessionStarted in the same stream).
struct OAuthCodeIssued {
  static constexpr std::string_view kType = "OAuthCodeIssued";
  std::string session_id;
  std::string user_id;
  std::string organization_id;
  std::string client_id;
  std::vector<std::string> scopes;
  std::string redirect_uri;
  std::string code_challenge;  // base64url(SHA-256(verifier)); empty without PKCE
  std::string code_sha256_hex;
  Timestamp code_expires_at;
  Timestamp at;
  friend bool operator==(const OAuthCodeIssued&, const OAuthCodeIssued&) = default;
};

}  // namespace factura::domain
