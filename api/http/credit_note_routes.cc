// Routes of /v1/credit-notes: parse, run the command (api/commands/credit_note_commands.h),
// render; reads by id from the durable state, the list from the read models (list_support.h).
// Credit notes are invoicing documents: the invoices' scopes.
#include "api/commands/credit_note_commands.h"
#include "api/http/app.h"
#include "api/http/credit_note_bodies.h"
#include "api/http/customer_scope.h"
#include "api/http/json_input.h"
#include "api/http/list_support.h"
#include "api/http/route_support.h"
#include "api/render.h"
#include "domain/ids.h"
#include "projections/tables/credit_notes.h"

namespace factura::api {
void App::DeclareCreditNoteRoutes() {
  router_.Add(http::verb::post, "/v1/credit-notes", "credit_notes.create", "invoices:write",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto command = ParseCreditNote(context.request.body());
                if (!command) co_return Error(command.error());
                Command run = commands::CreateCreditNote(std::move(*command));
                ApiResponse response = co_await Execute(context, std::move(run));
                co_return response;
              });

  router_.Add(http::verb::get, "/v1/credit-notes/{id}", "credit_notes.retrieve", "invoices:read",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::string id = context.params.find("id")->second;
                if (!domain::ValidateId(id, domain::kCreditNotePrefix, "id")) {
                  co_return Error(NotFound("credit_note", id).error());
                }
                auto note = co_await ReadDurable<domain::CreditNoteState>(context, id);
                if (!note) co_return Error(note.error());
                if (!(*note)->exists || !Sees(context.grant, (*note)->customer_id)) {
                  co_return Error(NotFound("credit_note", id).error());
                }
                co_return ApiResponse{200, CreditNoteJson(**note)};
              });

  // The list.
  router_.Add(
      http::verb::get, "/v1/credit-notes", "credit_notes.list", "invoices:read",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        using tables::kCreditNotes;
        static const ListSpec spec{
            &kCreditNotes,
            {kCreditNotes["id"], kCreditNotes["number"], kCreditNotes["invoice_id"],
             kCreditNotes["customer_id"], kCreditNotes["amount"], kCreditNotes["amount_applied"],
             kCreditNotes["amount_credited"], kCreditNotes["tax_amount"], kCreditNotes["currency"],
             kCreditNotes["reason"], kCreditNotes["lines"], kCreditNotes["created_at"]},
            {{"created_at", "created_at"}, {"amount", "amount"}},
            "-created_at",
            {"invoice_id", "customer_id", "currency", "created_at[gte]", "created_at[lte]"}};
        auto list = PagingOf(context, spec);
        if (!list) co_return Error(list.error());
        for (auto [name, column] : {std::pair{"invoice_id", "invoice_id"},
                                    {"customer_id", "customer_id"},
                                    {"currency", "currency"}}) {
          if (auto filtered = EqualFilter(context.request, name, column, *list); !filtered) {
            co_return Error(filtered.error());
          }
        }
        if (auto ranged = InstantRange(context.request, "created_at", "created_at", *list);
            !ranged) {
          co_return Error(ranged.error());
        }
        Query query_run = PageQuery(std::move(*list), [](JsonWriter& json,
                                                         const std::vector<Value>& row) {
          std::string_view currency = Text(row[kCreditNotes["currency"]]);
          json.BeginObject();
          json.Key("id").String(Text(row[kCreditNotes["id"]]));
          json.Key("object").String("credit_note");
          json.Key("number").String(Text(row[kCreditNotes["number"]]));
          json.Key("invoice_id").String(Text(row[kCreditNotes["invoice_id"]]));
          json.Key("customer_id").String(Text(row[kCreditNotes["customer_id"]]));
          Amount(json, "amount", Int(row[kCreditNotes["amount"]]), currency);
          json.Key("currency").String(currency);
          Amount(json, "applied_to_invoice", Int(row[kCreditNotes["amount_applied"]]), currency);
          Amount(json, "credited_to_customer", Int(row[kCreditNotes["amount_credited"]]), currency);
          Amount(json, "tax_amount", Int(row[kCreditNotes["tax_amount"]]), currency);
          TextOrNull(json, "reason", row[kCreditNotes["reason"]]);
          json.Key("lines").RawJson(Text(row[kCreditNotes["lines"]]));
          json.Key("status").String("issued");
          Instant(json, "created_at", row[kCreditNotes["created_at"]]);
          json.EndObject();
        });
        // Named: GCC 12 destroys temporaries of a co_await expression twice.
        ApiResponse response = co_await QueryReadModels(context, std::move(query_run));
        co_return response;
      });
}

}  // namespace factura::api
