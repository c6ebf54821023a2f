#pragma once
// Roles and permissions (seeds 002, 003, 004). A permission is `resource:action`, the vocabulary
// of API-key scopes (`invoices:read`), with `*` for any resource or any action (`invoices:*`,
// `*:read`, `*:*`). A route needs one permission; a role grants a list.
//
//   if (!Permits(PermissionsOfRole("sales"), "invoices:send")) → 403

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"

namespace factura::domain {

struct BuiltInRole {
  std::string_view name;
  std::string_view description;
  std::span<const std::string_view> permissions;
};

// owner, admin, accountant, sales, viewer.
[[nodiscard]] std::span<const BuiltInRole> BuiltInRoles();
// Nullptr for a name that is not a built-in role.
[[nodiscard]] const BuiltInRole* FindBuiltInRole(std::string_view name);

// The permissions the role grants (empty for an unknown role).
[[nodiscard]] std::vector<std::string> PermissionsOfRole(std::string_view role);

// Whether `granted` holds `needed`, wildcards included.
[[nodiscard]] bool Permits(std::span<const std::string> granted, std::string_view needed);

// A role an administrator may give (any built-in one but owner). Errors: `invalid_role` (param).
[[nodiscard]] Result<void> ValidateAssignableRole(std::string_view role, std::string_view param);

}  // namespace factura::domain
