#include "projections/reports.h"

#include <algorithm>

namespace factura::projections {
namespace {

// Steps `statement` through its rows, calling `row` for each.
template <typename Row>
domain::Result<void> EachRow(Statement& statement, Row&& row) {
  while (true) {
    auto step = statement.Step();
    if (!step) return std::unexpected(step.error());
    if (!*step) return {};
    row(statement);
  }
}

// a × b / c rounded half away from zero, without overflow (c > 0).
int64_t MulDiv(int64_t a, int64_t b, int64_t c) {
  __int128 product = static_cast<__int128>(a) * b;
  __int128 half = c / 2;
  __int128 result = product >= 0 ? (product + half) / c : (product - half) / c;
  return static_cast<int64_t>(result);
}

std::string PeriodStart(const std::string& group_by) {
  if (group_by == "day") return "issue_date";
  if (group_by == "week") return "date(issue_date, '-6 days', 'weekday 1')";
  if (group_by == "month") return "substr(issue_date, 1, 7) || '-01'";
  if (group_by == "quarter") {
    return "substr(issue_date, 1, 5) || printf('%02d', ((CAST(substr(issue_date, 6, 2) AS "
           "INTEGER) - 1) / 3) * 3 + 1) || '-01'";
  }
  return "substr(issue_date, 1, 4) || '-01-01'";  // year
}

std::string PeriodEnd(const std::string& group_by, const std::string& start) {
  if (group_by == "day") return start;
  if (group_by == "week") return "date(" + start + ", '+6 days')";
  if (group_by == "month") return "date(" + start + ", '+1 month', '-1 day')";
  if (group_by == "quarter") return "date(" + start + ", '+3 months', '-1 day')";
  return "date(" + start + ", '+1 year', '-1 day')";
}

constexpr std::string_view kIssued = "status NOT IN ('draft', 'void', 'deleted')";

}  // namespace

domain::Result<std::vector<AgingCurrency>> AgingReport(
    Database& db, const std::string& organization_id, domain::Date as_of,
    const std::optional<std::string>& customer_id, const std::vector<int>& periods) {
  auto query = db.Prepare(
      "SELECT i.customer_id, i.customer_name, i.currency, i.due_date, SUM(m.amount) AS due "
      "FROM invoice_movements m JOIN invoices i ON i.org = m.org AND i.id = m.invoice_id "
      "WHERE m.org = (SELECT number FROM organizations WHERE id = ?1) "
      "AND m.on_date <= ?2 AND (?3 IS NULL OR i.customer_id = ?3) "
      "GROUP BY m.invoice_id HAVING SUM(m.kind = 'issued') > 0 AND due > 0");
  if (!query) return std::unexpected(query.error());
  query->Bind(1, organization_id).Bind(2, domain::FormatDate(as_of)).Bind(3, customer_id);
  std::map<std::string, std::map<std::string, AgingLine>> by_currency;  // currency → customer
  size_t buckets = periods.size() + 2;
  FACTURA_TRY(EachRow(*query, [&](Statement& row) {
    AgingLine& line = by_currency[std::string(row.Text(2))][std::string(row.Text(0))];
    if (line.buckets.empty()) {
      line.customer_id = row.Text(0);
      line.customer_name = row.Text(1);
      line.buckets.assign(buckets, 0);
      line.counts.assign(buckets, 0);
    }
    auto due_date = domain::ParseDate(row.Text(3));
    int64_t late = due_date ? as_of.days_since_epoch - due_date->days_since_epoch : 0;
    size_t bucket = 0;
    if (late > 0) {
      bucket = static_cast<size_t>(std::lower_bound(periods.begin(), periods.end(), late) -
                                   periods.begin() + 1);
    }
    line.buckets[bucket] += row.Int(4);
    ++line.counts[bucket];
    line.total_due += row.Int(4);
  }));
  std::vector<AgingCurrency> report;
  for (auto& [currency, customers] : by_currency) {
    AgingCurrency& section = report.emplace_back();
    section.currency = currency;
    section.summary.buckets.assign(buckets, 0);
    section.summary.counts.assign(buckets, 0);
    for (auto& [id, line] : customers) {
      for (size_t b = 0; b < buckets; ++b) {
        section.summary.buckets[b] += line.buckets[b];
        section.summary.counts[b] += line.counts[b];
      }
      section.summary.total_due += line.total_due;
      section.customers.push_back(std::move(line));
    }
    std::sort(section.customers.begin(), section.customers.end(), [](const auto& a, const auto& b) {
      return std::tie(a.customer_name, a.customer_id) < std::tie(b.customer_name, b.customer_id);
    });
  }
  return report;
}

domain::Result<std::vector<SalesRow>> SalesReport(Database& db, const std::string& organization_id,
                                                  domain::Date start, domain::Date end,
                                                  const std::string& group_by,
                                                  const std::optional<std::string>& currency,
                                                  const std::optional<std::string>& customer_id) {
  bool by_customer = group_by == "customer";
  std::string period = by_customer ? "customer_id" : PeriodStart(group_by);
  std::string period_end = by_customer ? "MAX(customer_name)" : PeriodEnd(group_by, period);
  auto query = db.Prepare(
      "SELECT " + period + " AS period, " + period_end +
      ", currency, COUNT(*), SUM(total), SUM(amount_paid), SUM(amount_due), "
      "SUM(amount_credited) "
      "FROM invoices "
      "WHERE org = (SELECT number FROM organizations WHERE id = ?1) AND " +
      std::string(kIssued) +
      " AND issue_date BETWEEN ?2 AND ?3 AND (?4 IS NULL OR currency = ?4) "
      "AND (?5 IS NULL OR customer_id = ?5) GROUP BY period, currency ORDER BY period, currency");
  if (!query) return std::unexpected(query.error());
  query->Bind(1, organization_id)
      .Bind(2, domain::FormatDate(start))
      .Bind(3, domain::FormatDate(end))
      .Bind(4, currency)
      .Bind(5, customer_id);
  std::vector<SalesRow> rows;
  FACTURA_TRY(EachRow(*query, [&](Statement& row) {
    rows.push_back({std::string(row.Text(0)), std::string(row.Text(1)), std::string(row.Text(2)),
                    row.Int(3), row.Int(4), row.Int(5), row.Int(6), row.Int(7)});
  }));
  return rows;
}

domain::Result<std::vector<TaxRow>> TaxReport(Database& db, const std::string& organization_id,
                                              domain::Date start, domain::Date end, bool cash_basis,
                                              const std::optional<std::string>& customer_id) {
  // One row per (invoice, tax); for the cash basis with what the period's payments collected.
  auto query = db.Prepare(
      "SELECT t.tax_key, t.tax_rate_id, t.name, r.type, t.rate, i.currency, t.taxable, t.tax, "
      "i.total, i.amount_credited, "
      "(SELECT COALESCE(-SUM(m.amount), 0) FROM invoice_movements m WHERE m.org = t.org "
      "AND m.invoice_id = t.invoice_id AND m.kind IN ('payment', 'refund') AND m.on_date BETWEEN "
      "?2 AND ?3) AS collected "
      "FROM invoice_taxes t JOIN invoices i ON i.org = t.org AND i.id = t.invoice_id "
      "LEFT JOIN tax_rates r ON r.org = t.org AND r.id = t.tax_rate_id "
      "WHERE t.org = (SELECT number FROM organizations WHERE id = ?1) "
      "AND i.status NOT IN ('draft', 'deleted') "
      "AND (?4 OR (i.status != 'void' AND i.issue_date BETWEEN ?2 AND ?3)) "
      "AND (?5 IS NULL OR i.customer_id = ?5) ORDER BY t.tax_key, i.currency");
  if (!query) return std::unexpected(query.error());
  query->Bind(1, organization_id)
      .Bind(2, domain::FormatDate(start))
      .Bind(3, domain::FormatDate(end))
      .Bind(4, int64_t{cash_basis})
      .Bind(5, customer_id);
  std::map<std::pair<std::string, std::string>, TaxRow> by_key;  // (tax key, currency)
  FACTURA_TRY(EachRow(*query, [&](Statement& row) {
    int64_t taxable = row.Int(6), tax = row.Int(7), total = row.Int(8), credited = row.Int(9),
            collected = row.Int(10);
    if (cash_basis) {
      if (collected == 0 || total <= 0) return;
      taxable = MulDiv(taxable, collected, total);
      tax = MulDiv(tax, collected, total);
    } else if (credited > 0 && total > 0) {
      // Credit notes give the tax back in proportion (domain/credit_note): what stands is the
      // share of the invoice not credited.
      taxable = MulDiv(taxable, total - credited, total);
      tax = MulDiv(tax, total - credited, total);
    }
    TaxRow& entry = by_key[{std::string(row.Text(0)), std::string(row.Text(5))}];
    if (entry.tax_key.empty()) {
      entry.tax_key = row.Text(0);
      if (!row.IsNull(1)) entry.tax_rate_id = std::string(row.Text(1));
      entry.name = row.Text(2);
      if (!row.IsNull(3)) entry.type = std::string(row.Text(3));
      entry.rate = row.Text(4);
      entry.currency = row.Text(5);
    }
    entry.taxable += taxable;
    entry.tax += tax;
    ++entry.invoice_count;
  }));
  std::vector<TaxRow> rows;
  for (auto& [key, row] : by_key) rows.push_back(std::move(row));
  return rows;
}

domain::Result<DashboardMetrics> Dashboard(Database& db, const std::string& organization_id,
                                           domain::Date today,
                                           const std::optional<std::string>& customer_id) {
  std::string month_start = domain::FormatDate(today).substr(0, 8) + "01";
  std::string today_text = domain::FormatDate(today);
  DashboardMetrics metrics;
  auto received = db.Prepare(
      "SELECT i.currency, -SUM(m.amount) FROM invoice_movements m "
      "JOIN invoices i ON i.org = m.org AND i.id = m.invoice_id "
      "WHERE m.org = (SELECT number FROM organizations WHERE id = ?1) "
      "AND m.kind IN ('payment', 'refund') AND m.on_date BETWEEN ?2 AND ?3 "
      "AND (?4 IS NULL OR i.customer_id = ?4) GROUP BY i.currency");
  if (!received) return std::unexpected(received.error());
  received->Bind(1, organization_id).Bind(2, month_start).Bind(3, today_text).Bind(4, customer_id);
  FACTURA_TRY(EachRow(*received, [&](Statement& row) {
    metrics.revenue_month_to_date[std::string(row.Text(0))] = row.Int(1);
  }));
  auto outstanding = db.Prepare(
      "SELECT currency, SUM(amount_due) FROM invoices "
      "WHERE org = (SELECT number FROM organizations WHERE id = ?1) "
      "AND status IN ('sent', 'partially_paid', 'overdue') AND (?2 IS NULL OR customer_id = ?2) "
      "GROUP BY currency");
  if (!outstanding) return std::unexpected(outstanding.error());
  outstanding->Bind(1, organization_id).Bind(2, customer_id);
  FACTURA_TRY(EachRow(*outstanding, [&](Statement& row) {
    metrics.outstanding[std::string(row.Text(0))] = row.Int(1);
  }));
  auto counts = db.Prepare(
      "WITH o(number) AS (SELECT number FROM organizations WHERE id = ?1) SELECT "
      "(SELECT COUNT(*) FROM customers WHERE org = (SELECT number FROM o) AND status = 'active' "
      "AND (?4 IS NULL OR id = ?4)), "
      "(SELECT COUNT(*) FROM invoice_movements WHERE org = (SELECT number FROM o) "
      "AND kind = 'issued' AND on_date BETWEEN ?2 AND ?3 AND (?4 IS NULL OR invoice_id IN "
      "(SELECT id FROM invoices WHERE org = (SELECT number FROM o) AND customer_id = ?4))), "
      "(SELECT COUNT(*) FROM invoices WHERE org = (SELECT number FROM o) AND status = 'paid' "
      "AND paid_on BETWEEN ?2 AND ?3 AND (?4 IS NULL OR customer_id = ?4)), "
      "(SELECT CAST(ROUND(AVG(julianday(paid_on) - julianday(issue_date))) AS INTEGER) FROM "
      "invoices WHERE org = (SELECT number FROM o) AND status = 'paid' AND paid_on IS NOT NULL "
      "AND (?4 IS NULL OR customer_id = ?4))");
  if (!counts) return std::unexpected(counts.error());
  counts->Bind(1, organization_id).Bind(2, month_start).Bind(3, today_text).Bind(4, customer_id);
  FACTURA_TRY(EachRow(*counts, [&](Statement& row) {
    metrics.active_customers = row.Int(0);
    metrics.invoices_sent_this_month = row.Int(1);
    metrics.invoices_paid_this_month = row.Int(2);
    if (!row.IsNull(3)) metrics.average_days_to_pay = row.Int(3);
  }));
  return metrics;
}

domain::Result<std::vector<MonthRevenue>> RevenueTrend(
    Database& db, const std::string& organization_id, domain::Date today, int months,
    const std::optional<std::string>& customer_id) {
  std::vector<MonthRevenue> trend;
  std::string current = domain::FormatDate(today).substr(0, 7);
  int year = std::stoi(current.substr(0, 4)), month = std::stoi(current.substr(5, 2));
  for (int i = months - 1; i >= 0; --i) {
    int index = year * 12 + (month - 1) - i;
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d", index / 12, index % 12 + 1);
    trend.push_back({text, {}, 0});
  }
  std::string first = trend.front().month + "-01";
  auto query = db.Prepare(
      "SELECT substr(m.on_date, 1, 7), i.currency, m.kind, SUM(m.amount), COUNT(*) FROM "
      "invoice_movements m JOIN invoices i ON i.org = m.org AND i.id = m.invoice_id "
      "WHERE m.org = (SELECT number FROM organizations WHERE id = ?1) "
      "AND m.on_date >= ?2 AND m.kind IN ('payment', 'refund', 'issued') "
      "AND (?3 IS NULL OR i.customer_id = ?3) GROUP BY 1, 2, 3");
  if (!query) return std::unexpected(query.error());
  query->Bind(1, organization_id).Bind(2, first).Bind(3, customer_id);
  FACTURA_TRY(EachRow(*query, [&](Statement& row) {
    auto entry = std::find_if(trend.begin(), trend.end(),
                              [&](const MonthRevenue& m) { return m.month == row.Text(0); });
    if (entry == trend.end()) return;  // after this month (dated ahead)
    if (row.Text(2) == "issued") {
      entry->invoice_count += row.Int(4);
    } else {
      entry->revenue[std::string(row.Text(1))] -= row.Int(3);
    }
  }));
  return trend;
}

domain::Result<std::map<std::string, StatusTotals>> InvoiceStatusBreakdown(
    Database& db, const std::string& organization_id,
    const std::optional<std::string>& customer_id) {
  auto query = db.Prepare(
      "SELECT status, currency, COUNT(*), SUM(total) FROM invoices "
      "WHERE org = (SELECT number FROM organizations WHERE id = ?1) AND status != 'deleted' "
      "AND (?2 IS NULL OR customer_id = ?2) GROUP BY status, currency");
  if (!query) return std::unexpected(query.error());
  query->Bind(1, organization_id).Bind(2, customer_id);
  std::map<std::string, StatusTotals> breakdown;
  FACTURA_TRY(EachRow(*query, [&](Statement& row) {
    StatusTotals& totals = breakdown[std::string(row.Text(0))];
    totals.count += row.Int(2);
    totals.total[std::string(row.Text(1))] += row.Int(3);
  }));
  return breakdown;
}

}  // namespace factura::projections
