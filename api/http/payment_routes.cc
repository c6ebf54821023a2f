// Routes of /v1/payments (their list is in list_routes.cc): parse, run the command
// (api/commands/payment_commands.h), render; reads by id from the durable state.
#include "api/commands/payment_commands.h"
#include "api/http/app.h"
#include "api/http/json_input.h"
#include "api/http/route_support.h"
#include "api/render.h"
#include "domain/ids.h"

namespace factura::api {
namespace {

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
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

}  // namespace

void App::DeclarePaymentRoutes() {
  router_.Add(http::verb::post, "/v1/payments", "payments.create", "payments:write",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto command = ParsePayment(context.request.body());
                if (!command) co_return Error(command.error());
                Command run = commands::RecordPayment(std::move(*command));
                ApiResponse response = co_await Execute(context, std::move(run));
                co_return response;
              });

  router_.Add(http::verb::get, "/v1/payments/{id}", "payments.retrieve", "payments:read",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::string id = context.params.find("id")->second;
                if (!domain::ValidateId(id, domain::kPaymentPrefix, "id")) {
                  co_return Error(NotFound("payment", id).error());
                }
                auto payment = co_await ReadDurable<domain::PaymentState>(context, id);
                if (!payment) co_return Error(payment.error());
                if (!(*payment)->exists) {
                  co_return Error(NotFound("payment", id).error());
                }
                co_return ApiResponse{200, PaymentJson(**payment)};
              });

  router_.Add(http::verb::post, "/v1/payments/{id}/refund", "payments.refund", "payments:write",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::string id = context.params.find("id")->second;
                auto command = ParseRefund(context.request.body());
                if (!command) co_return Error(command.error());
                Command run = commands::RefundPayment(id, std::move(*command));
                ApiResponse response = co_await Execute(context, std::move(run));
                co_return response;
              });
}

}  // namespace factura::api
