#pragma once
// Queries over the invoices read model other than its list (queries.h): what customers owe, and
// which invoices have passed their due date.
//
//   OwedByCustomer owed(db);                       // prepared once, asked per customer
//   auto balances = owed.Of("org_1", "cus_1");     // [{"EUR", 12000}, {"USD", 500}]

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/date.h"
#include "domain/error.h"
#include "projections/sqlite.h"

namespace factura::projections {

// The statuses of an open invoice, whose amount due the customer owes (the read model's words
// for InvoiceState::IsPayable): `status IN kOpenInvoiceStatuses`.
inline constexpr std::string_view kOpenInvoiceStatuses = "('sent', 'partially_paid', 'overdue')";

// What a customer's open invoices (sent, partially paid, overdue) still owe, per currency.
class OwedByCustomer {
 public:
  // Errors: kInternal `sqlite_error`.
  [[nodiscard]] static domain::Result<OwedByCustomer> Prepare(Database& db);

  // (currency, amount due in minor units) by currency. Errors: kInternal `sqlite_error`.
  [[nodiscard]] domain::Result<std::vector<std::pair<std::string, int64_t>>> Of(
      std::string_view organization_id, std::string_view customer_id);

 private:
  explicit OwedByCustomer(Statement select) : select_(std::move(select)) {}
  Statement select_;
};

struct PastDueInvoice {
  std::string organization_id;
  std::string invoice_id;
};

// Invoices of every organization that are sent or partially paid, due before `today`, with an
// amount due: the overdue scheduler's candidates, the longest past due first, at most `limit`.
// What was read before a failed step is kept; the error is returned beside it.
struct PastDue {
  std::vector<PastDueInvoice> invoices;
  std::optional<domain::Error> failure;
};
[[nodiscard]] PastDue InvoicesPastDue(Database& db, domain::Date today, size_t limit);

}  // namespace factura::projections
