#pragma once
// Commands on invoices: each loads what the decision may look at through the processor's
// workspace (the organization's numbering and settings, the customer, the products and tax rates
// named), decides with the domain, and answers with the invoice after its events. Used by the
// HTTP routes and the overdue scheduler alike.
//
//   processor.Submit(meta, commands::ChangeInvoice(id, domain::MarkInvoiceOverdue{today}, {}),
//                    done);

#include <optional>
#include <string>

#include "api/command_processor.h"
#include "domain/invoice/invoice.h"
#include "domain/payment/payment.h"

namespace factura::api::commands {

// A new invoice for the command's customer. Effect: kCreated.
[[nodiscard]] Command CreateInvoice(domain::CreateInvoice command);

// `command` on the organization's existing invoice `id`, guarded by `expected` (the client's
// If-Match) when given. Effect: kDeleted for DeleteInvoice, otherwise kChanged. Errors: kNotFound
// for an unknown or deleted invoice, kConflict `version_mismatch`, and the decision's.
[[nodiscard]] Command ChangeInvoice(std::string id, domain::InvoiceCommand command,
                                    std::optional<uint64_t> expected);

// A payment of the whole amount due, answered with the invoice after it. Errors: kNotFound, and
// the decision's.
[[nodiscard]] Command MarkInvoicePaid(domain::MarkInvoicePaid command);

}  // namespace factura::api::commands
