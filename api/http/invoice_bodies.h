#pragma once
// The bodies of /v1/invoices requests, read into domain commands (seed 000 §4.1). Every field is
// checked: an unknown one is a 400 `unknown_parameter`, malformed JSON a 400, a value of the
// wrong type or shape a 422 naming the field (`line_items[1].quantity`). Amounts stay text here:
// the domain parses them exactly, in the invoice's currency.
//
//   auto command = ParseCreateInvoice(request.body());
//   if (!command) co_return Error(command.error());

#include <optional>
#include <string>
#include <string_view>

#include "domain/error.h"
#include "domain/invoice/invoice_commands.h"
#include "domain/payment/payment_commands.h"

namespace factura::api {

// POST /v1/invoices.
[[nodiscard]] domain::Result<domain::CreateInvoice> ParseCreateInvoice(std::string_view body);
// PUT/PATCH /v1/invoices/{id}: omitted = unchanged, null = cleared.
[[nodiscard]] domain::Result<domain::UpdateInvoice> ParseUpdateInvoice(std::string_view body);
// POST /v1/invoices/{id}/send; an empty body reads as {}.
[[nodiscard]] domain::Result<domain::SendInvoice> ParseSend(std::string_view body);
// POST /v1/invoices/{id}/void: the optional `reason`; an empty body reads as {}.
[[nodiscard]] domain::Result<std::optional<std::string>> ParseReason(std::string_view body);
// An action without parameters (POST /v1/invoices/{id}/viewed): an empty body or {}.
[[nodiscard]] domain::Result<void> ParseNoParameters(std::string_view body);
// POST /v1/invoices/{id}/apply-credit: an optional `amount`.
[[nodiscard]] domain::Result<domain::ApplyCustomerCredit> ParseApplyCredit(std::string_view body);
// POST /v1/invoices/{id}/mark-paid for the invoice `id`; an empty body reads as {}.
[[nodiscard]] domain::Result<domain::MarkInvoicePaid> ParseMarkPaid(std::string_view body,
                                                                    std::string id);

}  // namespace factura::api
