// Reports and dashboard (seed 000 §4.5, seed 002): parameters checked here, figures computed by
// projections/reports.h over the read models, amounts rendered in each currency's digits.
#include <charconv>

#include "api/http/app.h"
#include "api/http/customer_scope.h"
#include "api/http/json_writer.h"
#include "api/http/route_support.h"
#include "domain/date.h"
#include "domain/money.h"
#include "projections/reports.h"

namespace factura::api {
namespace {

using Names = std::set<std::string, std::less<>>;

void Amount(JsonWriter& json, int64_t minor, std::string_view currency) {
  auto known = domain::FindCurrency(currency);
  if (known) {
    json.RawNumber(domain::FormatAmount(minor, *known));
  } else {
    json.Int(minor);
  }
}

// [{"currency": …, "amount": …}, …]
void Amounts(JsonWriter& json, const std::map<std::string, int64_t>& by_currency) {
  json.BeginArray();
  for (const auto& [currency, minor] : by_currency) {
    json.BeginObject().Key("currency").String(currency).Key("amount");
    Amount(json, minor, currency);
    json.EndObject();
  }
  json.EndArray();
}

domain::Result<domain::Date> DateParameter(const HttpRequest& request, const std::string& name,
                                           std::optional<domain::Date> fallback) {
  auto text = QueryParameter(request, name);
  if (!text) {
    if (fallback) return *fallback;
    return domain::Invalid("missing_parameter", name, "This parameter is required");
  }
  auto date = domain::ParseDate(*text);
  if (!date) return domain::Invalid("invalid_date", name, "Expected a date YYYY-MM-DD");
  return *date;
}

domain::Result<std::pair<domain::Date, domain::Date>> DateRange(const HttpRequest& request) {
  auto start = DateParameter(request, "start_date", std::nullopt);
  if (!start) return std::unexpected(start.error());
  auto end = DateParameter(request, "end_date", std::nullopt);
  if (!end) return std::unexpected(end.error());
  if (end->days_since_epoch < start->days_since_epoch) {
    return domain::Invalid("invalid_date_range", "end_date", "end_date is before start_date");
  }
  if (end->days_since_epoch - start->days_since_epoch > 3660) {
    return domain::Invalid("invalid_date_range", "end_date", "At most ten years at once");
  }
  return std::pair{*start, *end};
}

// "30,60,90" → {30, 60, 90}: ascending, positive, at most 10.
domain::Result<std::vector<int>> AgingPeriods(const HttpRequest& request) {
  std::string text = QueryParameter(request, "aging_periods").value_or("30,60,90");
  std::vector<int> periods;
  for (size_t at = 0; at <= text.size();) {
    size_t comma = std::min(text.find(',', at), text.size());
    int days = 0;
    auto [end, error] = std::from_chars(text.data() + at, text.data() + comma, days);
    if (error != std::errc() || end != text.data() + comma || days < 1 || days > 3650 ||
        (!periods.empty() && days <= periods.back()) || periods.size() == 10) {
      return domain::Invalid("invalid_aging_periods", "aging_periods",
                             "Give up to 10 increasing day counts, e.g. 30,60,90");
    }
    periods.push_back(days);
    at = comma + 1;
  }
  return periods;
}

// Bucket names of seed 000 §4.5.1: current, 1_30_days, 31_60_days, …, over_90_days.
std::vector<std::string> BucketNames(const std::vector<int>& periods) {
  std::vector<std::string> names{"current"};
  int from = 1;
  for (int days : periods) {
    names.push_back(std::to_string(from) + "_" + std::to_string(days) + "_days");
    from = days + 1;
  }
  names.push_back("over_" + std::to_string(periods.back()) + "_days");
  return names;
}

void WriteAgingLine(JsonWriter& json, const projections::AgingLine& line,
                    const std::vector<std::string>& names, std::string_view currency,
                    bool with_customer) {
  json.BeginObject();
  if (with_customer) {
    json.Key("customer_id").String(line.customer_id);
    json.Key("customer_name").String(line.customer_name);
  }
  for (size_t b = 0; b < names.size(); ++b) {
    json.Key(names[b]);
    Amount(json, line.buckets[b], currency);
  }
  json.Key("total_due");
  Amount(json, line.total_due, currency);
  // How many invoices each bucket holds (seed 002's `count`), beside the amounts.
  json.Key("counts").BeginObject();
  for (size_t b = 0; b < names.size() && b < line.counts.size(); ++b) {
    json.Key(names[b]).Int(line.counts[b]);
  }
  json.EndObject();
  json.EndObject();
}

void WriteAgingSection(JsonWriter& json, const projections::AgingCurrency& section,
                       const std::vector<std::string>& names) {
  json.Key("currency").String(section.currency);
  json.Key("summary");
  WriteAgingLine(json, section.summary, names, section.currency, false);
  json.Key("customers").BeginArray();
  for (const auto& line : section.customers) {
    WriteAgingLine(json, line, names, section.currency, true);
  }
  json.EndArray();
}

}  // namespace

asio::awaitable<domain::Result<std::string>> App::SummaryCurrency(
    RequestContext& context, const std::optional<std::string>& asked) {
  if (asked) co_return *asked;
  auto organization =
      co_await ReadDurable<domain::OrganizationState>(context, context.grant.organization_id);
  if (!organization) co_return std::unexpected(organization.error());
  co_return std::string((*organization)->default_currency.code());
}

void App::DeclareReportRoutes() {
  router_.Add(http::verb::get, "/v1/reports/aging", "reports.aging", "reports:read",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                static const Names kNames{"as_of_date", "customer_id", "aging_periods", "currency",
                                          "min_position"};
                const HttpRequest& request = context.request;
                if (auto known = RejectUnknownQueryParameters(request, {&kNames}); !known) {
                  co_return Error(known.error());
                }
                auto as_of = DateParameter(request, "as_of_date", domain::UtcDateOf(Now()));
                if (!as_of) co_return Error(as_of.error());
                auto periods = AgingPeriods(request);
                if (!periods) co_return Error(periods.error());
                std::optional<std::string> customer = QueryParameter(request, "customer_id");
                // A customer user's aging is their own statement (customer_scope.h).
                if (auto confined = ConfinedTo(context.grant)) customer = confined;
                std::optional<std::string> currency = QueryParameter(request, "currency");
                std::string organization = context.grant.organization_id;
                auto fallback = co_await SummaryCurrency(context, currency);
                if (!fallback) co_return Error(fallback.error());
                Query query = [=, as_of = *as_of, periods = *periods](
                                  projections::Database& db) -> domain::Result<std::string> {
                  auto report =
                      projections::AgingReport(db, organization, as_of, customer, periods);
                  if (!report) return std::unexpected(report.error());
                  std::erase_if(*report,
                                [&](const auto& s) { return currency && s.currency != *currency; });
                  std::vector<std::string> names = BucketNames(periods);
                  JsonWriter json;
                  json.BeginObject().Key("object").String("aging_report");
                  json.Key("as_of_date").String(domain::FormatDate(as_of));
                  json.Key("aging_periods").BeginArray().Int(0);
                  for (int days : periods) json.Int(days);
                  json.EndArray();
                  // The seed's shape when the receivables are in one currency (or one was asked
                  // for); nothing owed: zeros in the organization's currency (or the one asked).
                  if (report->size() == 1) WriteAgingSection(json, report->front(), names);
                  if (report->empty()) {
                    projections::AgingCurrency none{*fallback, {}, {}};
                    none.summary.buckets.assign(names.size(), 0);
                    none.summary.counts.assign(names.size(), 0);
                    WriteAgingSection(json, none, names);
                  }
                  json.Key("by_currency").BeginArray();
                  for (const auto& section : *report) {
                    json.BeginObject();
                    WriteAgingSection(json, section, names);
                    json.EndObject();
                  }
                  json.EndArray().EndObject();
                  return std::move(json).Take();
                };
                ApiResponse response = co_await QueryReadModels(context, std::move(query));
                co_return response;
              });

  router_.Add(
      http::verb::get, "/v1/reports/sales", "reports.sales", "reports:read",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        static const Names kNames{"start_date", "end_date", "group_by", "currency", "min_position"};
        static const Names kGroups{"day", "week", "month", "quarter", "year", "customer"};
        const HttpRequest& request = context.request;
        if (auto known = RejectUnknownQueryParameters(request, {&kNames}); !known) {
          co_return Error(known.error());
        }
        auto range = DateRange(request);
        if (!range) co_return Error(range.error());
        std::string group_by = QueryParameter(request, "group_by").value_or("month");
        if (!kGroups.contains(group_by)) {
          co_return Error(domain::Invalid("invalid_group_by", "group_by",
                                          "Group by day, week, month, quarter, year or customer")
                              .error());
        }
        std::optional<std::string> currency = QueryParameter(request, "currency");
        std::string organization = context.grant.organization_id;
        std::optional<std::string> customer = ConfinedTo(context.grant);
        auto fallback = co_await SummaryCurrency(context, currency);
        if (!fallback) co_return Error(fallback.error());
        Query query = [=, fallback = *fallback,
                       range = *range](projections::Database& db) -> domain::Result<std::string> {
          auto rows = projections::SalesReport(db, organization, range.first, range.second,
                                               group_by, currency, customer);
          if (!rows) return std::unexpected(rows.error());
          std::map<std::string, std::array<int64_t, 4>> summary;  // currency → totals
          JsonWriter json;
          json.BeginObject().Key("object").String("sales_report");
          json.Key("start_date").String(domain::FormatDate(range.first));
          json.Key("end_date").String(domain::FormatDate(range.second));
          json.Key("currency").StringOrNull(currency);
          json.Key("group_by").String(group_by);
          json.Key("data").BeginArray();
          for (const auto& row : *rows) {
            json.BeginObject();
            if (group_by == "customer") {
              json.Key("customer_id")
                  .String(row.period)
                  .Key("customer_name")
                  .String(row.period_end);
            } else {
              json.Key("period").String(row.period).Key("period_end").String(row.period_end);
            }
            json.Key("currency").String(row.currency);
            json.Key("invoices_count").Int(row.invoices_count);
            json.Key("total_invoiced");
            Amount(json, row.total_invoiced, row.currency);
            json.Key("total_paid");
            Amount(json, row.total_paid, row.currency);
            json.Key("total_outstanding");
            Amount(json, row.total_outstanding, row.currency);
            json.Key("total_credited");
            Amount(json, row.total_credited, row.currency);
            json.EndObject();
            auto& totals = summary[row.currency];
            totals[0] += row.total_invoiced;
            totals[1] += row.total_paid;
            totals[2] += row.total_outstanding;
            totals[3] += row.total_credited;
          }
          json.EndArray();
          auto write_totals = [&](const std::string& code, const std::array<int64_t, 4>& totals) {
            json.BeginObject().Key("currency").String(code);
            json.Key("total_invoiced");
            Amount(json, totals[0], code);
            json.Key("total_paid");
            Amount(json, totals[1], code);
            json.Key("total_outstanding");
            Amount(json, totals[2], code);
            json.Key("total_credited");
            Amount(json, totals[3], code);
            json.EndObject();
          };
          // The seed's object when one currency is involved (nothing invoiced: zeros in the
          // organization's); every currency beside it.
          if (summary.size() <= 1) {
            json.Key("summary");
            write_totals(summary.empty() ? fallback : summary.begin()->first,
                         summary.empty() ? std::array<int64_t, 4>{} : summary.begin()->second);
          }
          json.Key("by_currency").BeginArray();
          for (const auto& [code, totals] : summary) write_totals(code, totals);
          json.EndArray().EndObject();
          return std::move(json).Take();
        };
        ApiResponse response = co_await QueryReadModels(context, std::move(query));
        co_return response;
      });

  router_.Add(
      http::verb::get, "/v1/reports/tax", "reports.tax", "reports:read",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        static const Names kNames{"start_date", "end_date", "basis", "min_position"};
        const HttpRequest& request = context.request;
        if (auto known = RejectUnknownQueryParameters(request, {&kNames}); !known) {
          co_return Error(known.error());
        }
        auto range = DateRange(request);
        if (!range) co_return Error(range.error());
        std::string basis = QueryParameter(request, "basis").value_or("accrual");
        if (basis != "accrual" && basis != "cash") {
          co_return Error(
              domain::Invalid("invalid_basis", "basis", "Basis is accrual or cash").error());
        }
        std::string organization = context.grant.organization_id;
        std::optional<std::string> customer = ConfinedTo(context.grant);
        auto fallback = co_await SummaryCurrency(context, std::nullopt);
        if (!fallback) co_return Error(fallback.error());
        Query query = [=, fallback = *fallback,
                       range = *range](projections::Database& db) -> domain::Result<std::string> {
          auto rows = projections::TaxReport(db, organization, range.first, range.second,
                                             basis == "cash", customer);
          if (!rows) return std::unexpected(rows.error());
          std::map<std::string, std::pair<int64_t, int64_t>> summary;  // currency → sales, tax
          JsonWriter json;
          json.BeginObject().Key("object").String("tax_report");
          json.Key("start_date").String(domain::FormatDate(range.first));
          json.Key("end_date").String(domain::FormatDate(range.second));
          json.Key("basis").String(basis);
          json.Key("tax_profiles").BeginArray();
          for (const auto& row : *rows) {
            json.BeginObject();
            json.Key("tax_profile_id").StringOrNull(row.tax_rate_id);
            json.Key("name").String(row.name);
            json.Key("type").StringOrNull(row.type);
            json.Key("rate").RawNumber(row.rate);
            json.Key("currency").String(row.currency);
            json.Key("total_sales");
            Amount(json, row.taxable, row.currency);
            json.Key("total_tax_collected");
            Amount(json, row.tax, row.currency);
            json.Key("invoice_count").Int(row.invoice_count);
            json.EndObject();
            summary[row.currency].first += row.taxable;
            summary[row.currency].second += row.tax;
          }
          json.EndArray();
          auto write_totals = [&](const std::string& code,
                                  const std::pair<int64_t, int64_t>& totals) {
            json.BeginObject().Key("currency").String(code).Key("total_sales");
            Amount(json, totals.first, code);
            json.Key("total_tax_collected");
            Amount(json, totals.second, code);
            json.EndObject();
          };
          // The seed's object when one currency is involved (no tax: zeros in the organization's
          // currency); every currency beside it.
          if (summary.size() <= 1) {
            json.Key("summary");
            write_totals(summary.empty() ? fallback : summary.begin()->first,
                         summary.empty() ? std::pair<int64_t, int64_t>{} : summary.begin()->second);
          }
          json.Key("by_currency").BeginArray();
          for (const auto& [code, totals] : summary) write_totals(code, totals);
          json.EndArray().EndObject();
          return std::move(json).Take();
        };
        ApiResponse response = co_await QueryReadModels(context, std::move(query));
        co_return response;
      });

  router_.Add(http::verb::get, "/v1/dashboard/metrics", "dashboard.metrics", "reports:read",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                static const Names kNames{"min_position"};
                if (auto known = RejectUnknownQueryParameters(context.request, {&kNames}); !known) {
                  co_return Error(known.error());
                }
                std::string organization = context.grant.organization_id;
                std::optional<std::string> customer = ConfinedTo(context.grant);
                domain::Date today = domain::UtcDateOf(Now());
                Query query = [=](projections::Database& db) -> domain::Result<std::string> {
                  auto metrics = projections::Dashboard(db, organization, today, customer);
                  if (!metrics) return std::unexpected(metrics.error());
                  JsonWriter json;
                  json.BeginObject().Key("object").String("dashboard_metrics");
                  json.Key("revenue_month_to_date");
                  Amounts(json, metrics->revenue_month_to_date);
                  json.Key("outstanding_invoices");
                  Amounts(json, metrics->outstanding);
                  json.Key("active_customers").Int(metrics->active_customers);
                  json.Key("invoices_sent_this_month").Int(metrics->invoices_sent_this_month);
                  json.Key("invoices_paid_this_month").Int(metrics->invoices_paid_this_month);
                  json.Key("average_days_to_pay").IntOrNull(metrics->average_days_to_pay);
                  json.EndObject();
                  return std::move(json).Take();
                };
                ApiResponse response = co_await QueryReadModels(context, std::move(query));
                co_return response;
              });

  router_.Add(
      http::verb::get, "/v1/dashboard/revenue-trend", "dashboard.revenue_trend", "reports:read",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        static const Names kNames{"months", "min_position"};
        if (auto known = RejectUnknownQueryParameters(context.request, {&kNames}); !known) {
          co_return Error(known.error());
        }
        int months = 12;
        if (auto text = QueryParameter(context.request, "months")) {
          auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), months);
          if (error != std::errc() || end != text->data() + text->size() || months < 1 ||
              months > 120) {
            co_return Error(
                domain::Invalid("invalid_months", "months", "Give 1 to 120 months").error());
          }
        }
        std::string organization = context.grant.organization_id;
        std::optional<std::string> customer = ConfinedTo(context.grant);
        domain::Date today = domain::UtcDateOf(Now());
        Query query = [=](projections::Database& db) -> domain::Result<std::string> {
          auto trend = projections::RevenueTrend(db, organization, today, months, customer);
          if (!trend) return std::unexpected(trend.error());
          JsonWriter json;
          json.BeginObject().Key("object").String("revenue_trend").Key("data").BeginArray();
          for (const auto& month : *trend) {
            json.BeginObject().Key("month").String(month.month).Key("revenue");
            Amounts(json, month.revenue);
            json.Key("invoice_count").Int(month.invoice_count).EndObject();
          }
          json.EndArray().EndObject();
          return std::move(json).Take();
        };
        ApiResponse response = co_await QueryReadModels(context, std::move(query));
        co_return response;
      });

  router_.Add(http::verb::get, "/v1/dashboard/invoice-status", "dashboard.invoice_status",
              "reports:read", [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                static const Names kNames{"min_position"};
                if (auto known = RejectUnknownQueryParameters(context.request, {&kNames}); !known) {
                  co_return Error(known.error());
                }
                std::string organization = context.grant.organization_id;
                std::optional<std::string> customer = ConfinedTo(context.grant);
                Query query = [=](projections::Database& db) -> domain::Result<std::string> {
                  auto breakdown = projections::InvoiceStatusBreakdown(db, organization, customer);
                  if (!breakdown) return std::unexpected(breakdown.error());
                  JsonWriter json;
                  json.BeginObject().Key("object").String("invoice_status_breakdown");
                  for (const char* status : {"draft", "sent", "partially_paid", "paid", "overdue",
                                             "void", "uncollectible", "refunded"}) {
                    auto it = breakdown->find(status);
                    json.Key(status).BeginObject().Key("count").Int(
                        it == breakdown->end() ? 0 : it->second.count);
                    json.Key("total_amount");
                    Amounts(json, it == breakdown->end() ? std::map<std::string, int64_t>{}
                                                         : it->second.total);
                    json.EndObject();
                  }
                  json.EndObject();
                  return std::move(json).Take();
                };
                ApiResponse response = co_await QueryReadModels(context, std::move(query));
                co_return response;
              });
}

}  // namespace factura::api
