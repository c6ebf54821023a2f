// Routes of /v1/auth (seeds 002, 004): registration, login, refresh, logout, password change and
// reset. Passwords are checked and hashed on the worker pool; refresh tokens are
// `<session id>.<secret>`, of which only the SHA-256 is recorded; the answers carry tokens, so
// they are never kept as idempotent replies.
#include "api/commands/identity_commands.h"
#include "api/commands/organization_commands.h"
#include "api/http/app.h"
#include "api/http/auth_bodies.h"
#include "api/http/json_writer.h"
#include "api/identity/opaque_tokens.h"
#include "api/identity/passwords.h"
#include "api/identity/user_json.h"
#include "domain/identity/roles.h"
#include "domain/ids.h"

namespace factura::api {
namespace {

ApiResponse Unavailable() {
  return App::Error(domain::Error{domain::ErrorKind::kUnavailable, "identity_unavailable", "",
                                  "Users are not configured on this server"});
}

ApiResponse Failure(domain::ErrorKind kind, std::string code, std::string message) {
  return App::Error(domain::Error{kind, std::move(code), "", std::move(message)});
}

}  // namespace

domain::Timestamp App::RefreshExpiry() const {
  return domain::Timestamp{Now().micros_since_epoch +
                           identity_.refresh_token_lifetime_seconds * 1'000'000};
}

ApiResponse App::TokensAnswer(const commands::SessionTicket& ticket, const std::string& refresh,
                              unsigned status) const {
  domain::Timestamp now = Now();
  auto access = identity_.tokens->Issue({ticket.user_id, ticket.session_id, "", "", now, now}, now);
  if (!access) return Error(access.error());
  auto user = identity_.people->UserById(ticket.user_id);
  JsonWriter json;
  json.BeginObject()
      .Key("access_token")
      .String(*access)
      .Key("refresh_token")
      .String(refresh)
      .Key("token_type")
      .String("Bearer")
      .Key("expires_in")
      .Int(identity_.tokens->policy().lifetime_seconds);
  json.Key("user");
  if (user) {
    WriteUser(json, *user,
              user->memberships.empty() ? "" : user->memberships.front().organization_id);
  } else {
    json.Null();
  }
  json.EndObject();
  ApiResponse response{status, std::move(json).Take()};
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

asio::awaitable<App::PasswordCheck> App::CheckPassword(RequestContext& context, std::string email,
                                                       std::string password) {
  if (auto wait = identity_.throttle->Check(email, context.peer_address, Now())) {
    co_return PasswordCheck{std::nullopt, Throttled("login_throttled", "failed logins", *wait)};
  }
  co_await OnWorker();
  auto user = identity_.people->UserByEmail(email);
  // An unknown e-mail costs the time a wrong password does (a decoy hash is verified).
  if (!VerifyPassword(user ? std::string_view(user->password_hash) : "", password)) {
    identity_.throttle->Failed(email, context.peer_address, Now());
    co_return PasswordCheck{};
  }
  identity_.throttle->Succeeded(email);
  co_return PasswordCheck{std::move(user), std::nullopt};
}

asio::awaitable<ApiResponse> App::StartSession(RequestContext& context, std::string user_id,
                                               unsigned status) {
  // The session id is the processor's to choose, and the token names it: the secret part is
  // drawn first, and the command hashes `<id>.<secret>` once it knows the id.
  std::string secret = NewTokenSecret();
  auto ticket = std::make_shared<commands::SessionTicket>();
  ApiResponse written =
      co_await ExecuteIn(context, std::string(domain::kIdentityTenant), user_id,
                         commands::StartSession(user_id, secret, RefreshExpiry(), ticket));
  if (written.error) co_return written;
  co_return TokensAnswer(*ticket, ticket->session_id + "." + secret, status);
}

void App::DeclareAuthRoutes() {
  auto new_refresh = [](std::string_view session_id) {
    return std::string(session_id) + "." + NewTokenSecret();
  };

  router_.Add(
      http::verb::post, "/v1/auth/register", "auth.register", "",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        if (identity_.tokens == nullptr) co_return Unavailable();
        auto body = ParseRegister(context.request.body());
        if (!body) co_return Error(body.error());
        if (auto wait = identity_.throttle->CheckRegistration(context.peer_address, Now())) {
          co_return Throttled("registration_throttled", "registrations from this address", *wait);
        }
        identity_.throttle->Registered(context.peer_address, Now());
        if (auto valid = ValidateNewPassword(body->password, body->email, "password"); !valid) {
          co_return Error(valid.error());
        }
        domain::RegisterUser command{body->email, body->name, body->locale, "", {}, false};
        if (body->organization_id) {
          std::string role = body->role.value_or("viewer");
          if (auto valid = domain::ValidateAssignableRole(role, "role"); !valid) {
            co_return Error(valid.error());
          }
          co_await OnWorker();
          auto organization = DurableStateNow<domain::OrganizationState>(
              processor_.durable_states(), store_, *body->organization_id, *body->organization_id);
          bool found = domain::ValidateId(*body->organization_id, domain::kOrganizationPrefix,
                                          "organization_id") &&
                       organization && (*organization)->exists;
          if (!found) {
            co_return Error(domain::Reject(domain::ErrorKind::kNotFound, "organization_not_found",
                                           "organization_id", "No such organization")
                                .error());
          }
          command.membership = {*body->organization_id, role, std::nullopt};
        } else {
          if (body->role) {
            co_return Error(
                domain::Invalid("invalid_role", "role", "A new organization's founder is its owner")
                    .error());
          }
          co_await OnWorker();
        }
        if (identity_.people->UserByEmail(body->email)) {
          co_return Error(domain::Reject(domain::ErrorKind::kAlreadyExists, "email_taken", "email",
                                         "That e-mail address cannot be registered")
                              .error());
        }
        auto hash = HashPassword(body->password);
        if (!hash) co_return Error(hash.error());
        command.password_hash = std::move(*hash);
        if (!body->organization_id) {
          // One's own organization first: the user's membership names it.
          thread_local domain::IdGenerator ids(std::random_device{}());
          std::string organization_id = ids.Next(domain::kOrganizationPrefix, Now());
          domain::CreateOrganization create{body->organization_name.value_or(body->name),
                                            body->default_currency.value_or("USD"), std::nullopt,
                                            std::nullopt};
          ApiResponse created = co_await ExecuteIn(context, organization_id, "registration",
                                                   commands::CreateOrganization(create));
          if (created.error) co_return created;
          command.membership = {organization_id, "owner", std::nullopt};
          command.owner = true;
        }
        std::string tenant(domain::kIdentityTenant);
        ApiResponse registered =
            co_await ExecuteIn(context, tenant, "registration", commands::RegisterUser(command));
        if (registered.error || !command.owner) co_return registered;
        auto user = identity_.people->UserByEmail(body->email);
        if (!user) co_return registered;
        ApiResponse answer = co_await StartSession(context, user->id, 201);
        co_return answer;
      });

  router_.Add(http::verb::post, "/v1/auth/login", "auth.login", "",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                if (identity_.tokens == nullptr) co_return Unavailable();
                auto body = ParseLogin(context.request.body());
                if (!body) co_return Error(body.error());
                PasswordCheck checked =
                    co_await CheckPassword(context, body->email, body->password);
                if (checked.throttled) co_return std::move(*checked.throttled);
                if (!checked.user) {
                  co_return Failure(domain::ErrorKind::kUnauthenticated, "invalid_credentials",
                                    "The e-mail address or the password is wrong");
                }
                const std::optional<domain::UserState>& user = checked.user;
                if (user->status == domain::UserStatus::kPending) {
                  co_return Failure(domain::ErrorKind::kPermissionDenied, "account_pending",
                                    "The account waits for an administrator's approval");
                }
                if (user->status != domain::UserStatus::kActive) {
                  co_return Failure(domain::ErrorKind::kPermissionDenied, "user_inactive",
                                    "The account is not active");
                }
                ApiResponse answer = co_await StartSession(context, user->id, 200);
                co_return answer;
              });

  router_.Add(
      http::verb::post, "/v1/auth/refresh", "auth.refresh", "",
      [this, new_refresh](RequestContext& context) -> asio::awaitable<ApiResponse> {
        if (identity_.tokens == nullptr) co_return Unavailable();
        auto token = ParseRefreshToken(context.request.body());
        if (!token) co_return Error(token.error());
        auto invalid = Failure(domain::ErrorKind::kUnauthenticated, "invalid_refresh_token",
                               "The refresh token is not valid");
        auto session_id = IdOfToken(*token, domain::kSessionPrefix);
        if (!session_id) co_return invalid;
        std::string next = new_refresh(*session_id);
        auto ticket = std::make_shared<commands::SessionTicket>();
        // The session is the actor: the envelope names it (and through it, the user).
        ApiResponse written = co_await ExecuteIn(
            context, std::string(domain::kIdentityTenant), *session_id,
            commands::RefreshSession(*session_id, Sha256Hex(*token), Sha256Hex(next), "", ticket));
        if (written.error) co_return written;
        if (ticket->verdict == domain::RefreshVerdict::kReused) {
          co_return Failure(domain::ErrorKind::kUnauthenticated, "refresh_token_reused",
                            "The refresh token was used already: the session has ended");
        }
        if (ticket->verdict != domain::RefreshVerdict::kRotated) co_return invalid;
        co_return TokensAnswer(*ticket, next, 200);
      });

  router_.Add(http::verb::post, "/v1/auth/logout", "auth.logout", std::string(kAnyCredential),
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                if (context.grant.session_id.empty()) {
                  co_return Failure(domain::ErrorKind::kInvalidArgument, "not_a_session",
                                    "API keys are revoked, not logged out");
                }
                ApiResponse written =
                    co_await ExecuteIn(context, std::string(domain::kIdentityTenant), "",
                                       commands::EndSession(context.grant.session_id));
                co_return written;
              });

  router_.Add(
      http::verb::post, "/v1/auth/password", "auth.password_change", std::string(kAnyCredential),
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        auto body = ParsePasswordChange(context.request.body());
        if (!body) co_return Error(body.error());
        if (context.grant.user_id.empty()) {
          co_return Failure(domain::ErrorKind::kInvalidArgument, "not_a_user",
                            "Only a user has a password");
        }
        co_await OnWorker();
        auto user = identity_.people->UserById(context.grant.user_id);
        if (!user || !VerifyPassword(user->password_hash, body->current_password)) {
          co_return Error(domain::Invalid("invalid_current_password", "current_password",
                                          "The current password is wrong")
                              .error());
        }
        if (auto valid = ValidateNewPassword(body->new_password, user->email, "new_password");
            !valid) {
          co_return Error(valid.error());
        }
        auto hash = HashPassword(body->new_password);
        if (!hash) co_return Error(hash.error());
        std::string secret = NewTokenSecret();
        auto ticket = std::make_shared<commands::SessionTicket>();
        ApiResponse written = co_await ExecuteIn(
            context, std::string(domain::kIdentityTenant), "",
            commands::ChangePassword(user->id, user->password_hash, std::move(*hash), "changed",
                                     secret, RefreshExpiry(), ticket));
        if (written.error) co_return written;
        co_return TokensAnswer(*ticket, ticket->session_id + "." + secret, 200);
      });

  router_.Add(http::verb::post, "/v1/auth/password-reset", "auth.password_reset", "",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                if (identity_.tokens == nullptr) co_return Unavailable();
                auto body = ParsePasswordReset(context.request.body());
                if (!body) co_return Error(body.error());
                auto user_id = IdOfToken(body->token, domain::kUserPrefix);
                if (!user_id) {
                  co_return Failure(domain::ErrorKind::kMalformed, "invalid_reset_token",
                                    "The reset token is not valid (used, expired or unknown)");
                }
                co_await OnWorker();
                auto user = identity_.people->UserById(*user_id);
                if (auto valid = ValidateNewPassword(body->new_password, user ? user->email : "",
                                                     "new_password");
                    !valid) {
                  co_return Error(valid.error());
                }
                auto hash = HashPassword(body->new_password);
                if (!hash) co_return Error(hash.error());
                ApiResponse written = co_await ExecuteIn(
                    context, std::string(domain::kIdentityTenant), *user_id,
                    commands::ResetPassword(*user_id, Sha256Hex(body->token), std::move(*hash)));
                if (written.error) co_return written;
                co_return ApiResponse{204, ""};
              });
}

}  // namespace factura::api
