#include "api/http/customer_scope.h"

#include <algorithm>
#include <array>

namespace factura::api {
namespace {

constexpr std::array<std::string_view, 20> kCustomerRoutes = {"me",
                                                              "organizations.list",
                                                              "auth.logout",
                                                              "auth.password_change",
                                                              "invoices.list",
                                                              "invoices.retrieve",
                                                              "payments.list",
                                                              "payments.retrieve",
                                                              "credit_notes.list",
                                                              "credit_notes.retrieve",
                                                              "customers.retrieve",
                                                              "reports.aging",
                                                              "reports.sales",
                                                              "reports.tax",
                                                              "dashboard.metrics",
                                                              "dashboard.revenue_trend",
                                                              "dashboard.invoice_status",
                                                              "events.list",
                                                              "events.retrieve",
                                                              "events.stream"};

}  // namespace

bool CustomerMayCall(const ApiKeyGrant& grant, std::string_view route_name,
                     const std::map<std::string, std::string, std::less<>>& params) {
  if (grant.customer_id.empty()) return true;
  if (route_name == "customers.retrieve" || route_name == "customers.invoices") {
    auto id = params.find("id");
    return id != params.end() && id->second == grant.customer_id;
  }
  return std::find(kCustomerRoutes.begin(), kCustomerRoutes.end(), route_name) !=
         kCustomerRoutes.end();
}

bool Sees(const ApiKeyGrant& grant, std::string_view customer_id) {
  return grant.customer_id.empty() || grant.customer_id == customer_id;
}

std::optional<std::string> ConfinedTo(const ApiKeyGrant& grant) {
  if (grant.customer_id.empty()) return std::nullopt;
  return grant.customer_id;
}

}  // namespace factura::api
