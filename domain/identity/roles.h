#pragma once
// Roles and permissions (seeds 002, 003, 004). A permission is `resource:action`, the vocabulary
// of API-key scopes (`invoices:read`), with `*` for any resource or any action (`invoices:*`,
// `*:read`, `*:*`). A route needs one permission; a role grants a list.
//
//   if (!Permits(PermissionsOfRole("sales"), "invoices:send")) → 403

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"
#include "domain/events.h"

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

// A role an administrator may give: any built-in one but owner, or a custom role's id
// (`role_…`, whose existence in the organization the caller checks). Errors: `invalid_role`.
[[nodiscard]] Result<void> ValidateAssignableRole(std::string_view role, std::string_view param);

// A user has a customer exactly when their role is `customer`. Errors: 422 `customer_required`,
// `customer_not_allowed` (param `customer_id`).
[[nodiscard]] Result<void> ValidateCustomerLink(std::string_view role,
                                                const std::optional<std::string>& customer_id);

// Each `resource:action` of the API's vocabulary (or `*` for either part). Errors:
// `invalid_permission` (param `permissions[i]`), `permissions_required`.
[[nodiscard]] Result<void> ValidatePermissions(const std::vector<std::string>& permissions);

// An organization's custom role (seed 004 /roles): a name for a list of permissions.
struct RoleState {
  bool exists = false;
  bool deleted = false;
  uint64_t version = 0;
  std::string id;
  std::string name;
  std::string description;
  std::vector<std::string> permissions;
  Timestamp created_at;
  Timestamp updated_at;
};

inline constexpr size_t kMaxRolePermissions = 64;

// Errors: field errors on `name` (a built-in role's name is taken: `role_name_reserved`),
// `description`, `permissions`.
[[nodiscard]] Result<Events> CreateRole(const RoleState& state, std::string role_id,
                                        std::string name, std::string description,
                                        std::vector<std::string> permissions, Timestamp now);
// Errors: `role_not_found`, field errors as above.
[[nodiscard]] Result<Events> UpdateRole(const RoleState& state,
                                        const std::optional<std::string>& name,
                                        const std::optional<std::string>& description,
                                        const std::optional<std::vector<std::string>>& permissions,
                                        Timestamp now);
[[nodiscard]] Result<Events> DeleteRole(const RoleState& state, Timestamp now);

RoleState Evolve(RoleState state, const Event& event);

}  // namespace factura::domain
