#pragma once
// Commands on credit notes: creating one against an invoice (the credit note's, the invoice's
// and, for the part beyond the amount due, the customer's streams in one append). Answers with
// the credit note.

#include "api/command_processor.h"
#include "domain/credit_note/credit_note.h"

namespace factura::api::commands {

// Effect: kCreated. Errors: the decision's (an unknown invoice is its kNotFound on `invoice_id`).
[[nodiscard]] Command CreateCreditNote(domain::CreateCreditNote command);

}  // namespace factura::api::commands
