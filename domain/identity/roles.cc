#include "domain/identity/roles.h"

#include <algorithm>
#include <array>

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

// The `customer` role of seed 002 is not offered yet: it needs every list, read, report and
// stream filtered to the user's own customer, which is not built (issue 18's note).
constexpr std::array<BuiltInRole, 5> kRoles = {{
    {"owner", "Owns the organization: everything, including its administrators", kEverything},
    {"admin", "Manages users, settings and every resource", kEverything},
    {"accountant", "Customers, invoices, payments, catalog and reports", kAccountant},
    {"sales", "Customers and invoices; reads payments", kSales},
    {"viewer", "Reads everything, changes nothing", kViewer},
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
  if (role == "owner" || FindBuiltInRole(role) == nullptr) {
    return Invalid("invalid_role", std::string(param),
                   "Give one of the roles admin, accountant, sales or viewer");
  }
  return {};
}

}  // namespace factura::domain
