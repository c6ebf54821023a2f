// Routes of /v1/customers and /v1/me: parse, run the command or read the stream, render.
#include <charconv>

#include "api/aggregate_reader.h"
#include "api/commands/customer_commands.h"
#include "api/http/app.h"
#include "api/http/customer_bodies.h"
#include "api/http/json_input.h"
#include "api/http/json_writer.h"
#include "api/http/list_support.h"
#include "api/http/route_support.h"
#include "api/render.h"
#include "domain/ids.h"
#include "eventstore/payload_codec.h"
#include "projections/invoice_queries.h"
#include "projections/tables/customers.h"

namespace factura::api {
namespace {

const SearchFields kCustomerSearchFields{
    {"name", "name"}, {"company_name", "company_name"}, {"email", "email"}};

}  // namespace

asio::awaitable<ApiResponse> App::CustomerWithBalance(RequestContext& context, std::string id) {
  if (!domain::ValidateId(id, domain::kCustomerPrefix, "id")) {
    co_return Error(NotFound("customer", id).error());
  }
  auto customer = co_await ReadDurable<domain::CustomerState>(context, id);
  if (!customer) co_return Error(customer.error());
  if (!(*customer)->active()) co_return Error(NotFound("customer", id).error());
  auto organization =
      co_await ReadDurable<domain::OrganizationState>(context, context.grant.organization_id);
  if (!organization) co_return Error(organization.error());
  const domain::CustomerProfile& profile = (*customer)->profile;
  CustomerBalance balance{profile.currency ? std::string(profile.currency->code())
                                           : std::string((*organization)->default_currency.code()),
                          {}};
  Query query = [customer = *customer, balance, organization_id = context.grant.organization_id](
                    projections::Database& db) mutable -> domain::Result<std::string> {
    auto owed = projections::OwedByCustomer::Prepare(db);
    if (!owed) return std::unexpected(owed.error());
    auto amounts = owed->Of(organization_id, customer->id);
    if (!amounts) return std::unexpected(amounts.error());
    balance.owed = std::move(*amounts);
    return CustomerJson(*customer, &balance);
  };
  // Named: GCC 12 destroys temporaries of a co_await expression twice.
  ApiResponse response = co_await QueryReadModels(context, std::move(query));
  co_return response;
}

asio::awaitable<ApiResponse> App::CustomerAfterWrite(RequestContext& context, std::string id,
                                                     ApiResponse written) {
  if (written.error) co_return written;
  // The read models have this write before the query runs (read-your-writes).
  ApiResponse shown = co_await CustomerWithBalance(context, std::move(id));
  if (shown.error) co_return written;
  shown.headers.insert(shown.headers.end(), written.headers.begin(), written.headers.end());
  co_return shown;
}

void App::DeclareCustomerRoutes() {
  router_.Add(http::verb::post, "/v1/customers", "customers.create", "customers:write",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto command = ParseCreateCustomer(context.request.body());
                if (!command) co_return Error(command.error());
                Command run = commands::CreateCustomer(std::move(*command));
                ApiResponse response = co_await Execute(context, std::move(run));
                co_return response;
              });

  router_.Add(http::verb::get, "/v1/customers/{id}", "customers.retrieve", "customers:read",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::string id = context.params.find("id")->second;
                if (!domain::ValidateId(id, domain::kCustomerPrefix, "id")) {
                  co_return Error(NotFound("customer", id).error());
                }
                ApiResponse response = co_await CustomerWithBalance(context, id);
                co_return response;
              });

  auto update = [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
    std::string id = context.params.find("id")->second;
    auto command =
        ParseUpdateCustomer(context.request.body(), context.request.method() == http::verb::put);
    if (!command) co_return Error(command.error());
    auto if_match = IfMatch(context.request);
    if (!if_match) co_return Error(if_match.error());
    Command run = commands::UpdateCustomer(id, std::move(*command), *if_match);
    ApiResponse response = co_await Execute(context, std::move(run));
    response = co_await CustomerAfterWrite(context, id, std::move(response));
    co_return response;
  };
  router_.Add(http::verb::put, "/v1/customers/{id}", "customers.update", "customers:write", update);
  // A manual correction of the customer's credit balance (seed 002), e.g. a goodwill credit.
  router_.Add(http::verb::post, "/v1/customers/{id}/credit-adjustments",
              "customers.credit_adjustments.create", "customers:write",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::string id = context.params.find("id")->second;
                auto command = ParseCreditAdjustment(context.request.body());
                if (!command) co_return Error(command.error());
                Command run = commands::AdjustCustomerCredit(id, std::move(*command));
                ApiResponse response = co_await Execute(context, std::move(run));
                response = co_await CustomerAfterWrite(context, id, std::move(response));
                co_return response;
              });
  router_.Add(http::verb::patch, "/v1/customers/{id}", "customers.update", "customers:write",
              update);

  router_.Add(http::verb::delete_, "/v1/customers/{id}", "customers.delete", "customers:write",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::string id = context.params.find("id")->second;
                auto if_match = IfMatch(context.request);
                if (!if_match) co_return Error(if_match.error());
                Command run = commands::DeleteCustomer(id, *if_match);
                ApiResponse response = co_await Execute(context, std::move(run));
                co_return response;
              });

  // The list.
  router_.Add(
      http::verb::get, "/v1/customers", "customers.list", "customers:read",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        static const ListSpec spec{
            &tables::kCustomers,
            {tables::kCustomers["id"], tables::kCustomers["name"],
             tables::kCustomers["company_name"], tables::kCustomers["email"],
             tables::kCustomers["currency"], tables::kCustomers["status"],
             tables::kCustomers["created_at"], tables::kCustomers["credit"],
             tables::kCustomers["customer_type"]},
            {{"created_at", "created_at"}, {"name", "name"}},
            "-created_at",
            {"status", "currency", "customer_type", "has_outstanding_balance", "created_at[gte]",
             "created_at[lte]", "search", "search_fields"}};
        auto list = PagingOf(context, spec);
        if (!list) co_return Error(list.error());
        if (!QueryParameter(context.request, "status")) {
          list->filters.push_back({"status", Filter::Op::kNotEqual, {std::string("deleted")}});
        }
        auto owes = BoolParameter(context.request, "has_outstanding_balance");
        if (!owes) co_return Error(owes.error());
        if (*owes) {
          list->filters.push_back({"customers", Filter::Op::kCustomerOwes, {int64_t{**owes}}});
        }
        for (auto [name, column] : {std::pair{"status", "status"},
                                    {"currency", "currency"},
                                    {"customer_type", "customer_type"}}) {
          if (auto filtered = EqualFilter(context.request, name, column, *list); !filtered) {
            co_return Error(filtered.error());
          }
        }
        if (auto ranged = InstantRange(context.request, "created_at", "created_at", *list);
            !ranged) {
          co_return Error(ranged.error());
        }
        if (auto searched =
                SearchFilter(context.request, "customer_search", kCustomerSearchFields, *list);
            !searched) {
          co_return Error(searched.error());
        }
        auto organization =
            co_await ReadDurable<domain::OrganizationState>(context, context.grant.organization_id);
        if (!organization) co_return Error(organization.error());
        std::string default_currency((*organization)->default_currency.code());
        ListRequest query = std::move(*list);
        Query query_run =
            [query, default_currency](projections::Database& db) -> domain::Result<std::string> {
          auto page = projections::List(db, query);
          if (!page) return std::unexpected(page.error());
          // Balances: what the customer's open invoices still owe, per currency.
          auto owed = projections::OwedByCustomer::Prepare(db);
          if (!owed) return std::unexpected(owed.error());
          std::optional<domain::Error> failure;
          std::string body = ListJson(*page, [&](JsonWriter& json, const std::vector<Value>& row) {
            json.BeginObject();
            json.Key("id").String(Text(row[tables::kCustomers["id"]]));
            json.Key("object").String("customer");
            json.Key("name").String(Text(row[tables::kCustomers["name"]]));
            TextOrNull(json, "company_name", row[tables::kCustomers["company_name"]]);
            TextOrNull(json, "email", row[tables::kCustomers["email"]]);
            TextOrNull(json, "currency", row[tables::kCustomers["currency"]]);
            TextOrNull(json, "customer_type", row[tables::kCustomers["customer_type"]]);
            json.Key("status").String(Text(row[tables::kCustomers["status"]]));
            auto balances = owed->Of(query.organization_id, Text(row[tables::kCustomers["id"]]));
            if (!balances) failure = balances.error();
            const Value& currency = row[tables::kCustomers["currency"]];
            WriteBalance(
                json, {std::holds_alternative<std::string>(currency) ? std::string(Text(currency))
                                                                     : default_currency,
                       balances.value_or(CustomerBalance{}.owed)});
            json.Key("credit_balances").RawJson(Text(row[tables::kCustomers["credit"]]));
            Instant(json, "created_at", row[tables::kCustomers["created_at"]]);
            json.EndObject();
          });
          if (failure) return std::unexpected(*failure);
          return body;
        };
        // Named: GCC 12 destroys temporaries of a co_await expression twice.
        ApiResponse response = co_await QueryReadModels(context, std::move(query_run));
        co_return response;
      });
}

}  // namespace factura::api
