#pragma once
// The CreditNote aggregate: a document that takes part or all of an issued invoice back (seed
// 002's adjustments; amounts of an issued invoice change only this way). What it takes back
// reduces the invoice's amount due; what goes beyond it becomes the customer's credit.
//
//   Result<Events> events = Decide(CreditNoteState{}, CreateCreditNote{...}, context);
//
// Pure: no I/O, no clock; the context carries the time, the new id and the states it reads.

#include <functional>
#include <string>

#include "domain/credit_note/credit_note_commands.h"
#include "domain/credit_note/credit_note_state.h"
#include "domain/customer/customer.h"
#include "domain/error.h"
#include "domain/events.h"
#include "domain/invoice/invoice.h"

namespace factura::domain {

inline constexpr size_t kMaxCreditNoteLines = 500;

struct CreditNoteContext {
  Timestamp now;
  std::string new_credit_note_id;
  const InvoiceState* invoice = nullptr;    // the command's invoice, if it exists
  const CustomerState* customer = nullptr;  // its customer
};

// Errors: `credit_note_exists`; on `invoice_id`: `invoice_not_found`, `invoice_not_creditable`
// (a draft, void or uncollectible invoice); on `amount`: `invalid_amount`,
// `amount_exceeds_invoice`, `amount_mismatch` (lines that do not add up to it),
// `amount_or_lines_required`; on `lines[i].…`: the lines' own; `reason` too long.
[[nodiscard]] Result<Events> Decide(const CreditNoteState& state, const CreditNoteCommand& command,
                                    const CreditNoteContext& context);

CreditNoteState Evolve(CreditNoteState state, const Event& event);

}  // namespace factura::domain
