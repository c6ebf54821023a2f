// Routes of people: /v1/me (seed 003 §5), /v1/organizations (the caller's), and /v1/users — an
// organization's members, administered by its admins or an API key with `users:manage`
// (seeds 002, 004). Members of other organizations are 404 here, as if they did not exist.
#include <algorithm>
#include <charconv>
#include <set>

#include "api/commands/identity_commands.h"
#include "api/http/app.h"
#include "api/http/auth_bodies.h"
#include "api/http/json_writer.h"
#include "api/http/route_support.h"
#include "api/identity/opaque_tokens.h"
#include "api/identity/user_json.h"
#include "api/render.h"
#include "domain/identity/roles.h"
#include "domain/ids.h"
#include "domain/organization/rate_plan.h"

namespace factura::api {
namespace {

constexpr int64_t kDefaultUserPageSize = 20;
constexpr int64_t kMaxUserPageSize = 100;

ApiResponse UserNotFound() {
  return App::Error(
      domain::Reject(domain::ErrorKind::kNotFound, "user_not_found", "id", "No such user").error());
}

// What the organization's plan and the caller's permissions allow, for a front end to show.
void WriteEntitlements(JsonWriter& json, const domain::OrganizationState& organization,
                       const ApiKeyGrant& grant) {
  const domain::RatePlan* plan = domain::FindRatePlan(organization.plan);
  json.Key("entitlements")
      .BeginObject()
      .Key("plan")
      .String(organization.plan.empty() ? "default" : organization.plan)
      .Key("requests_per_minute");
  if (organization.rate_limit_per_minute) {
    json.Int(*organization.rate_limit_per_minute);
  } else if (plan != nullptr) {
    json.Int(plan->requests_per_minute);
  } else {
    json.Null();
  }
  json.Key("can_manage_customers")
      .Bool(grant.HasScope("customers:write"))
      .Key("can_manage_invoices")
      .Bool(grant.HasScope("invoices:write"))
      .Key("can_record_payments")
      .Bool(grant.HasScope("payments:write"))
      .Key("can_view_reports")
      .Bool(grant.HasScope("reports:read"))
      .Key("can_manage_settings")
      .Bool(grant.HasScope("settings:write"))
      .Key("can_invite_members")
      .Bool(grant.HasScope("users:manage"))
      .EndObject();
}

}  // namespace

void App::DeclareUserRoutes() {
  router_.Add(
      http::verb::get, "/v1/me", "me", std::string(kAnyCredential),
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        auto organization =
            co_await ReadDurable<domain::OrganizationState>(context, context.grant.organization_id);
        if (!organization) co_return Error(organization.error());
        std::optional<domain::UserState> user;
        if (!context.grant.user_id.empty() && identity_.people != nullptr) {
          user = identity_.people->UserById(context.grant.user_id);
        }
        // Every organization of the user, with its name (folded on the worker pool).
        std::vector<std::pair<domain::Membership, std::shared_ptr<const domain::OrganizationState>>>
            organizations;
        if (user) {
          co_await OnWorker();
          for (const domain::Membership& membership : user->memberships) {
            auto state = DurableStateNow<domain::OrganizationState>(
                processor_.durable_states(), store_, membership.organization_id,
                membership.organization_id);
            if (state) organizations.emplace_back(membership, *state);
          }
        }
        JsonWriter json;
        json.BeginObject().Key("object").String("me");
        json.Key("organization");
        WriteOrganization(json, **organization);
        json.Key("user");
        if (user) {
          WriteUser(json, *user, context.grant.organization_id);
        } else {
          json.Null();
        }
        json.Key("api_key");
        if (context.grant.user_id.empty() && context.grant.client_id.empty()) {
          json.BeginObject().Key("id").String(context.grant.api_key_id).Key("scopes").BeginArray();
          for (const auto& scope : context.grant.scopes) json.String(scope);
          json.EndArray().EndObject();
        } else {
          json.Null();
        }
        json.Key("oauth_client");
        if (!context.grant.client_id.empty()) {
          json.BeginObject().Key("id").String(context.grant.client_id).Key("scopes").BeginArray();
          for (const auto& scope : context.grant.scopes) json.String(scope);
          json.EndArray().EndObject();
        } else {
          json.Null();
        }
        json.Key("locale").String(user ? user->locale : (*organization)->locale);
        json.Key("roles").BeginArray();
        if (!context.grant.role.empty()) json.String(context.grant.role);
        json.EndArray();
        json.Key("permissions").BeginArray();
        for (const auto& scope : context.grant.scopes) json.String(scope);
        json.EndArray();
        json.Key("organizations").BeginArray();
        for (const auto& [membership, state] : organizations) {
          json.BeginObject()
              .Key("id")
              .String(membership.organization_id)
              .Key("name")
              .String(state->name)
              .Key("plan")
              .String(state->plan.empty() ? "default" : state->plan)
              .Key("role")
              .String(membership.role)
              .EndObject();
        }
        json.EndArray();
        WriteEntitlements(json, **organization, context.grant);
        json.EndObject();
        co_return ApiResponse{200, std::move(json).Take()};
      });

  router_.Add(
      http::verb::get, "/v1/users", "users.list", "users:manage",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        if (identity_.people == nullptr) co_return UserNotFound();
        static const std::set<std::string, std::less<>> kAllowed = {"status", "limit",
                                                                    "starting_after"};
        if (auto known = RejectUnknownQueryParameters(context.request, {&kAllowed}); !known) {
          co_return Error(known.error());
        }
        auto status = QueryParameter(context.request, "status");
        if (status && *status != "pending" && *status != "active" && *status != "rejected" &&
            *status != "deactivated") {
          co_return Error(domain::Invalid("invalid_status", "status",
                                          "Give pending, active, rejected or deactivated")
                              .error());
        }
        int64_t limit = kDefaultUserPageSize;
        if (auto text = QueryParameter(context.request, "limit")) {
          int64_t parsed = 0;
          auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), parsed);
          if (error != std::errc() || end != text->data() + text->size() || parsed < 1 ||
              parsed > kMaxUserPageSize) {
            co_return Error(
                domain::Invalid("invalid_limit", "limit", "Give a limit from 1 to 100").error());
          }
          limit = parsed;
        }
        auto after = QueryParameter(context.request, "starting_after");
        std::vector<domain::UserState> members =
            identity_.people->MembersOf(context.grant.organization_id);
        JsonWriter json;
        json.BeginObject().Key("object").String("list").Key("data").BeginArray();
        int64_t written = 0;
        bool has_more = false;
        for (const domain::UserState& user : members) {
          if (after && user.id <= *after) continue;
          if (status && domain::UserStatusName(user.status) != *status) continue;
          if (written == limit) {
            has_more = true;
            break;
          }
          WriteUser(json, user, context.grant.organization_id);
          ++written;
        }
        json.EndArray().Key("has_more").Bool(has_more).Key("url").String("/v1/users");
        json.EndObject();
        co_return ApiResponse{200, std::move(json).Take()};
      });

  router_.Add(http::verb::get, "/v1/users/{id}", "users.retrieve", "users:manage",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                if (identity_.people == nullptr) co_return UserNotFound();
                auto user = identity_.people->UserById(context.params.find("id")->second);
                if (!user || user->MembershipIn(context.grant.organization_id) == nullptr) {
                  co_return UserNotFound();
                }
                co_return ApiResponse{200, UserJson(*user, context.grant.organization_id)};
              });

  router_.Add(
      http::verb::patch, "/v1/users/{id}", "users.update", "users:manage",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        auto body = ParseUserUpdate(context.request.body());
        if (!body) co_return Error(body.error());
        ApiResponse written = co_await ExecuteIn(
            context, std::string(domain::kIdentityTenant), "",
            commands::UpdateUser(context.params.find("id")->second, context.grant.organization_id,
                                 body->name, body->locale, body->role, body->customer_id));
        co_return written;
      });

  // Removes the member from this organization (their account and other memberships stay).
  router_.Add(http::verb::delete_, "/v1/users/{id}", "users.remove", "users:manage",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                ApiResponse written =
                    co_await ExecuteIn(context, std::string(domain::kIdentityTenant), "",
                                       commands::RemoveMember(context.params.find("id")->second,
                                                              context.grant.organization_id));
                co_return written;
              });

  struct Action {
    const char* path;
    const char* name;
    domain::UserAction action;
  };
  static constexpr Action kActions[] = {
      {"/v1/users/{id}/approve", "users.approve", domain::UserAction::kApprove},
      {"/v1/users/{id}/reject", "users.reject", domain::UserAction::kReject},
      {"/v1/users/{id}/activate", "users.activate", domain::UserAction::kActivate},
      {"/v1/users/{id}/deactivate", "users.deactivate", domain::UserAction::kDeactivate},
  };
  for (const Action& action : kActions) {
    router_.Add(
        http::verb::post, action.path, action.name, "users:manage",
        [this, what = action.action](RequestContext& context) -> asio::awaitable<ApiResponse> {
          std::optional<std::string> role;
          if (what == domain::UserAction::kApprove) {
            auto approval = ParseApproval(context.request.body());
            if (!approval) co_return Error(approval.error());
            role = std::move(*approval);
          }
          ApiResponse written =
              co_await ExecuteIn(context, std::string(domain::kIdentityTenant), "",
                                 commands::ChangeUserStatus(context.params.find("id")->second, what,
                                                            context.grant.organization_id, role));
          co_return written;
        });
  }

  // Until e-mail exists (the next issue), the reset token is handed to the administrator, who
  // passes it on; it is single-use and short-lived, and only its hash is recorded.
  router_.Add(
      http::verb::post, "/v1/users/{id}/password-reset", "users.password_reset", "users:manage",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        if (identity_.people == nullptr) co_return UserNotFound();
        std::string id = context.params.find("id")->second;
        auto user = identity_.people->UserById(id);
        if (!user || user->MembershipIn(context.grant.organization_id) == nullptr) {
          co_return UserNotFound();
        }
        // A password opens every organization of the user: one organization's administrator
        // resets it only for people who belong to that organization alone.
        bool elsewhere = std::any_of(
            user->memberships.begin(), user->memberships.end(), [&](const auto& membership) {
              return membership.organization_id != context.grant.organization_id;
            });
        if (elsewhere) {
          co_return Error(domain::Reject(domain::ErrorKind::kFailedPrecondition,
                                         "user_in_other_organizations", "id",
                                         "The user belongs to other organizations too; they "
                                         "reset their password themselves")
                              .error());
        }
        std::string token = id + "." + NewTokenSecret();
        domain::Timestamp expires{Now().micros_since_epoch +
                                  identity_.reset_token_lifetime_seconds * 1'000'000};
        ApiResponse written =
            co_await ExecuteIn(context, std::string(domain::kIdentityTenant), "",
                               commands::RequestPasswordReset(id, Sha256Hex(token), expires));
        if (written.error) co_return written;
        JsonWriter json;
        json.BeginObject()
            .Key("object")
            .String("password_reset")
            .Key("user_id")
            .String(id)
            .Key("reset_token")
            .String(token)
            .Key("expires_at")
            .String(domain::FormatTimestamp(expires))
            .EndObject();
        ApiResponse response{201, std::move(json).Take()};
        response.headers.emplace_back("Cache-Control", "no-store");
        co_return response;
      });

  router_.Add(http::verb::get, "/v1/organizations", "organizations.list",
              std::string(kAnyCredential),
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::vector<domain::Membership> memberships;
                if (!context.grant.user_id.empty() && identity_.people != nullptr) {
                  if (auto user = identity_.people->UserById(context.grant.user_id)) {
                    memberships = user->memberships;
                  }
                } else {
                  memberships.push_back({context.grant.organization_id, "", std::nullopt});
                }
                co_await OnWorker();
                JsonWriter json;
                json.BeginObject().Key("object").String("list").Key("data").BeginArray();
                for (const domain::Membership& membership : memberships) {
                  auto state = DurableStateNow<domain::OrganizationState>(
                      processor_.durable_states(), store_, membership.organization_id,
                      membership.organization_id);
                  if (!state || !(*state)->exists) continue;
                  json.BeginObject()
                      .Key("id")
                      .String(membership.organization_id)
                      .Key("object")
                      .String("organization")
                      .Key("name")
                      .String((*state)->name)
                      .Key("plan")
                      .String((*state)->plan.empty() ? "default" : (*state)->plan)
                      .Key("role");
                  if (membership.role.empty()) {
                    json.Null();
                  } else {
                    json.String(membership.role);
                  }
                  json.EndObject();
                }
                json.EndArray().Key("has_more").Bool(false).Key("url").String("/v1/organizations");
                json.EndObject();
                co_return ApiResponse{200, std::move(json).Take()};
              });
}

}  // namespace factura::api
