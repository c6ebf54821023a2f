#include "api/commands/role_commands.h"

#include "api/aggregate_reader.h"
#include "api/http/json_writer.h"
#include "domain/ids.h"

namespace factura::api::commands {
namespace {

std::unexpected<domain::Error> RoleNotFound() {
  return domain::Reject(domain::ErrorKind::kNotFound, "role_not_found", "id", "No such role");
}

domain::Result<const domain::RoleState*> LoadRole(Workspace& ws, const std::string& id) {
  if (!domain::ValidateId(id, domain::kRolePrefix, "id")) return RoleNotFound();
  auto role = ws.Load<domain::RoleState>(id);
  if (!role) return std::unexpected(role.error());
  if (!(*role)->exists || (*role)->deleted) return RoleNotFound();
  return *role;
}

}  // namespace

std::string RoleJson(const domain::RoleState& role, bool built_in) {
  JsonWriter json;
  json.BeginObject()
      .Key("id")
      .String(role.id)
      .Key("object")
      .String("role")
      .Key("name")
      .String(role.name)
      .Key("description")
      .String(role.description)
      .Key("built_in")
      .Bool(built_in)
      .Key("permissions")
      .BeginArray();
  for (const std::string& permission : role.permissions) json.String(permission);
  json.EndArray();
  json.Key("created_at");
  if (built_in) {
    json.Null();
  } else {
    json.String(domain::FormatTimestamp(role.created_at));
  }
  json.EndObject();
  return std::move(json).Take();
}

Command CreateRole(std::string name, std::string description,
                   std::vector<std::string> permissions) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    std::string id = ws.NewId(domain::kRolePrefix);
    auto events =
        domain::CreateRole(domain::RoleState{}, id, name, description, permissions, ws.now());
    if (!events) return std::unexpected(events.error());
    domain::RoleState after = FoldEvents(domain::RoleState{}, *events);
    return Outcome{std::move(*events), Effect::kCreated, RoleJson(after, false), nullptr};
  };
}

Command UpdateRole(std::string id, std::optional<std::string> name,
                   std::optional<std::string> description,
                   std::optional<std::vector<std::string>> permissions) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    auto role = LoadRole(ws, id);
    if (!role) return std::unexpected(role.error());
    auto events = domain::UpdateRole(**role, name, description, permissions, ws.now());
    if (!events) return std::unexpected(events.error());
    domain::RoleState after = FoldEvents(**role, *events);
    return Outcome{std::move(*events), Effect::kChanged, RoleJson(after, false), nullptr};
  };
}

Command DeleteRole(std::string id) {
  return [=](Workspace& ws) -> domain::Result<Outcome> {
    auto role = LoadRole(ws, id);
    if (!role) return std::unexpected(role.error());
    auto events = domain::DeleteRole(**role, ws.now());
    if (!events) return std::unexpected(events.error());
    return Outcome{std::move(*events), Effect::kDeleted, "", nullptr};
  };
}

}  // namespace factura::api::commands
