// Routes of /v1/payments: parse, run the command (api/commands/payment_commands.h), render;
// reads by id from the durable state, the list from the read models (list_support.h).
#include "api/commands/payment_commands.h"
#include "api/http/app.h"
#include "api/http/customer_scope.h"
#include "api/http/json_input.h"
#include "api/http/list_support.h"
#include "api/http/payment_bodies.h"
#include "api/http/route_support.h"
#include "api/render.h"
#include "domain/ids.h"
#include "projections/tables/payments.h"

namespace factura::api {
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
                if (!(*payment)->exists || !Sees(context.grant, (*payment)->customer_id)) {
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

  // The list.
  router_.Add(
      http::verb::get, "/v1/payments", "payments.list", "payments:read",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        static const ListSpec spec{
            &tables::kPayments,
            {tables::kPayments["id"], tables::kPayments["number"], tables::kPayments["invoice_id"],
             tables::kPayments["customer_id"], tables::kPayments["amount"],
             tables::kPayments["amount_refunded"], tables::kPayments["currency"],
             tables::kPayments["payment_method"], tables::kPayments["status"],
             tables::kPayments["payment_date"], tables::kPayments["reference"],
             tables::kPayments["created_at"], tables::kPayments["invoice_number"],
             tables::kPayments["customer_name"]},
            {{"created_at", "created_at"}, {"payment_date", "payment_date"}, {"amount", "amount"}},
            "-created_at",
            {"invoice_id", "customer_id", "payment_method", "status", "currency",
             "payment_date[gte]", "payment_date[lte]", "created_at[gte]", "created_at[lte]"}};
        auto list = PagingOf(context, spec);
        if (!list) co_return Error(list.error());
        for (auto [name, column] : {std::pair{"invoice_id", "invoice_id"},
                                    {"customer_id", "customer_id"},
                                    {"payment_method", "payment_method"},
                                    {"status", "status"},
                                    {"currency", "currency"}}) {
          if (auto filtered = EqualFilter(context.request, name, column, *list); !filtered) {
            co_return Error(filtered.error());
          }
        }
        if (auto ranged = DateRange(context.request, "payment_date", "payment_date", *list);
            !ranged) {
          co_return Error(ranged.error());
        }
        if (auto ranged = InstantRange(context.request, "created_at", "created_at", *list);
            !ranged) {
          co_return Error(ranged.error());
        }
        Query query_run = PageQuery(std::move(*list), [](JsonWriter& json,
                                                         const std::vector<Value>& row) {
          std::string_view currency = Text(row[tables::kPayments["currency"]]);
          json.BeginObject();
          json.Key("id").String(Text(row[tables::kPayments["id"]]));
          json.Key("object").String("payment");
          TextOrNull(json, "payment_number", row[tables::kPayments["number"]]);
          json.Key("invoice_id").String(Text(row[tables::kPayments["invoice_id"]]));
          TextOrNull(json, "invoice_number", row[tables::kPayments["invoice_number"]]);
          json.Key("customer_id").String(Text(row[tables::kPayments["customer_id"]]));
          TextOrNull(json, "customer_name", row[tables::kPayments["customer_name"]]);
          Amount(json, "amount", Int(row[tables::kPayments["amount"]]), currency);
          Amount(json, "amount_refunded", Int(row[tables::kPayments["amount_refunded"]]), currency);
          json.Key("currency").String(currency);
          json.Key("payment_method").String(Text(row[tables::kPayments["payment_method"]]));
          json.Key("status").String(Text(row[tables::kPayments["status"]]));
          json.Key("payment_date").String(Text(row[tables::kPayments["payment_date"]]));
          TextOrNull(json, "reference", row[tables::kPayments["reference"]]);
          Instant(json, "created_at", row[tables::kPayments["created_at"]]);
          json.EndObject();
        });
        // Named: GCC 12 destroys temporaries of a co_await expression twice.
        ApiResponse response = co_await QueryReadModels(context, std::move(query_run));
        co_return response;
      });
}

}  // namespace factura::api
