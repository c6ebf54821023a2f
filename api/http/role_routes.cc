// Routes of /v1/roles (seed 004): the built-in roles and the organization's custom ones, each a
// name for a list of `resource:action` permissions. A custom role is given by its id (`role_…`)
// wherever a role is (approval, PATCH /v1/users/{id}, invitations); deleting one still held is a
// 409.
#include "api/commands/role_commands.h"
#include "api/http/app.h"
#include "api/http/json_input.h"
#include "domain/ids.h"

namespace factura::api {
namespace {

struct RoleBody {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::vector<std::string>> permissions;
};

domain::Result<RoleBody> ParseRole(std::string_view text, bool create) {
  auto parsed = JsonBody::Parse(text);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  RoleBody body;
  if (create) {
    auto name = f.RequiredString("name");
    if (!name) return std::unexpected(name.error());
    body.name = std::move(*name);
  } else {
    FACTURA_TRY(f.ReadStrings({{"name", &body.name}}));
  }
  FACTURA_TRY(f.ReadStrings({{"description", &body.description}}));
  auto permissions = f.OptionalStringArray("permissions");
  if (!permissions) return std::unexpected(permissions.error());
  body.permissions = std::move(*permissions);
  if (create && !body.permissions) {
    return domain::Invalid("missing_field", "permissions", "This field is required");
  }
  FACTURA_TRY(f.RejectUnknownFields());
  return body;
}

domain::RoleState BuiltIn(const domain::BuiltInRole& role) {
  domain::RoleState state;
  state.id = std::string(role.name);
  state.name = std::string(role.name);
  state.description = std::string(role.description);
  state.permissions = domain::PermissionsOfRole(role.name);
  return state;
}

}  // namespace

void App::DeclareRoleRoutes() {
  router_.Add(http::verb::get, "/v1/roles", "roles.list", "users:manage",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::string body = R"({"object":"list","data":[)";
                bool first = true;
                auto add = [&](const std::string& item) {
                  if (!first) body += ",";
                  first = false;
                  body += item;
                };
                for (const domain::BuiltInRole& role : domain::BuiltInRoles()) {
                  add(commands::RoleJson(BuiltIn(role), true));
                }
                if (identity_.people != nullptr) {
                  for (const domain::RoleState& role :
                       identity_.people->CustomRolesOf(context.grant.organization_id)) {
                    add(commands::RoleJson(role, false));
                  }
                }
                body += R"(],"has_more":false,"url":"/v1/roles"})";
                co_return ApiResponse{200, std::move(body)};
              });

  router_.Add(http::verb::post, "/v1/roles", "roles.create", "users:manage",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto body = ParseRole(context.request.body(), true);
                if (!body) co_return Error(body.error());
                ApiResponse response = co_await Execute(
                    context, commands::CreateRole(*body->name, body->description.value_or(""),
                                                  *body->permissions));
                co_return response;
              });

  router_.Add(http::verb::get, "/v1/roles/{id}", "roles.retrieve", "users:manage",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::string id = context.params.find("id")->second;
                if (const domain::BuiltInRole* role = domain::FindBuiltInRole(id)) {
                  co_return ApiResponse{200, commands::RoleJson(BuiltIn(*role), true)};
                }
                auto role = co_await ReadDurable<domain::RoleState>(context, id);
                if (!role || !(*role)->exists || (*role)->deleted ||
                    !domain::HasIdPrefix(id, domain::kRolePrefix)) {
                  co_return Error(domain::Reject(domain::ErrorKind::kNotFound, "role_not_found",
                                                 "id", "No such role")
                                      .error());
                }
                co_return ApiResponse{200, commands::RoleJson(**role, false)};
              });

  router_.Add(http::verb::patch, "/v1/roles/{id}", "roles.update", "users:manage",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto body = ParseRole(context.request.body(), false);
                if (!body) co_return Error(body.error());
                ApiResponse response = co_await Execute(
                    context, commands::UpdateRole(context.params.find("id")->second, body->name,
                                                  body->description, body->permissions));
                co_return response;
              });

  router_.Add(
      http::verb::delete_, "/v1/roles/{id}", "roles.delete", "users:manage",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        std::string id = context.params.find("id")->second;
        if (identity_.people != nullptr &&
            identity_.people->HoldersOf(context.grant.organization_id, id) > 0) {
          co_return Error(domain::Reject(domain::ErrorKind::kFailedPrecondition, "role_in_use",
                                         "id", "Members hold this role; give them another first")
                              .error());
        }
        ApiResponse response = co_await Execute(context, commands::DeleteRole(id));
        co_return response;
      });
}

}  // namespace factura::api
