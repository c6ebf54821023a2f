#pragma once
// Commands on the caller's organization's custom roles (its own tenant).

#include <optional>
#include <string>
#include <vector>

#include "api/command_processor.h"
#include "domain/identity/roles.h"

namespace factura::api::commands {

// Effect: kCreated. Errors: the decision's.
[[nodiscard]] Command CreateRole(std::string name, std::string description,
                                 std::vector<std::string> permissions);
// Effect: kChanged. Errors: 404 `role_not_found`, the decision's.
[[nodiscard]] Command UpdateRole(std::string id, std::optional<std::string> name,
                                 std::optional<std::string> description,
                                 std::optional<std::vector<std::string>> permissions);
// Effect: kDeleted. Errors: 404 `role_not_found`.
[[nodiscard]] Command DeleteRole(std::string id);

// A custom role as the API shows it (built-in ones: RoleJson of a state named after them).
[[nodiscard]] std::string RoleJson(const domain::RoleState& role, bool built_in);

}  // namespace factura::api::commands
