#pragma once
// The bodies of /v1/payments requests, read into domain commands. Every field is checked: an
// unknown one is a 400 `unknown_parameter`, malformed JSON a 400, a value of the wrong type or
// shape a 422 naming the field.

#include <string_view>

#include "domain/error.h"
#include "domain/payment/payment_commands.h"

namespace factura::api {

// POST /v1/payments; `amount` a number (kept as its text).
[[nodiscard]] domain::Result<domain::RecordPayment> ParsePayment(std::string_view body);
// POST /v1/payments/{id}/refund; an empty body reads as {} (all that is refundable).
[[nodiscard]] domain::Result<domain::RefundPayment> ParseRefund(std::string_view body);

}  // namespace factura::api
