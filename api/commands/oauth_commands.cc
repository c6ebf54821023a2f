#include "api/commands/oauth_commands.h"

#include "api/aggregate_reader.h"
#include "api/api_keys.h"
#include "api/http/json_writer.h"
#include "domain/identity/roles.h"
#include "domain/identity/user.h"
#include "domain/ids.h"

namespace factura::api::commands {
namespace {

std::unexpected<domain::Error> ClientNotFound() {
  return domain::Reject(domain::ErrorKind::kNotFound, "oauth_client_not_found", "id",
                        "No such OAuth client");
}

domain::Result<const domain::OAuthClientState*> LoadClient(Workspace& ws, const std::string& id) {
  if (!domain::ValidateId(id, domain::kOAuthClientPrefix, "id")) return ClientNotFound();
  auto client = ws.Load<domain::OAuthClientState>(id);
  if (!client) return std::unexpected(client.error());
  return *client;
}

// An application may be given at most what the person or key registering it may do.
domain::Result<void> WithinCaller(const std::vector<std::string>& scopes,
                                  const std::vector<std::string>& caller_scopes) {
  for (size_t i = 0; i < scopes.size(); ++i) {
    if (!domain::Permits(caller_scopes, scopes[i])) {
      return domain::Invalid("scope_not_yours", "scopes[" + std::to_string(i) + "]",
                             "You cannot give an application '" + scopes[i].substr(0, 60) +
                                 "': you do not have it yourself");
    }
  }
  return {};
}

// What the member's role lets them do now: a built-in role's permissions, or the organization's
// custom role's (none once it is deleted).
domain::Result<std::vector<std::string>> RolePermissions(Workspace& ws,
                                                         const domain::Membership& membership) {
  if (!domain::HasIdPrefix(membership.role, domain::kRolePrefix)) {
    return domain::PermissionsOfRole(membership.role);
  }
  auto role = ws.LoadFrom<domain::RoleState>(membership.organization_id, membership.role);
  if (!role) return std::unexpected(role.error());
  if (!(*role)->exists || (*role)->deleted) return std::vector<std::string>{};
  return (*role)->permissions;
}

Outcome ClientOutcome(domain::Events events, Effect effect, const domain::OAuthClientState& before,
                      const std::optional<std::string>& secret) {
  domain::OAuthClientState after = FoldEvents(before, events);
  Outcome outcome{std::move(events), effect, OAuthClientJson(after, secret)};
  outcome.sensitive = secret.has_value();
  return outcome;
}

}  // namespace

std::string OAuthClientJson(const domain::OAuthClientState& client,
                            const std::optional<std::string>& client_secret) {
  JsonWriter json;
  json.BeginObject()
      .Key("id")
      .String(client.id)
      .Key("object")
      .String("oauth_client")
      .Key("client_id")
      .String(client.id)
      .Key("name")
      .String(client.name)
      .Key("type")
      .String(client.confidential ? "confidential" : "public")
      .Key("redirect_uris")
      .BeginArray();
  for (const std::string& uri : client.redirect_uris) json.String(uri);
  json.EndArray().Key("scopes").BeginArray();
  for (const std::string& scope : client.scopes) json.String(scope);
  json.EndArray();
  if (client_secret) json.Key("client_secret").String(*client_secret);
  json.Key("created_at")
      .String(domain::FormatTimestamp(client.created_at))
      .Key("updated_at")
      .String(domain::FormatTimestamp(client.updated_at))
      .EndObject();
  return std::move(json).Take();
}

Command RegisterOAuthClient(domain::RegisterOAuthClient client, std::string organization_id,
                            std::string created_by, std::vector<std::string> creator_scopes,
                            std::string secret) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    std::string id = ws.NewId(domain::kOAuthClientPrefix);
    auto events =
        domain::Register(domain::OAuthClientState{}, id, organization_id, client,
                         client.confidential ? Sha256Hex(secret) : "", created_by, ws.now());
    if (!events) return std::unexpected(events.error());
    FACTURA_TRY(WithinCaller(client.scopes, creator_scopes));
    return ClientOutcome(std::move(*events), Effect::kCreated, domain::OAuthClientState{},
                         client.confidential ? std::optional(secret) : std::nullopt);
  };
}

Command UpdateOAuthClient(std::string client_id, std::string organization_id,
                          std::optional<std::string> name,
                          std::optional<std::vector<std::string>> redirect_uris,
                          std::optional<std::vector<std::string>> scopes,
                          std::vector<std::string> caller_scopes) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    auto client = LoadClient(ws, client_id);
    if (!client) return std::unexpected(client.error());
    auto events =
        domain::UpdateOAuthClient(**client, organization_id, name, redirect_uris, scopes, ws.now());
    if (!events) return std::unexpected(events.error());
    if (scopes) FACTURA_TRY(WithinCaller(*scopes, caller_scopes));
    return ClientOutcome(std::move(*events), Effect::kChanged, **client, std::nullopt);
  };
}

Command RotateOAuthClientSecret(std::string client_id, std::string organization_id,
                                std::string secret) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    auto client = LoadClient(ws, client_id);
    if (!client) return std::unexpected(client.error());
    auto events =
        domain::RotateOAuthClientSecret(**client, organization_id, Sha256Hex(secret), ws.now());
    if (!events) return std::unexpected(events.error());
    return ClientOutcome(std::move(*events), Effect::kChanged, **client, secret);
  };
}

Command DeleteOAuthClient(std::string client_id, std::string organization_id) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    auto client = LoadClient(ws, client_id);
    if (!client) return std::unexpected(client.error());
    auto events = domain::DeleteOAuthClient(**client, organization_id, ws.now());
    if (!events) return std::unexpected(events.error());
    return Outcome{std::move(*events), Effect::kDeleted, "", nullptr};
  };
}

Command IssueAuthorizationCode(CodeRequest request, std::shared_ptr<OAuthTicket> ticket) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    auto client = ws.Load<domain::OAuthClientState>(request.client_id);
    if (!client) return std::unexpected(client.error());
    if (!(*client)->Live()) {
      return domain::Reject(domain::ErrorKind::kMalformed, "invalid_client", "client_id",
                            "No such OAuth client");
    }
    auto refuse = [&](std::string error, std::string description) {
      ticket->refusal = std::move(error);
      ticket->refusal_description = std::move(description);
      return Outcome{};
    };
    if (request.organization_id != (*client)->organization_id) {
      // A client acts in the organization that registered it, for that organization's users.
      return refuse("access_denied", "The application belongs to another organization");
    }
    auto user = ws.Load<domain::UserState>(request.user_id);
    if (!user) return std::unexpected(user.error());
    const domain::Membership* membership = (*user)->MembershipIn(request.organization_id);
    if ((*user)->status != domain::UserStatus::kActive || membership == nullptr) {
      return refuse("access_denied", "The account cannot act there");
    }
    auto permissions = RolePermissions(ws, *membership);
    if (!permissions) return std::unexpected(permissions.error());
    for (const std::string& scope : request.scopes) {
      if (!domain::Permits(*permissions, scope)) {
        return refuse("invalid_scope", "You do not have '" + scope + "' yourself");
      }
    }
    std::string id = ws.NewId(domain::kSessionPrefix);
    ticket->session_id = id;
    ticket->user_id = request.user_id;
    ticket->scopes = request.scopes;
    domain::Events events{domain::OAuthCodeIssued{
        id, request.user_id, request.organization_id, request.client_id, request.scopes,
        request.redirect_uri, request.code_challenge, Sha256Hex(id + "." + request.code_secret),
        request.code_expires_at, ws.now()}};
    return Outcome{std::move(events), Effect::kCreated, "{}", nullptr};
  };
}

Command RedeemAuthorizationCode(std::string session_id, std::string code_sha256_hex,
                                domain::CodeRedemption redemption,
                                std::shared_ptr<OAuthTicket> ticket) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    ticket->reason = "The authorization code is not valid";
    if (!domain::ValidateId(session_id, domain::kSessionPrefix, "code")) return Outcome{};
    auto session = ws.Load<domain::SessionState>(session_id);
    if (!session) return std::unexpected(session.error());
    if ((*session)->code_issued) {
      auto client = ws.Load<domain::OAuthClientState>((*session)->client_id);
      if (!client) return std::unexpected(client.error());
      auto user = ws.Load<domain::UserState>((*session)->user_id);
      if (!user) return std::unexpected(user.error());
      if (!(*client)->Live() || (*user)->status != domain::UserStatus::kActive ||
          (*user)->MembershipIn((*session)->organization_id) == nullptr) {
        return Outcome{};
      }
    }
    domain::CodeDecision decision =
        domain::RedeemCode(**session, code_sha256_hex, redemption, ws.now());
    ticket->verdict = decision.verdict;
    ticket->reason = decision.reason;
    ticket->session_id = session_id;
    ticket->user_id = (*session)->user_id;
    ticket->scopes = (*session)->scopes;
    return Outcome{std::move(decision.events), Effect::kChanged, "{}", nullptr};
  };
}

Command RevokeOAuthSession(std::string session_id, std::string client_id,
                           std::string presented_sha256_hex) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    if (client_id.empty() || !domain::ValidateId(session_id, domain::kSessionPrefix, "token")) {
      return Outcome{};
    }
    auto session = ws.Load<domain::SessionState>(session_id);
    if (!session) return std::unexpected(session.error());
    bool held =
        presented_sha256_hex.empty() || domain::HadRefreshToken(**session, presented_sha256_hex);
    if ((*session)->client_id != client_id || !held) return Outcome{};
    return Outcome{domain::Revoke(**session, "revoked", ws.now()), Effect::kDeleted, "", nullptr};
  };
}

}  // namespace factura::api::commands
