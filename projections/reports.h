#pragma once
// Reports over the read models (seed 000 §4.5, seed 002's dashboard). Amounts stay in minor units
// and per currency: different currencies are never added together. A `customer_id` narrows a
// report to that customer's invoices (a customer user's reports: api/http/customer_scope.h).
//
//   auto aging = AgingReport(db, org, as_of, std::nullopt, {30, 60, 90});

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.h"
#include "projections/sqlite.h"

namespace factura::projections {

// --- Accounts receivable aging, as of any date.
struct AgingLine {
  std::string customer_id;
  std::string customer_name;
  std::vector<int64_t> buckets;  // current, then one per period, then over the last
  std::vector<int64_t> counts;   // how many invoices in each bucket
  int64_t total_due = 0;
};
struct AgingCurrency {
  std::string currency;
  AgingLine summary;
  std::vector<AgingLine> customers;  // by name, then id
};
// Invoices issued by `as_of`, with what was due on that date (payments, refunds, voids and
// credit notes up to it), bucketed by days past due. `periods` ascending, positive.
[[nodiscard]] domain::Result<std::vector<AgingCurrency>> AgingReport(
    Database& db, const std::string& organization_id, domain::Date as_of,
    const std::optional<std::string>& customer_id, const std::vector<int>& periods);

// --- Sales by period or customer, over issued (not voided) invoices by issue date.
struct SalesRow {
  std::string period;      // the period's first day, or the customer id
  std::string period_end;  // the period's last day, or the customer name
  std::string currency;
  int64_t invoices_count = 0;
  int64_t total_invoiced = 0;
  int64_t total_paid = 0;
  int64_t total_outstanding = 0;
  int64_t total_credited = 0;  // credit notes against the row's invoices
};
// `group_by`: day, week (from Monday), month, quarter, year, customer.
[[nodiscard]] domain::Result<std::vector<SalesRow>> SalesReport(
    Database& db, const std::string& organization_id, domain::Date start, domain::Date end,
    const std::string& group_by, const std::optional<std::string>& currency,
    const std::optional<std::string>& customer_id);

// --- Tax by rate: accrual (invoices issued in the period) or cash (the share of each invoice's
// tax that its payments in the period collected, net of refunds).
struct TaxRow {
  std::string tax_key;  // the tax rate id, or "inline:<rate>"
  std::optional<std::string> tax_rate_id;
  std::string name;
  std::optional<std::string> type;
  std::string rate;
  std::string currency;
  int64_t taxable = 0;
  int64_t tax = 0;
  int64_t invoice_count = 0;
};
[[nodiscard]] domain::Result<std::vector<TaxRow>> TaxReport(
    Database& db, const std::string& organization_id, domain::Date start, domain::Date end,
    bool cash_basis, const std::optional<std::string>& customer_id);

// --- Dashboard (seed 002).
struct DashboardMetrics {
  std::map<std::string, int64_t> revenue_month_to_date;  // currency → received this month
  std::map<std::string, int64_t> outstanding;            // currency → due on open invoices
  int64_t active_customers = 0;
  int64_t invoices_sent_this_month = 0;
  int64_t invoices_paid_this_month = 0;
  std::optional<int64_t> average_days_to_pay;
};
[[nodiscard]] domain::Result<DashboardMetrics> Dashboard(
    Database& db, const std::string& organization_id, domain::Date today,
    const std::optional<std::string>& customer_id);

struct MonthRevenue {
  std::string month;                       // YYYY-MM
  std::map<std::string, int64_t> revenue;  // currency → received
  int64_t invoice_count = 0;               // issued that month
};
// The last `months` months up to today's, oldest first, each present even when empty.
[[nodiscard]] domain::Result<std::vector<MonthRevenue>> RevenueTrend(
    Database& db, const std::string& organization_id, domain::Date today, int months,
    const std::optional<std::string>& customer_id);

struct StatusTotals {
  int64_t count = 0;
  std::map<std::string, int64_t> total;  // currency → total of the invoices
};
// status → totals, for every status that has invoices (deleted drafts excluded).
[[nodiscard]] domain::Result<std::map<std::string, StatusTotals>> InvoiceStatusBreakdown(
    Database& db, const std::string& organization_id,
    const std::optional<std::string>& customer_id);

}  // namespace factura::projections
