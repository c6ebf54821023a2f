#include "domain/identity/roles.h"

#include <algorithm>
#include <array>

#include "domain/aggregate.h"
#include "domain/ids.h"
#include "domain/overloaded.h"
#include "domain/text.h"

namespace factura::domain {
namespace {

constexpr std::array<std::string_view, 1> kEverything = {"*:*"};
constexpr std::array<std::string_view, 7> kAccountant = {
    "customers:*",  "invoices:*",    "payments:*", "products:*",
    "reports:read", "settings:read", "events:read"};
constexpr std::array<std::string_view, 7> kSales = {
    "customers:*",   "invoices:read", "invoices:write", "invoices:send",
    "payments:read", "products:read", "reports:read"};
constexpr std::array<std::string_view, 1> kViewer = {"*:read"};
// Seed 002's customer: a user linked to one customer (Membership::customer_id), who reads that
// customer's invoices, payments and credit — and, whatever these say, nothing else: the routes a
// customer may call are listed in api/http/customer_scope.h, each filtered to the customer.
constexpr std::array<std::string_view, 5> kCustomer = {
    "invoices:read", "payments:read", "customers:read", "reports:read", "events:read"};

constexpr std::array<BuiltInRole, 6> kRoles = {{
    {"owner", "Owns the organization: everything, including its administrators", kEverything},
    {"admin", "Manages users, settings and every resource", kEverything},
    {"accountant", "Customers, invoices, payments, catalog and reports", kAccountant},
    {"sales", "Customers and invoices; reads payments", kSales},
    {"viewer", "Reads everything, changes nothing", kViewer},
    {"customer", "One customer's own invoices, payments, credit, reports and events, read-only",
     kCustomer},
}};

bool Matches(std::string_view pattern, std::string_view needed) {
  size_t p = pattern.find(':');
  size_t n = needed.find(':');
  if (p == std::string_view::npos || n == std::string_view::npos) return pattern == needed;
  std::string_view resource = pattern.substr(0, p);
  std::string_view action = pattern.substr(p + 1);
  return (resource == "*" || resource == needed.substr(0, n)) &&
         (action == "*" || action == needed.substr(n + 1));
}

}  // namespace

std::span<const BuiltInRole> BuiltInRoles() { return kRoles; }

const BuiltInRole* FindBuiltInRole(std::string_view name) {
  auto it = std::find_if(kRoles.begin(), kRoles.end(),
                         [&](const BuiltInRole& role) { return role.name == name; });
  return it == kRoles.end() ? nullptr : &*it;
}

std::vector<std::string> PermissionsOfRole(std::string_view role) {
  const BuiltInRole* found = FindBuiltInRole(role);
  if (found == nullptr) return {};
  return {found->permissions.begin(), found->permissions.end()};
}

bool Permits(std::span<const std::string> granted, std::string_view needed) {
  return std::any_of(granted.begin(), granted.end(),
                     [&](const std::string& pattern) { return Matches(pattern, needed); });
}

Result<void> ValidateAssignableRole(std::string_view role, std::string_view param) {
  if (HasIdPrefix(role, kRolePrefix) && ValidateId(role, kRolePrefix, param)) return {};
  if (role == "owner" || FindBuiltInRole(role) == nullptr) {
    return Invalid("invalid_role", std::string(param),
                   "Give one of the roles admin, accountant, sales, viewer or customer, or a "
                   "custom role's id");
  }
  return {};
}

Result<void> ValidateCustomerLink(std::string_view role,
                                  const std::optional<std::string>& customer_id) {
  if (role == "customer" && !customer_id) {
    return Invalid("customer_required", "customer_id",
                   "The customer role is for one customer's user: give the customer_id");
  }
  if (role != "customer" && customer_id) {
    return Invalid("customer_not_allowed", "customer_id",
                   "Only the customer role is linked to a customer");
  }
  if (customer_id) FACTURA_TRY(ValidateId(*customer_id, kCustomerPrefix, "customer_id"));
  return {};
}

namespace {

constexpr std::array<std::string_view, 10> kResources = {
    "*",        "customers", "events",   "invoices", "payments",
    "products", "reports",   "settings", "users",    "webhooks"};
constexpr std::array<std::string_view, 5> kActions = {"*", "read", "write", "send", "manage"};

template <typename List>
bool Contains(const List& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

std::unexpected<Error> RoleNotFound() {
  return Reject(ErrorKind::kNotFound, "role_not_found", "id", "No such role");
}

Result<void> ValidateRoleName(std::string_view name) {
  if (auto valid = ValidateRequiredText(name, "name", 100); !valid) return valid;
  if (FindBuiltInRole(name) != nullptr || name == "customer") {
    return Invalid("role_name_reserved", "name", "That is the name of a built-in role");
  }
  return {};
}

}  // namespace

Result<void> ValidatePermissions(const std::vector<std::string>& permissions) {
  if (permissions.empty()) {
    return Invalid("permissions_required", "permissions", "Give the role some permissions");
  }
  if (permissions.size() > kMaxRolePermissions) {
    return Invalid("too_many_permissions", "permissions",
                   "A role has at most " + std::to_string(kMaxRolePermissions) + " permissions");
  }
  for (size_t i = 0; i < permissions.size(); ++i) {
    std::string_view permission = permissions[i];
    size_t colon = permission.find(':');
    bool valid = colon != std::string_view::npos &&
                 Contains(kResources, permission.substr(0, colon)) &&
                 Contains(kActions, permission.substr(colon + 1));
    if (!valid) {
      return Invalid("invalid_permission", "permissions[" + std::to_string(i) + "]",
                     "'" + std::string(permission.substr(0, 60)) +
                         "' is not resource:action (e.g. invoices:read, invoices:*)");
    }
  }
  return {};
}

Result<Events> CreateRole(const RoleState& state, std::string role_id, std::string name,
                          std::string description, std::vector<std::string> permissions,
                          Timestamp now) {
  if (state.exists) return Reject(ErrorKind::kAlreadyExists, "role_exists", "id", "Role exists");
  FACTURA_TRY(ValidateRoleName(name));
  FACTURA_TRY(ValidateOptionalText(description, "description", 500));
  FACTURA_TRY(ValidatePermissions(permissions));
  return Events{RoleCreated{std::move(role_id), std::move(name), std::move(description),
                            std::move(permissions), now}};
}

Result<Events> UpdateRole(const RoleState& state, const std::optional<std::string>& name,
                          const std::optional<std::string>& description,
                          const std::optional<std::vector<std::string>>& permissions,
                          Timestamp now) {
  if (!state.exists || state.deleted) return RoleNotFound();
  RoleUpdated update{state.id, {}, {}, std::nullopt, now};
  if (name && *name != state.name) {
    FACTURA_TRY(ValidateRoleName(*name));
    update.name = Patch<std::string>::Set(*name);
  }
  if (description && *description != state.description) {
    FACTURA_TRY(ValidateOptionalText(*description, "description", 500));
    update.description = Patch<std::string>::Set(*description);
  }
  if (permissions && *permissions != state.permissions) {
    FACTURA_TRY(ValidatePermissions(*permissions));
    update.permissions = *permissions;
  }
  if (update.name.omitted() && update.description.omitted() && !update.permissions) {
    return Events{};
  }
  return Events{std::move(update)};
}

Result<Events> DeleteRole(const RoleState& state, Timestamp now) {
  if (!state.exists || state.deleted) return RoleNotFound();
  return Events{RoleDeleted{state.id, now}};
}

RoleState Evolve(RoleState state, const Event& event) {
  return FoldOwnEvent(std::move(state), event,
                      Overloaded{
                          [](RoleState& s, const RoleCreated& e) {
                            s.exists = true;
                            s.id = e.role_id;
                            s.name = e.name;
                            s.description = e.description;
                            s.permissions = e.permissions;
                            s.created_at = e.at;
                          },
                          [](RoleState& s, const RoleUpdated& e) {
                            if (e.name.sets()) s.name = e.name.value();
                            if (e.description.sets()) s.description = e.description.value();
                            if (e.permissions) s.permissions = *e.permissions;
                          },
                          [](RoleState& s, const RoleDeleted&) { s.deleted = true; },
                      });
}

}  // namespace factura::domain
