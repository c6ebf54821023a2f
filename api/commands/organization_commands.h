#pragma once
// Commands on the caller's organization: its settings (name, currency, numbering, terms).

#include <cstdint>
#include <optional>

#include "api/command_processor.h"
#include "domain/organization/organization.h"

namespace factura::api::commands {

// A new organization whose id is the command's tenant (CommandMeta::organization_id), for a user
// who registers without joining one. Effect: kCreated. Errors: the decision's.
[[nodiscard]] Command CreateOrganization(domain::CreateOrganization command);

// Changes the caller's organization's settings, guarded by `expected` (If-Match) when given.
// Effect: kChanged. Errors: kConflict `version_mismatch`, the decision's.
[[nodiscard]] Command UpdateOrganization(domain::UpdateOrganizationSettings command,
                                         std::optional<uint64_t> expected);

}  // namespace factura::api::commands
