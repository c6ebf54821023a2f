// Routes of /v1/invitations: an organization's administrators invite people by e-mail to a role
// (the token is returned to the inviter until e-mail delivers it), list and revoke invitations;
// whoever holds a token accepts it — a new user with a password of their choosing, or an existing
// one with their own password (throttled like a login) — and is logged in.
#include "api/commands/invitation_commands.h"
#include "api/http/app.h"
#include "api/http/json_input.h"
#include "api/http/json_writer.h"
#include "api/identity/invitation_json.h"
#include "api/identity/opaque_tokens.h"
#include "api/identity/passwords.h"
#include "domain/ids.h"

namespace factura::api {
namespace {

struct InviteBody {
  std::string email;
  std::string role;
  std::optional<std::string> customer_id;  // with role `customer`
};

domain::Result<InviteBody> ParseInvite(std::string_view text) {
  auto parsed = JsonBody::Parse(text);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  auto email = f.RequiredString("email");
  if (!email) return std::unexpected(email.error());
  auto role = f.RequiredString("role");
  if (!role) return std::unexpected(role.error());
  std::optional<std::string> customer_id;
  FACTURA_TRY(f.ReadStrings({{"customer_id", &customer_id}}));
  FACTURA_TRY(f.RejectUnknownFields());
  return InviteBody{std::move(*email), std::move(*role), std::move(customer_id)};
}

struct AcceptBody {
  std::string token;
  std::string password;
  std::optional<std::string> name;  // for a new user
  std::optional<std::string> locale;
};

domain::Result<AcceptBody> ParseAccept(std::string_view text) {
  auto parsed = JsonBody::Parse(text);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  AcceptBody body;
  auto token = f.RequiredString("token");
  if (!token) return std::unexpected(token.error());
  body.token = std::move(*token);
  auto password = f.RequiredString("password");
  if (!password) return std::unexpected(password.error());
  body.password = std::move(*password);
  FACTURA_TRY(f.ReadStrings({{"name", &body.name}, {"locale", &body.locale}}));
  FACTURA_TRY(f.RejectUnknownFields());
  return body;
}

ApiResponse InvalidInvitation() {
  return App::Error(
      domain::Error{domain::ErrorKind::kMalformed, "invalid_invitation", "token",
                    "The invitation is not valid (used, revoked, expired or unknown)"});
}

}  // namespace

void App::DeclareInvitationRoutes() {
  router_.Add(http::verb::post, "/v1/invitations", "invitations.create", "users:manage",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto body = ParseInvite(context.request.body());
                if (!body) co_return Error(body.error());
                std::string secret = NewTokenSecret();
                auto id = std::make_shared<std::string>();
                domain::Timestamp expires{Now().micros_since_epoch +
                                          identity_.invitation_lifetime_seconds * 1'000'000};
                ApiResponse written = co_await ExecuteIn(
                    context, std::string(domain::kIdentityTenant), "",
                    commands::CreateInvitation(context.grant.organization_id, body->email,
                                               body->role, body->customer_id, secret, expires, id));
                if (written.error || identity_.people == nullptr) co_return written;
                auto invitation = identity_.people->InvitationById(*id);
                if (!invitation) co_return written;
                ApiResponse shown{201, InvitationJson(*invitation, Now(), *id + "." + secret)};
                shown.headers = std::move(written.headers);
                shown.headers.emplace_back("Cache-Control", "no-store");
                co_return shown;
              });

  router_.Add(http::verb::get, "/v1/invitations", "invitations.list", "users:manage",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                JsonWriter json;
                json.BeginObject().Key("object").String("list").Key("data").BeginArray();
                if (identity_.people != nullptr) {
                  domain::Timestamp now = Now();
                  for (const auto& invitation :
                       identity_.people->InvitationsOf(context.grant.organization_id)) {
                    WriteInvitation(json, invitation, now, std::nullopt);
                  }
                }
                json.EndArray().Key("has_more").Bool(false).Key("url").String("/v1/invitations");
                json.EndObject();
                co_return ApiResponse{200, std::move(json).Take()};
              });

  router_.Add(http::verb::post, "/v1/invitations/{id}/revoke", "invitations.revoke", "users:manage",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                ApiResponse written =
                    co_await ExecuteIn(context, std::string(domain::kIdentityTenant), "",
                                       commands::RevokeInvitation(context.params.find("id")->second,
                                                                  context.grant.organization_id));
                co_return written;
              });

  router_.Add(http::verb::post, "/v1/invitations/accept", "invitations.accept", "",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                if (identity_.tokens == nullptr) co_return InvalidInvitation();
                auto body = ParseAccept(context.request.body());
                if (!body) co_return Error(body.error());
                auto id = IdOfToken(body->token, domain::kInvitationPrefix);
                auto invitation = id ? identity_.people->InvitationById(*id) : std::nullopt;
                if (!invitation) co_return InvalidInvitation();
                const std::string& email = invitation->email;
                if (auto wait = identity_.throttle->Check(email, context.peer_address, Now())) {
                  co_return Throttled("login_throttled", "failed attempts", *wait);
                }
                co_await OnWorker();
                commands::Joiner joiner;
                if (auto existing = identity_.people->UserByEmail(email)) {
                  // Joining with an account one has: its own password says it is them.
                  if (!VerifyPassword(existing->password_hash, body->password)) {
                    identity_.throttle->Failed(email, context.peer_address, Now());
                    co_return Error(domain::Error{domain::ErrorKind::kUnauthenticated,
                                                  "invalid_credentials", "",
                                                  "The e-mail address or the password is wrong"});
                  }
                  joiner.user_id = existing->id;
                } else {
                  if (!body->name) {
                    co_return Error(domain::Invalid("missing_field", "name",
                                                    "A new account needs the person's name")
                                        .error());
                  }
                  if (auto valid = ValidateNewPassword(body->password, email, "password"); !valid) {
                    co_return Error(valid.error());
                  }
                  auto hash = HashPassword(body->password);
                  if (!hash) co_return Error(hash.error());
                  joiner.name = *body->name;
                  joiner.locale = body->locale.value_or("");
                  joiner.password_hash = std::move(*hash);
                }
                auto joined = std::make_shared<std::string>();
                ApiResponse written = co_await ExecuteIn(
                    context, std::string(domain::kIdentityTenant), "invitation",
                    commands::AcceptInvitation(*id, Sha256Hex(body->token), joiner, joined));
                if (written.error) co_return written;
                ApiResponse answer = co_await StartSession(context, *joined, 200);
                co_return answer;
              });
}

}  // namespace factura::api
