#pragma once
// Events of the CreditNote aggregate (stream: the credit note's id). Creating a credit note also
// appends CreditNoteIssued (and InvoicePaid when it settles the invoice) to the invoice's stream
// and, for the part beyond the amount due, CustomerCreditAdjusted to the customer's, in the same
// atomic append — as recording a payment does.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "domain/money.h"

namespace factura::domain {

struct CreditNoteLine {
  std::string description;
  Quantity quantity;
  int64_t unit_price_minor = 0;
  int64_t amount_minor = 0;  // quantity × unit price, rounded half-up
  friend bool operator==(const CreditNoteLine&, const CreditNoteLine&) = default;
};

struct CreditNoteCreated {
  static constexpr std::string_view kType = "CreditNoteCreated";
  std::string credit_note_id;
  std::string invoice_id;
  std::string customer_id;
  std::string number;  // the invoice's number, "-CN-", its credit notes' count: INV-2025-0001-CN-01
  Money amount;        // tax included, like the invoice's total
  int64_t applied_minor = 0;   // taken off the invoice's amount due
  int64_t credited_minor = 0;  // the rest, to the customer's credit balance
  int64_t tax_minor = 0;       // the invoice's tax in proportion: what the credit note gives back
  std::vector<CreditNoteLine> lines;  // empty when created for an amount
  std::optional<std::string> reason;
  Timestamp at;
  friend bool operator==(const CreditNoteCreated&, const CreditNoteCreated&) = default;
};

}  // namespace factura::domain
