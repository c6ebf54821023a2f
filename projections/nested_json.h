#pragma once
// Nested values a read-model row keeps as one JSON column, written exactly as the API shows
// them; the API's renderer of a single resource uses the same functions, so a list and a read by
// id can never disagree on them.
//
//   row.Text(kCustomers["credit"], CreditBalancesJson(customer));
//   json.Key("credit_balances").RawJson(CreditBalancesJson(customer));

#include <string>

#include "domain/credit_note/credit_note_state.h"
#include "domain/customer/customer_state.h"

namespace factura::projections {

// [{"currency":"USD","amount":12.50}]: the customer's credit per currency, zero ones left out,
// amounts in each currency's digits.
[[nodiscard]] std::string CreditBalancesJson(const domain::CustomerState& customer);

// [{"description":…,"quantity":…,"unit_price":…,"amount":…}]: amounts as exact JSON numbers.
[[nodiscard]] std::string CreditNoteLinesJson(const domain::CreditNoteState& note);

}  // namespace factura::projections
