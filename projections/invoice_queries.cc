#include "projections/invoice_queries.h"

namespace factura::projections {

domain::Result<OwedByCustomer> OwedByCustomer::Prepare(Database& db) {
  auto select = db.Prepare(
      "SELECT currency, SUM(amount_due) FROM invoices "
      "WHERE org = (SELECT number FROM organizations WHERE id = ?1) "
      "AND customer_id = ?2 AND status IN " +
      std::string(kOpenInvoiceStatuses) + " GROUP BY currency ORDER BY currency");
  if (!select) return std::unexpected(select.error());
  return OwedByCustomer(std::move(*select));
}

domain::Result<std::vector<std::pair<std::string, int64_t>>> OwedByCustomer::Of(
    std::string_view organization_id, std::string_view customer_id) {
  select_.Bind(1, organization_id).Bind(2, customer_id);
  std::vector<std::pair<std::string, int64_t>> owed;
  while (true) {
    auto step = select_.Step();
    if (!step) {
      select_.Reset();
      return std::unexpected(step.error());
    }
    if (!*step) break;
    owed.emplace_back(std::string(select_.Text(0)), select_.Int(1));
  }
  select_.Reset();
  return owed;
}

PastDue InvoicesPastDue(Database& db, domain::Date today, size_t limit) {
  PastDue past_due;
  auto select = db.Prepare(
      "SELECT o.id, i.id FROM invoices i JOIN organizations o ON o.number = i.org "
      "WHERE i.status IN ('sent', 'partially_paid') AND i.due_date < ?1 AND "
      "i.amount_due > 0 ORDER BY i.due_date LIMIT ?2");
  if (!select) {
    past_due.failure = select.error();
    return past_due;
  }
  select->Bind(1, domain::FormatDate(today)).Bind(2, static_cast<int64_t>(limit));
  while (true) {
    auto row = select->Step();
    if (!row) past_due.failure = row.error();
    if (!row || !*row) return past_due;
    past_due.invoices.push_back({std::string(select->Text(0)), std::string(select->Text(1))});
  }
}

}  // namespace factura::projections
