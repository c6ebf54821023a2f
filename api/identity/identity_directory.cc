#include "api/identity/identity_directory.h"

#include <cctype>
#include <mutex>
#include <sstream>

#include "api/log_scan.h"
#include "domain/identity/roles.h"
#include "domain/identity/session.h"
#include "domain/ids.h"
#include "domain/stream_id.h"

namespace factura::api {
namespace {

std::unexpected<domain::Error> Unauthenticated(std::string code, std::string message) {
  return domain::Reject(domain::ErrorKind::kUnauthenticated, std::move(code), "",
                        std::move(message));
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::istringstream in{std::string(text)};
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

// The user's membership in `organization_id`, or their first one when it is empty.
domain::Result<const domain::Membership*> MembershipFor(const domain::UserState& person,
                                                        std::string_view organization_id) {
  const domain::Membership* membership =
      organization_id.empty() ? (person.memberships.empty() ? nullptr : &person.memberships.front())
                              : person.MembershipIn(organization_id);
  if (membership == nullptr) {
    return domain::Reject(domain::ErrorKind::kNotFound, "organization_not_found", "X-Org-Id",
                          "No such organization");
  }
  return membership;
}

}  // namespace

std::string EmailKey(std::string_view email) {
  std::string key(email);
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

bool IdentityDirectory::Folds(const domain::Event& event) {
  return std::holds_alternative<domain::UserRegistered>(event) ||
         std::holds_alternative<domain::UserStatusChanged>(event) ||
         std::holds_alternative<domain::UserProfileUpdated>(event) ||
         std::holds_alternative<domain::UserPasswordChanged>(event) ||
         std::holds_alternative<domain::UserPasswordResetRequested>(event) ||
         std::holds_alternative<domain::UserMembershipChanged>(event) ||
         std::holds_alternative<domain::SessionStarted>(event) ||
         std::holds_alternative<domain::SessionRevoked>(event) ||
         std::holds_alternative<domain::InvitationCreated>(event) ||
         std::holds_alternative<domain::InvitationAccepted>(event) ||
         std::holds_alternative<domain::InvitationRevoked>(event) ||
         std::holds_alternative<domain::InvitationCustomerLinked>(event) ||
         std::holds_alternative<domain::RoleCreated>(event) ||
         std::holds_alternative<domain::RoleUpdated>(event) ||
         std::holds_alternative<domain::RoleDeleted>(event) ||
         std::holds_alternative<domain::OAuthCodeIssued>(event) ||
         std::holds_alternative<domain::OAuthClientRegistered>(event) ||
         std::holds_alternative<domain::OAuthClientUpdated>(event) ||
         std::holds_alternative<domain::OAuthClientSecretRotated>(event) ||
         std::holds_alternative<domain::OAuthClientDeleted>(event);
}

domain::Result<void> IdentityDirectory::LoadFromLog(const eventstore::EventStore& store) {
  return ScanEvents(
      store,
      {domain::UserRegistered::kType,
       domain::UserStatusChanged::kType,
       domain::UserProfileUpdated::kType,
       domain::UserPasswordChanged::kType,
       domain::UserPasswordResetRequested::kType,
       domain::UserMembershipChanged::kType,
       domain::SessionStarted::kType,
       domain::SessionRevoked::kType,
       domain::InvitationCreated::kType,
       domain::InvitationAccepted::kType,
       domain::InvitationRevoked::kType,
       domain::InvitationCustomerLinked::kType,
       domain::RoleCreated::kType,
       domain::RoleUpdated::kType,
       domain::RoleDeleted::kType,
       domain::OAuthCodeIssued::kType,
       domain::OAuthClientRegistered::kType,
       domain::OAuthClientUpdated::kType,
       domain::OAuthClientSecretRotated::kType,
       domain::OAuthClientDeleted::kType},
      [this](std::string_view tenant, const domain::Event& event) { Apply(tenant, event); });
}

void IdentityDirectory::Apply(std::string_view tenant, const domain::Event& event) {
  if (!Folds(event)) return;
  std::unique_lock lock(mutex_);
  if (std::holds_alternative<domain::RoleCreated>(event) ||
      std::holds_alternative<domain::RoleUpdated>(event) ||
      std::holds_alternative<domain::RoleDeleted>(event)) {
    std::string key = domain::StreamId::Compose(tenant, domain::StreamOf(event));
    auto [it, inserted] = custom_roles_.try_emplace(std::move(key));
    it->second = domain::Evolve(std::move(it->second), event);
    return;
  }
  if (tenant != domain::kIdentityTenant) return;
  if (const auto* issued = std::get_if<domain::OAuthCodeIssued>(&event)) {
    sessions_[issued->session_id] = {
        issued->user_id, issued->at,        issued->code_expires_at, false,
        false,           issued->client_id, issued->organization_id, issued->scopes};
    return;
  }
  if (const auto* started = std::get_if<domain::SessionStarted>(&event)) {
    SessionRecord& record = sessions_[started->session_id];
    record.user_id = started->user_id;
    record.started_at = started->at;
    record.expires_at = started->expires_at;
    record.started = true;
    if (sessions_.size() >= 2 * sessions_at_last_sweep_ + 1024) SweepEndedSessions(started->at);
    return;
  }
  if (std::holds_alternative<domain::OAuthClientRegistered>(event) ||
      std::holds_alternative<domain::OAuthClientUpdated>(event) ||
      std::holds_alternative<domain::OAuthClientSecretRotated>(event) ||
      std::holds_alternative<domain::OAuthClientDeleted>(event)) {
    auto [it, inserted] = clients_.try_emplace(std::string(domain::StreamOf(event)));
    it->second = domain::Evolve(std::move(it->second), event);
    return;
  }
  if (const auto* revoked = std::get_if<domain::SessionRevoked>(&event)) {
    if (auto it = sessions_.find(revoked->session_id); it != sessions_.end()) {
      it->second.revoked = true;
    }
    return;
  }
  if (std::holds_alternative<domain::InvitationCreated>(event) ||
      std::holds_alternative<domain::InvitationAccepted>(event) ||
      std::holds_alternative<domain::InvitationRevoked>(event) ||
      std::holds_alternative<domain::InvitationCustomerLinked>(event)) {
    auto [it, inserted] = invitations_.try_emplace(std::string(domain::StreamOf(event)));
    it->second = domain::Evolve(std::move(it->second), event);
    return;
  }
  std::string user_id(domain::StreamOf(event));
  auto [it, inserted] = users_.try_emplace(user_id);
  it->second = domain::Evolve(std::move(it->second), event);
  if (const auto* registered = std::get_if<domain::UserRegistered>(&event)) {
    user_by_email_[EmailKey(registered->email)] = user_id;
  }
}

void IdentityDirectory::SweepEndedSessions(domain::Timestamp now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    bool ended = it->second.revoked || !(now < it->second.expires_at);
    it = ended ? sessions_.erase(it) : std::next(it);
  }
  sessions_at_last_sweep_ = sessions_.size();
}

std::optional<domain::UserState> IdentityDirectory::UserByEmail(std::string_view email) const {
  std::shared_lock lock(mutex_);
  auto id = user_by_email_.find(EmailKey(email));
  if (id == user_by_email_.end()) return std::nullopt;
  auto user = users_.find(id->second);
  if (user == users_.end()) return std::nullopt;
  return user->second;
}

std::optional<domain::UserState> IdentityDirectory::UserById(std::string_view user_id) const {
  std::shared_lock lock(mutex_);
  auto user = users_.find(user_id);
  if (user == users_.end()) return std::nullopt;
  return user->second;
}

std::vector<domain::UserState> IdentityDirectory::MembersOf(
    std::string_view organization_id) const {
  std::shared_lock lock(mutex_);
  std::vector<domain::UserState> members;
  for (const auto& [id, user] : users_) {
    if (user.MembershipIn(organization_id) != nullptr) members.push_back(user);
  }
  return members;
}

std::vector<domain::RoleState> IdentityDirectory::CustomRolesOf(
    std::string_view organization_id) const {
  std::string prefix = std::string(organization_id) + "/";
  std::shared_lock lock(mutex_);
  std::vector<domain::RoleState> roles;
  for (auto it = custom_roles_.lower_bound(prefix);
       it != custom_roles_.end() && std::string_view(it->first).starts_with(prefix); ++it) {
    if (!it->second.deleted) roles.push_back(it->second);
  }
  return roles;
}

size_t IdentityDirectory::HoldersOf(std::string_view organization_id,
                                    std::string_view role_id) const {
  std::shared_lock lock(mutex_);
  size_t holders = 0;
  for (const auto& [id, user] : users_) {
    const domain::Membership* membership = user.MembershipIn(organization_id);
    if (membership != nullptr && membership->role == role_id) ++holders;
  }
  return holders;
}

std::optional<domain::OAuthClientState> IdentityDirectory::ClientById(
    std::string_view client_id) const {
  std::shared_lock lock(mutex_);
  auto it = clients_.find(client_id);
  if (it == clients_.end()) return std::nullopt;
  return it->second;
}

std::vector<domain::OAuthClientState> IdentityDirectory::ClientsOf(
    std::string_view organization_id) const {
  std::shared_lock lock(mutex_);
  std::vector<domain::OAuthClientState> found;
  for (const auto& [id, client] : clients_) {
    if (client.Live() && client.organization_id == organization_id) found.push_back(client);
  }
  return found;
}

std::vector<std::string> IdentityDirectory::RolePermissions(
    const domain::Membership& membership) const {
  if (!domain::HasIdPrefix(membership.role, domain::kRolePrefix)) {
    return domain::PermissionsOfRole(membership.role);
  }
  // A custom role: its permissions as they are now (none once it is deleted).
  auto custom =
      custom_roles_.find(domain::StreamId::Compose(membership.organization_id, membership.role));
  if (custom == custom_roles_.end() || custom->second.deleted) return {};
  return custom->second.permissions;
}

domain::Result<ApiKeyGrant> IdentityDirectory::AuthorizeExternal(
    std::string_view email, std::string_view organization_id) const {
  std::shared_lock lock(mutex_);
  auto id = user_by_email_.find(EmailKey(email));
  auto user = id == user_by_email_.end() ? users_.end() : users_.find(id->second);
  if (user == users_.end()) {
    return Unauthenticated("unknown_user", "No user has the token's e-mail address");
  }
  const domain::UserState& person = user->second;
  if (person.status != domain::UserStatus::kActive) {
    return Unauthenticated("user_inactive", "The account is not active");
  }
  auto membership = MembershipFor(person, organization_id);
  if (!membership) return std::unexpected(membership.error());
  ApiKeyGrant grant;
  grant.organization_id = (*membership)->organization_id;
  grant.user_id = person.id;
  grant.role = (*membership)->role;
  grant.customer_id = (*membership)->customer_id.value_or("");
  grant.scopes = RolePermissions(**membership);
  return grant;
}

bool IdentityDirectory::ClientLive(std::string_view client_id) const {
  auto it = clients_.find(client_id);
  return it != clients_.end() && it->second.Live();
}

domain::Result<ApiKeyGrant> IdentityDirectory::AuthorizeClient(
    const AccessClaims& claims, std::string_view organization_id) const {
  auto client = clients_.find(claims.client_id);
  if (client == clients_.end() || !client->second.Live() || claims.user_id != claims.client_id) {
    return Unauthenticated("client_gone", "The OAuth client no longer exists");
  }
  if (!organization_id.empty() && organization_id != client->second.organization_id) {
    return domain::Reject(domain::ErrorKind::kNotFound, "organization_not_found", "X-Org-Id",
                          "No such organization");
  }
  ApiKeyGrant grant;
  grant.organization_id = client->second.organization_id;
  grant.client_id = client->second.id;
  for (std::string& asked : Words(claims.scope)) {
    if (domain::Permits(client->second.scopes, asked)) grant.scopes.push_back(std::move(asked));
  }
  return grant;
}

std::vector<domain::InvitationState> IdentityDirectory::InvitationsOf(
    std::string_view organization_id) const {
  std::shared_lock lock(mutex_);
  std::vector<domain::InvitationState> found;
  for (const auto& [id, invitation] : invitations_) {
    if (invitation.organization_id == organization_id) found.push_back(invitation);
  }
  return found;
}

std::optional<domain::InvitationState> IdentityDirectory::InvitationById(
    std::string_view invitation_id) const {
  std::shared_lock lock(mutex_);
  auto it = invitations_.find(invitation_id);
  if (it == invitations_.end()) return std::nullopt;
  return it->second;
}

domain::Result<ApiKeyGrant> IdentityDirectory::Authorize(const AccessClaims& claims,
                                                         std::string_view organization_id,
                                                         domain::Timestamp now) const {
  std::shared_lock lock(mutex_);
  if (claims.session_id.empty()) return AuthorizeClient(claims, organization_id);
  auto session = sessions_.find(claims.session_id);
  auto user = users_.find(claims.user_id);
  if (session == sessions_.end() || user == users_.end() || !session->second.started ||
      session->second.user_id != claims.user_id || session->second.client_id != claims.client_id) {
    return Unauthenticated("session_ended", "The session has ended; log in again");
  }
  if (!claims.client_id.empty() && !ClientLive(claims.client_id)) {
    return Unauthenticated("client_gone", "The OAuth client no longer exists");
  }
  const domain::UserState& person = user->second;
  bool superseded =
      person.sessions_valid_after && session->second.started_at.micros_since_epoch <
                                         person.sessions_valid_after->micros_since_epoch;
  if (session->second.revoked || superseded || !(now < session->second.expires_at)) {
    return Unauthenticated("session_ended", "The session has ended; log in again");
  }
  if (person.status != domain::UserStatus::kActive) {
    return Unauthenticated("user_inactive", "The account is not active");
  }
  // A client's token works only where the user consented.
  const std::string& bound = session->second.organization_id;
  if (!bound.empty() && !organization_id.empty() && organization_id != bound) {
    return domain::Reject(domain::ErrorKind::kNotFound, "organization_not_found", "X-Org-Id",
                          "No such organization");
  }
  if (!bound.empty()) organization_id = bound;
  auto membership = MembershipFor(person, organization_id);
  if (!membership) return std::unexpected(membership.error());
  ApiKeyGrant grant;
  grant.organization_id = (*membership)->organization_id;
  grant.user_id = person.id;
  grant.session_id = claims.session_id;
  grant.client_id = claims.client_id;
  grant.role = (*membership)->role;
  grant.customer_id = (*membership)->customer_id.value_or("");
  grant.scopes = RolePermissions(**membership);
  if (!claims.scope.empty()) {
    // A token given to an application holds the scopes consented to, within the role's.
    std::vector<std::string> narrowed;
    for (std::string& asked : Words(claims.scope)) {
      if (domain::Permits(grant.scopes, asked)) narrowed.push_back(std::move(asked));
    }
    grant.scopes = std::move(narrowed);
  }
  if (!session->second.client_id.empty()) {
    // And within what the user consented to, whatever the token says.
    std::erase_if(grant.scopes, [&](const std::string& scope) {
      return !domain::Permits(session->second.scopes, scope);
    });
  }
  return grant;
}

}  // namespace factura::api
