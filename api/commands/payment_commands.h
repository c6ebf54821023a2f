#pragma once
// Commands on payments: recording one against an invoice (the payment's, the invoice's and, for
// an overpayment, the customer's streams in one append) and refunding it. Each answers with the
// payment after its events.

#include <string>

#include "api/command_processor.h"
#include "domain/payment/payment.h"

namespace factura::api::commands {

// A payment of the command's invoice. Effect: kCreated. Errors: the decision's (an unknown
// invoice is its kNotFound on `invoice_id`).
[[nodiscard]] Command RecordPayment(domain::RecordPayment command);

// A refund of the organization's payment `id`, in whole or in part. Effect: kChanged. Errors:
// kNotFound, and the decision's.
[[nodiscard]] Command RefundPayment(std::string id, domain::RefundPayment command);

}  // namespace factura::api::commands
