// Routes of /v1/invoices: parse the body into a domain command, run it
// (api/commands/invoice_commands.h), render the reply; the lists (/v1/invoices and
// /v1/customers/{id}/invoices) from the read models (list_support.h).
#include <charconv>
#include <tuple>

#include "api/aggregate_reader.h"
#include "api/commands/invoice_commands.h"
#include "api/http/app.h"
#include "api/http/customer_scope.h"
#include "api/http/invoice_bodies.h"
#include "api/http/json_input.h"
#include "api/http/json_writer.h"
#include "api/http/list_support.h"
#include "api/http/route_support.h"
#include "api/http/sparse_fields.h"
#include "api/render.h"
#include "domain/ids.h"
#include "projections/tables/invoices.h"

namespace factura::api {
namespace {

// Seed 000 §3.5 names the customer's name `customer.name`; `customer_name` as the list shows it.
const SearchFields kInvoiceSearchFields{{"number", "number"},
                                        {"customer.name", "customer_name"},
                                        {"customer_name", "customer_name"},
                                        {"notes", "notes"},
                                        {"reference", "reference"}};

const ListSpec& InvoiceSpec() {
  static const ListSpec spec{
      &tables::kInvoices,
      {tables::kInvoices["id"], tables::kInvoices["number"], tables::kInvoices["status"],
       tables::kInvoices["customer_id"], tables::kInvoices["customer_name"],
       tables::kInvoices["currency"], tables::kInvoices["issue_date"],
       tables::kInvoices["due_date"], tables::kInvoices["total"], tables::kInvoices["amount_paid"],
       tables::kInvoices["amount_due"], tables::kInvoices["reference"],
       tables::kInvoices["created_at"], tables::kInvoices["item_count"],
       tables::kInvoices["subtotal"], tables::kInvoices["tax_total"], tables::kInvoices["paid_on"]},
      {{"created_at", "created_at"},
       {"issue_date", "issue_date"},
       {"due_date", "due_date"},
       {"number", "number"},
       {"total", "total"},
       {"amount_due", "amount_due"},
       {"status", "status"},
       {"customer_name", "customer_name"}},
      "-created_at",
      {"status", "customer_id", "currency", "issue_date[gte]", "issue_date[lte]", "due_date[gte]",
       "due_date[lte]", "created_at[gte]", "created_at[lte]", "search", "search_fields", "expand"}};
  return spec;
}

// Days past the due date of an invoice that still has an amount due (seed 003 §7.4).
int64_t DaysOverdue(std::string_view status, std::string_view due_date, int64_t amount_due,
                    domain::Date today) {
  if (amount_due <= 0 || (status != "sent" && status != "partially_paid" && status != "overdue")) {
    return 0;
  }
  auto due = domain::ParseDate(due_date);
  if (!due) return 0;
  int64_t days = today.days_since_epoch - due->days_since_epoch;
  return days > 0 ? days : 0;
}

}  // namespace

void App::DeclareInvoiceRoutes() {
  router_.Add(http::verb::post, "/v1/invoices", "invoices.create", "invoices:write",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto command = ParseCreateInvoice(context.request.body());
                if (!command) co_return Error(command.error());
                Command run = commands::CreateInvoice(std::move(*command));
                ApiResponse response = co_await Execute(context, std::move(run));
                co_return response;
              });

  router_.Add(http::verb::get, "/v1/invoices/{id}", "invoices.retrieve", "invoices:read",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::string id = context.params.find("id")->second;
                std::optional<domain::Timestamp> as_of;
                if (auto text = QueryParameter(context.request, "as_of")) {
                  auto parsed = domain::ParseTimestamp(*text);
                  if (!parsed) {
                    co_return Error(domain::WithParamPrefix(parsed.error(), "as_of"));
                  }
                  as_of = *parsed;
                }
                if (!domain::ValidateId(id, domain::kInvoicePrefix, "id")) {
                  co_return Error(NotFound("invoice", id).error());
                }
                std::shared_ptr<const domain::InvoiceState> invoice;
                if (as_of) {  // the past is folded from the log, never cached
                  co_await OnWorker();
                  auto folded = ReadAggregate<domain::InvoiceState>(
                      store_, context.grant.organization_id, id, as_of);
                  if (!folded) co_return Error(folded.error());
                  invoice = std::make_shared<const domain::InvoiceState>(std::move(*folded));
                } else {
                  auto durable = co_await ReadDurable<domain::InvoiceState>(context, id);
                  if (!durable) co_return Error(durable.error());
                  invoice = std::move(*durable);
                }
                if (!invoice->exists || invoice->deleted ||
                    !Sees(context.grant, invoice->content.customer.customer_id)) {
                  co_return Error(NotFound("invoice", id).error());
                }
                auto expand = ParseExpand(context.request);
                if (!expand) co_return Error(expand.error());
                std::optional<FieldSet> fields;
                if (auto text = QueryParameter(context.request, "fields")) {
                  auto parsed = ParseFields(*text);
                  if (!parsed) co_return Error(parsed.error());
                  fields = std::move(*parsed);
                }
                std::string body;
                if (expand->ReadsOtherStreams()) {
                  co_await OnWorker();  // expanding reads other streams
                  body = expander_.InvoiceJson(context.grant.organization_id, *invoice, *expand);
                } else {
                  body = InvoiceJson(*invoice,
                                     documents::PublicUrl(processor_.public_links(),
                                                          context.grant.organization_id, *invoice));
                }
                if (fields) body = SelectFields(body, *fields);
                co_return ApiResponse{200, std::move(body)};
              });

  router_.Add(http::verb::get, "/v1/invoices/{id}/history", "invoices.history", "invoices:read",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::string id = context.params.find("id")->second;
                co_await OnWorker();
                if (!domain::ValidateId(id, domain::kInvoicePrefix, "id")) {
                  co_return Error(NotFound("invoice", id).error());
                }
                // Pages of at most `limit` events after the version in `cursor`.
                uint64_t limit = 100, after = 0;
                for (auto [name, into, low, high] :
                     {std::tuple{"limit", &limit, uint64_t{1}, uint64_t{100}},
                      std::tuple{"cursor", &after, uint64_t{0}, UINT64_MAX}}) {
                  auto text = QueryParameter(context.request, name);
                  if (!text) continue;
                  auto [end, error] =
                      std::from_chars(text->data(), text->data() + text->size(), *into);
                  if (error != std::errc() || end != text->data() + text->size() || *into < low ||
                      *into > high) {
                    co_return Error(domain::Invalid(std::string("invalid_") + name, name,
                                                    std::string("Not a valid ") + name)
                                        .error());
                  }
                }
                std::string stream = domain::StreamId::Compose(context.grant.organization_id, id);
                auto records = store_.ReadStream(stream, after + 1, limit + 1);
                if (!records) co_return Error(records.error());
                if (records->empty() && after == 0)
                  co_return Error(NotFound("invoice", id).error());
                bool has_more = records->size() > limit;
                if (has_more) records->pop_back();
                JsonWriter json;
                json.BeginObject().Key("object").String("list").Key("data").BeginArray();
                for (const auto& record : *records) {
                  json.BeginObject();
                  json.Key("id").String(record.event_id);
                  json.Key("type").String(record.type);
                  json.Key("version").Int(static_cast<int64_t>(record.stream_version));
                  json.Key("position").Int(static_cast<int64_t>(record.position));
                  json.Key("recorded_at").String(domain::FormatTimestamp(record.recorded_at));
                  json.Key("actor").String(record.actor);
                  json.Key("request_id").String(record.request_id);
                  json.EndObject();
                }
                json.EndArray().Key("has_more").Bool(has_more).Key("next_cursor");
                if (has_more) {
                  json.String(std::to_string(records->back().stream_version));
                } else {
                  json.Null();
                }
                json.EndObject();
                co_return ApiResponse{200, std::move(json).Take()};
              });

  auto update = [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
    auto command = ParseUpdateInvoice(context.request.body());
    if (!command) co_return Error(command.error());
    auto if_match = IfMatch(context.request);
    if (!if_match) co_return Error(if_match.error());
    Command run =
        commands::ChangeInvoice(context.params.find("id")->second, std::move(*command), *if_match);
    ApiResponse response = co_await Execute(context, std::move(run));
    co_return response;
  };
  router_.Add(http::verb::put, "/v1/invoices/{id}", "invoices.update", "invoices:write", update);
  router_.Add(http::verb::patch, "/v1/invoices/{id}", "invoices.update", "invoices:write", update);

  router_.Add(http::verb::delete_, "/v1/invoices/{id}", "invoices.delete", "invoices:write",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto if_match = IfMatch(context.request);
                if (!if_match) co_return Error(if_match.error());
                Command run = commands::ChangeInvoice(context.params.find("id")->second,
                                                      domain::DeleteInvoice{}, *if_match);
                ApiResponse response = co_await Execute(context, std::move(run));
                co_return response;
              });

  router_.Add(http::verb::post, "/v1/invoices/{id}/send", "invoices.send", "invoices:send",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto command = ParseSend(context.request.body());
                if (!command) co_return Error(command.error());
                Command run = commands::ChangeInvoice(context.params.find("id")->second,
                                                      std::move(*command), std::nullopt);
                ApiResponse response = co_await Execute(context, std::move(run));
                co_return response;
              });

  router_.Add(http::verb::post, "/v1/invoices/{id}/void", "invoices.void", "invoices:write",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto reason = ParseReason(context.request.body());
                if (!reason) co_return Error(reason.error());
                Command run = commands::ChangeInvoice(context.params.find("id")->second,
                                                      domain::VoidInvoice{*reason}, std::nullopt);
                ApiResponse response = co_await Execute(context, std::move(run));
                co_return response;
              });

  // A write-off: the amount due is no longer expected (seed 002); reported as bad debt.
  router_.Add(http::verb::post, "/v1/invoices/{id}/mark-uncollectible",
              "invoices.mark_uncollectible", "invoices:write",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto reason = ParseReason(context.request.body());
                if (!reason) co_return Error(reason.error());
                Command run = commands::ChangeInvoice(context.params.find("id")->second,
                                                      domain::MarkInvoiceUncollectible{*reason},
                                                      std::nullopt);
                ApiResponse response = co_await Execute(context, std::move(run));
                co_return response;
              });

  // Pays the invoice from the customer's credit balance (overpayments, credit notes, adjustments).
  router_.Add(http::verb::post, "/v1/invoices/{id}/apply-credit", "invoices.apply_credit",
              "invoices:write", [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto command = ParseApplyCredit(context.request.body());
                if (!command) co_return Error(command.error());
                Command run = commands::ChangeInvoice(context.params.find("id")->second,
                                                      std::move(*command), std::nullopt);
                ApiResponse response = co_await Execute(context, std::move(run));
                co_return response;
              });

  // The customer opened the invoice (a front end tells; the hosted page will too): the first
  // view is recorded and `invoice.viewed` sent, later ones change nothing.
  router_.Add(http::verb::post, "/v1/invoices/{id}/viewed", "invoices.viewed", "invoices:write",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                if (auto empty = ParseNoParameters(context.request.body()); !empty) {
                  co_return Error(empty.error());
                }
                Command run = commands::ChangeInvoice(context.params.find("id")->second,
                                                      domain::MarkInvoiceViewed{}, std::nullopt);
                ApiResponse response = co_await Execute(context, std::move(run));
                co_return response;
              });

  router_.Add(http::verb::post, "/v1/invoices/{id}/mark-paid", "invoices.mark_paid",
              "payments:write", [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::string id = context.params.find("id")->second;
                auto command = ParseMarkPaid(context.request.body(), id);
                if (!command) co_return Error(command.error());
                Command run = commands::MarkInvoicePaid(std::move(*command));
                ApiResponse response = co_await Execute(context, std::move(run));
                co_return response;
              });

  // The list.
  auto list_invoices = [this](
                           RequestContext& context,
                           std::optional<std::string> customer_id) -> asio::awaitable<ApiResponse> {
    auto list = PagingOf(context, InvoiceSpec());
    if (!list) co_return Error(list.error());
    list->filters.push_back({"status", Filter::Op::kNotEqual, {std::string("deleted")}});
    const HttpRequest& request = context.request;
    if (auto filtered = EqualFilter(request, "status", "status", *list); !filtered) {
      co_return Error(filtered.error());
    }
    size_t status_filters = list->filters.size();
    if (customer_id) list->filters.push_back({"customer_id", Filter::Op::kIn, {*customer_id}});
    for (auto [name, column] :
         {std::pair{"customer_id", "customer_id"}, {"currency", "currency"}}) {
      if (auto filtered = EqualFilter(request, name, column, *list); !filtered) {
        co_return Error(filtered.error());
      }
    }
    for (auto [name, column] : {std::pair{"issue_date", "issue_date"}, {"due_date", "due_date"}}) {
      if (auto ranged = DateRange(request, name, column, *list); !ranged) {
        co_return Error(ranged.error());
      }
    }
    if (auto ranged = InstantRange(request, "created_at", "created_at", *list); !ranged) {
      co_return Error(ranged.error());
    }
    if (auto searched = SearchFilter(request, "invoice_search", kInvoiceSearchFields, *list);
        !searched) {
      co_return Error(searched.error());
    }
    // Filtered by status alone (or not at all): counted from the counts by status.
    if (list->filters.size() == status_filters && context.grant.customer_id.empty()) {
      list->counts_table = &tables::kInvoiceCounts;
    }
    domain::Date today = domain::UtcDateOf(Now());
    ListRequest query = std::move(*list);
    auto expand = ParseExpand(request);
    if (!expand) co_return Error(expand.error());
    bool expanding = expand->customer || expand->line_items || expand->payments;
    Query query_run = [this, query, today, expand = *expand,
                       expanding](projections::Database& db) -> domain::Result<std::string> {
      auto page = projections::List(db, query);
      if (!page) return std::unexpected(page.error());
      return ListJson(*page, [&](JsonWriter& json, const std::vector<Value>& row) {
        std::string_view currency = Text(row[tables::kInvoices["currency"]]);
        json.BeginObject();
        json.Key("id").String(Text(row[tables::kInvoices["id"]]));
        json.Key("object").String("invoice");
        json.Key("number").String(Text(row[tables::kInvoices["number"]]));
        json.Key("status").String(Text(row[tables::kInvoices["status"]]));
        std::map<std::string, std::string> expanded;
        if (expanding) {
          expanded = expander_.Members(query.organization_id,
                                       std::string(Text(row[tables::kInvoices["id"]])), expand);
        }
        json.Key("customer");
        if (auto customer = expanded.find("customer"); customer != expanded.end()) {
          json.RawJson(customer->second);
        } else {
          json.BeginObject()
              .Key("id")
              .String(Text(row[tables::kInvoices["customer_id"]]))
              .Key("name")
              .String(Text(row[tables::kInvoices["customer_name"]]));
          json.EndObject();
        }
        json.Key("currency").String(currency);
        json.Key("issue_date").String(Text(row[tables::kInvoices["issue_date"]]));
        json.Key("due_date").String(Text(row[tables::kInvoices["due_date"]]));
        // Seed 003 §7.3's list item: how many lines, subtotal and tax beside the total.
        json.Key("item_count").Int(Int(row[tables::kInvoices["item_count"]]));
        Amount(json, "subtotal", Int(row[tables::kInvoices["subtotal"]]), currency);
        Amount(json, "tax_total", Int(row[tables::kInvoices["tax_total"]]), currency);
        Amount(json, "total", Int(row[tables::kInvoices["total"]]), currency);
        Amount(json, "amount_paid", Int(row[tables::kInvoices["amount_paid"]]), currency);
        Amount(json, "amount_due", Int(row[tables::kInvoices["amount_due"]]), currency);
        json.Key("days_overdue")
            .Int(DaysOverdue(Text(row[tables::kInvoices["status"]]),
                             Text(row[tables::kInvoices["due_date"]]),
                             Int(row[tables::kInvoices["amount_due"]]), today));
        TextOrNull(json, "paid_at", row[tables::kInvoices["paid_on"]]);
        TextOrNull(json, "reference", row[tables::kInvoices["reference"]]);
        Instant(json, "created_at", row[tables::kInvoices["created_at"]]);
        for (const char* member : {"line_items", "payments"}) {
          if (auto value = expanded.find(member); value != expanded.end()) {
            json.Key(member).RawJson(value->second);
          }
        }
        json.EndObject();
      });
    };
    // Named: GCC 12 destroys temporaries of a co_await expression twice.
    ApiResponse response = co_await QueryReadModels(context, std::move(query_run));
    co_return response;
  };
  router_.Add(http::verb::get, "/v1/invoices", "invoices.list", "invoices:read",
              [list_invoices](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::optional<std::string> all_customers;
                ApiResponse response = co_await list_invoices(context, all_customers);
                co_return response;
              });
  router_.Add(http::verb::get, "/v1/customers/{id}/invoices", "customers.invoices", "invoices:read",
              [this, list_invoices](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::string id = context.params.find("id")->second;
                if (!domain::ValidateId(id, domain::kCustomerPrefix, "id")) {
                  co_return Error(NotFound("customer", id).error());
                }
                auto customer = co_await ReadDurable<domain::CustomerState>(context, id);
                if (!customer) co_return Error(customer.error());
                if (!(*customer)->exists) co_return Error(NotFound("customer", id).error());
                std::optional<std::string> customer_id = id;
                ApiResponse response = co_await list_invoices(context, customer_id);
                co_return response;
              });
}

}  // namespace factura::api
