#pragma once
// Request bodies of /v1/credit-notes, parsed into domain commands: exact field names and types,
// unknown fields refused (400), the domain left to judge values (422).

#include <string_view>

#include "domain/credit_note/credit_note_commands.h"
#include "domain/error.h"

namespace factura::api {

// POST /v1/credit-notes: invoice_id, and amount or lines [{description, quantity, unit_price}],
// reason.
[[nodiscard]] domain::Result<domain::CreateCreditNote> ParseCreditNote(std::string_view body);

}  // namespace factura::api
