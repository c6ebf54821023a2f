// Routes of /v1/customers and /v1/me: parse, run the command or read the stream, render.
#include <charconv>

#include "api/aggregate_reader.h"
#include "api/commands/customer_commands.h"
#include "api/http/app.h"
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

// Reads `billing_address`; errors name its fields.
domain::Result<domain::Address> ParseAddress(JsonFields& fields) {
  domain::Address address;
  auto street = fields.RequiredString("street");
  if (!street) return std::unexpected(street.error());
  address.street = *street;
  auto street2 = fields.OptionalString("street2");
  if (!street2) return std::unexpected(street2.error());
  address.street2 = *street2;
  auto city = fields.RequiredString("city");
  if (!city) return std::unexpected(city.error());
  address.city = *city;
  auto state = fields.OptionalString("state");
  if (!state) return std::unexpected(state.error());
  address.state = *state;
  auto postal_code = fields.OptionalString("postal_code");
  if (!postal_code) return std::unexpected(postal_code.error());
  address.postal_code = *postal_code;
  auto country = fields.RequiredString("country");
  if (!country) return std::unexpected(country.error());
  address.country = *country;
  FACTURA_TRY(fields.RejectUnknownFields());
  return address;
}

domain::Result<domain::CreateCustomer> ParseCreateCustomer(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::CreateCustomer command;
  auto name = f.RequiredString("name");
  if (!name) return std::unexpected(name.error());
  command.name = *name;
  for (auto [key, field] : {std::pair{"company_name", &command.company_name},
                            {"email", &command.email},
                            {"phone", &command.phone},
                            {"currency", &command.currency},
                            {"tax_number", &command.tax_number}}) {
    auto value = f.OptionalString(key);
    if (!value) return std::unexpected(value.error());
    *field = *value;
  }
  auto terms = f.OptionalInteger("payment_terms");
  if (!terms) return std::unexpected(terms.error());
  if (*terms) {
    if (**terms < INT32_MIN || **terms > INT32_MAX) {
      return domain::Invalid("invalid_payment_terms", "payment_terms", "Out of range");
    }
    command.payment_terms_days = static_cast<int32_t>(**terms);
  }
  auto address = f.OptionalObject("billing_address");
  if (!address) return std::unexpected(address.error());
  if (*address) {
    auto parsed_address = ParseAddress(**address);
    if (!parsed_address) return std::unexpected(parsed_address.error());
    command.billing_address = *parsed_address;
  }
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

domain::Result<domain::UpdateCustomer> ParseUpdateCustomer(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::UpdateCustomer command;
  for (auto [key, field] : {std::pair{"name", &command.name},
                            {"company_name", &command.company_name},
                            {"email", &command.email},
                            {"phone", &command.phone},
                            {"currency", &command.currency},
                            {"tax_number", &command.tax_number}}) {
    auto value = f.PatchString(key);
    if (!value) return std::unexpected(value.error());
    *field = *value;
  }
  auto terms = f.PatchInt32("payment_terms");
  if (!terms) return std::unexpected(terms.error());
  command.payment_terms_days = *terms;
  switch (f.PresenceOf("billing_address")) {
    case JsonFields::Presence::kOmitted:
      break;
    case JsonFields::Presence::kNull:
      command.billing_address = domain::Patch<domain::Address>::Null();
      break;
    case JsonFields::Presence::kPresent: {
      auto object = f.OptionalObject("billing_address");
      if (!object) return std::unexpected(object.error());
      auto address = ParseAddress(**object);
      if (!address) return std::unexpected(address.error());
      command.billing_address = domain::Patch<domain::Address>::Set(*address);
      break;
    }
  }
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

}  // namespace

void App::DeclareCustomerRoutes() {
  router_.Add(http::verb::get, "/v1/me", "me", "customers:read",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                co_await OnWorker();
                auto organization = ReadAggregate<domain::OrganizationState>(
                    store_, context.grant.organization_id, context.grant.organization_id,
                    std::nullopt);
                if (!organization) co_return Error(organization.error());
                JsonWriter json;
                json.BeginObject().Key("object").String("me");
                json.Key("organization");
                WriteOrganization(json, *organization);
                json.Key("api_key").BeginObject().Key("id").String(context.grant.api_key_id);
                json.Key("scopes").BeginArray();
                for (const auto& scope : context.grant.scopes) json.String(scope);
                json.EndArray().EndObject().EndObject();
                co_return ApiResponse{200, std::move(json).Take()};
              });

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
                auto customer = co_await ReadDurable<domain::CustomerState>(context, id);
                if (!customer) co_return Error(customer.error());
                if (!(*customer)->active()) co_return Error(NotFound("customer", id).error());
                co_return ApiResponse{200, CustomerJson(**customer)};
              });

  auto update = [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
    std::string id = context.params.find("id")->second;
    auto command = ParseUpdateCustomer(context.request.body());
    if (!command) co_return Error(command.error());
    auto if_match = IfMatch(context.request);
    if (!if_match) co_return Error(if_match.error());
    Command run = commands::UpdateCustomer(id, std::move(*command), *if_match);
    ApiResponse response = co_await Execute(context, std::move(run));
    co_return response;
  };
  router_.Add(http::verb::put, "/v1/customers/{id}", "customers.update", "customers:write", update);
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
        static const ListSpec spec{&tables::kCustomers,
                                   {tables::kCustomers["id"], tables::kCustomers["name"],
                                    tables::kCustomers["company_name"], tables::kCustomers["email"],
                                    tables::kCustomers["currency"], tables::kCustomers["status"],
                                    tables::kCustomers["created_at"], tables::kCustomers["credit"]},
                                   {{"created_at", "created_at"}, {"name", "name"}},
                                   "-created_at",
                                   {"status", "currency", "created_at[gte]", "created_at[lte]",
                                    "search", "search_fields"}};
        auto list = PagingOf(context, spec);
        if (!list) co_return Error(list.error());
        if (!QueryParameter(context.request, "status")) {
          list->filters.push_back({"status", Filter::Op::kIn, {std::string("active")}});
        }
        for (auto [name, column] : {std::pair{"status", "status"}, {"currency", "currency"}}) {
          if (auto filtered = EqualFilter(context.request, name, column, *list); !filtered) {
            co_return Error(filtered.error());
          }
        }
        if (auto ranged = InstantRange(context.request, "created_at", "created_at", *list);
            !ranged) {
          co_return Error(ranged.error());
        }
        if (auto searched = SearchFilter(context.request, "customer_search",
                                         {"name", "company_name", "email"}, *list);
            !searched) {
          co_return Error(searched.error());
        }
        ListRequest query = std::move(*list);
        Query query_run = [query](projections::Database& db) -> domain::Result<std::string> {
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
            json.Key("status").String(Text(row[tables::kCustomers["status"]]));
            json.Key("balance").BeginArray();
            auto balances = owed->Of(query.organization_id, Text(row[tables::kCustomers["id"]]));
            if (!balances) failure = balances.error();
            using Owed = std::vector<std::pair<std::string, int64_t>>;
            for (const auto& [currency, amount] : balances.value_or(Owed{})) {
              json.BeginObject().Key("currency").String(currency);
              Amount(json, "amount", amount, currency);
              json.EndObject();
            }
            json.EndArray();
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
