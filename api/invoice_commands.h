#pragma once
// Commands on invoices, shared by the HTTP routes and the overdue scheduler: each loads what the
// decision may look at through the processor's workspace, decides with the domain, and answers
// with the invoice after its events.
//
//   Command run = InvoiceCommand(id, domain::MarkInvoiceOverdue{today}, std::nullopt);
//   processor.Submit(meta, std::move(run), done);

#include <optional>
#include <string>
#include <string_view>

#include "api/command_processor.h"
#include "domain/invoice/invoice.h"

namespace factura::api {

// Everything an invoice decision may look at, loaded through the workspace.
domain::InvoiceContext InvoiceContextFor(Workspace& ws, std::string new_invoice_id,
                                         std::string_view customer_id);

// The organization's invoice `id`, existing and not deleted. Errors: 404 `resource_not_found`.
domain::Result<const domain::InvoiceState*> ExistingInvoice(Workspace& ws, const std::string& id);

// `command` on the existing invoice `id`, guarded by `expected` (If-Match) when given; the reply
// has `status` and the invoice after the events (no body for 204).
Command InvoiceCommand(std::string id, domain::InvoiceCommand command,
                       std::optional<uint64_t> expected, unsigned status = 200);

}  // namespace factura::api
