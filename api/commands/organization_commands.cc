#include "api/commands/organization_commands.h"

#include "api/aggregate_reader.h"
#include "api/commands/command_support.h"
#include "api/render.h"

namespace factura::api::commands {

Command CreateOrganization(domain::CreateOrganization command) {
  return [command = std::move(command)](Workspace& ws) -> domain::Result<Outcome> {
    const std::string& id = ws.meta().organization_id;
    auto state = ws.Load<domain::OrganizationState>(id);
    if (!state) return std::unexpected(state.error());
    auto events = domain::Decide(**state, command, {ws.now(), id});
    if (!events) return std::unexpected(events.error());
    domain::OrganizationState after = FoldEvents(**state, *events);
    return Deferred(std::move(*events), Effect::kCreated, std::move(after), OrganizationJson);
  };
}

Command UpdateOrganization(domain::UpdateOrganizationSettings command,
                           std::optional<uint64_t> expected) {
  return [command = std::move(command), expected](Workspace& ws) -> domain::Result<Outcome> {
    auto state = ws.Load<domain::OrganizationState>(ws.meta().organization_id);
    if (!state) return std::unexpected(state.error());
    FACTURA_TRY(CheckVersion(expected, (*state)->version));
    auto events = domain::Decide(**state, command, {ws.now(), ""});
    if (!events) return std::unexpected(events.error());
    domain::OrganizationState after = FoldEvents(**state, *events);
    return Deferred(std::move(*events), Effect::kChanged, std::move(after), OrganizationJson);
  };
}

}  // namespace factura::api::commands
