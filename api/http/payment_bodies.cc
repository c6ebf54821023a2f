#include "api/http/payment_bodies.h"

#include "api/http/json_input.h"

namespace factura::api {

domain::Result<domain::RecordPayment> ParsePayment(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::RecordPayment command;
  auto invoice = f.RequiredString("invoice_id");
  if (!invoice) return std::unexpected(invoice.error());
  command.invoice_id = *invoice;
  auto amount = f.OptionalNumber("amount");
  if (!amount) return std::unexpected(amount.error());
  if (!*amount) return domain::Invalid("missing_field", "amount", "This field is required");
  command.amount = **amount;
  auto method = f.RequiredString("payment_method");
  if (!method) return std::unexpected(method.error());
  command.payment_method = *method;
  std::optional<std::string> gateway;
  FACTURA_TRY(f.ReadStrings({{"currency", &command.currency},
                             {"payment_date", &command.payment_date},
                             {"transaction_id", &command.transaction_id},
                             {"reference", &command.reference},
                             {"notes", &command.notes},
                             {"gateway", &gateway}}));
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

domain::Result<domain::RefundPayment> ParseRefund(std::string_view body) {
  auto parsed = JsonBody::ParseOptional(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::RefundPayment command;
  FACTURA_TRY(f.ReadNumbers({{"amount", &command.amount}}));
  FACTURA_TRY(f.ReadStrings({{"reason", &command.reason}, {"refund_date", &command.refund_date}}));
  auto as_credit = f.OptionalBool("apply_as_credit");
  if (!as_credit) return std::unexpected(as_credit.error());
  command.apply_as_credit = as_credit->value_or(false);
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

}  // namespace factura::api
