#pragma once
// The identity directory: who may act, as the gate asks on every request with a user's access
// token. Folded from the identity tenant's durable events (users, their memberships, sessions),
// rebuilt from the log at start and kept current by the command processor once each write is
// durable — like the API-key directory beside it.
//
//   IdentityDirectory people;
//   FACTURA_TRY(people.LoadFromLog(store));
//   auto grant = people.Authorize(claims, requested_organization, now);
//
// Thread-safe.

#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_keys.h"
#include "api/identity/access_tokens.h"
#include "domain/identity/invitation.h"
#include "domain/identity/oauth_client.h"
#include "domain/identity/roles.h"
#include "domain/identity/user.h"
#include "eventstore/event_store.h"

namespace factura::api {

class IdentityDirectory {
 public:
  [[nodiscard]] domain::Result<void> LoadFromLog(const eventstore::EventStore& store);
  // Folds one durable event of the identity tenant, or an organization's custom role (other
  // events are ignored).
  void Apply(std::string_view tenant, const domain::Event& event);
  static bool Folds(const domain::Event& event);

  // The user with that e-mail (any case), if any.
  std::optional<domain::UserState> UserByEmail(std::string_view email) const;
  std::optional<domain::UserState> UserById(std::string_view user_id) const;
  // Members of the organization (any status), in id (registration) order.
  std::vector<domain::UserState> MembersOf(std::string_view organization_id) const;

  // The organization's custom roles (not deleted), in id (creation) order.
  std::vector<domain::RoleState> CustomRolesOf(std::string_view organization_id) const;
  // Members holding the organization's custom role `role_id`.
  size_t HoldersOf(std::string_view organization_id, std::string_view role_id) const;

  // The organization's invitations, in id (creation) order; one by id.
  std::vector<domain::InvitationState> InvitationsOf(std::string_view organization_id) const;
  std::optional<domain::InvitationState> InvitationById(std::string_view invitation_id) const;

  // What the user an external identity provider vouches for by e-mail may do in
  // `organization_id` (empty: their first organization). Errors: kUnauthenticated
  // `unknown_user` (no Factura user has that e-mail), `user_inactive`; kNotFound
  // `organization_not_found`.
  [[nodiscard]] domain::Result<ApiKeyGrant> AuthorizeExternal(
      std::string_view email, std::string_view organization_id) const;

  // An OAuth client (deleted ones too: the caller checks Live()); an organization's live ones,
  // in id (creation) order.
  std::optional<domain::OAuthClientState> ClientById(std::string_view client_id) const;
  std::vector<domain::OAuthClientState> ClientsOf(std::string_view organization_id) const;

  // What a verified access token may do in `organization_id` (empty: the user's first
  // organization): its session live and begun after the last password change, the user active
  // and a member there. The grant's scopes are the role's permissions (narrowed to the token's
  // `scope` when it has one). A token an OAuth client holds is bound to the organization the user
  // consented in and to the consented scopes, and dies with its client; one from the client
  // credentials grant (no session) acts as the client itself, within the client's scopes.
  // Errors: kUnauthenticated `session_ended`, `user_inactive`, `client_gone`; kNotFound
  // `organization_not_found` (not a member there: as if it did not exist).
  [[nodiscard]] domain::Result<ApiKeyGrant> Authorize(const AccessClaims& claims,
                                                      std::string_view organization_id,
                                                      domain::Timestamp now) const;

 private:
  struct SessionRecord {
    std::string user_id;
    domain::Timestamp started_at;
    domain::Timestamp expires_at;  // until it starts, its authorization code's expiry
    bool revoked = false;
    bool started = false;
    // An OAuth client's: where and what the user consented to.
    std::string client_id;
    std::string organization_id;
    std::vector<std::string> scopes;
  };
  void SweepEndedSessions(domain::Timestamp now);
  domain::Result<ApiKeyGrant> AuthorizeClient(const AccessClaims& claims,
                                              std::string_view organization_id) const;
  bool ClientLive(std::string_view client_id) const;
  std::vector<std::string> RolePermissions(const domain::Membership& membership) const;

  mutable std::shared_mutex mutex_;
  std::map<std::string, domain::UserState, std::less<>> users_;
  std::map<std::string, std::string, std::less<>> user_by_email_;  // lower-case e-mail → id
  std::map<std::string, SessionRecord, std::less<>> sessions_;
  std::map<std::string, domain::InvitationState, std::less<>> invitations_;
  std::map<std::string, domain::RoleState, std::less<>> custom_roles_;  // org/role_… → role
  std::map<std::string, domain::OAuthClientState, std::less<>> clients_;
  size_t sessions_at_last_sweep_ = 0;
};

// The lower-case form e-mails are compared in.
[[nodiscard]] std::string EmailKey(std::string_view email);

}  // namespace factura::api
