// Routes of /v1/products and /v1/tax-rates.
#include "api/aggregate_reader.h"
#include "api/commands/catalog_commands.h"
#include "api/http/app.h"
#include "api/http/catalog_bodies.h"
#include "api/http/json_input.h"
#include "api/http/json_writer.h"
#include "api/http/list_support.h"
#include "api/http/route_support.h"
#include "api/render.h"
#include "domain/ids.h"
#include "projections/tables/catalog.h"

namespace factura::api {
void App::DeclareCatalogRoutes() {
  auto run = [this](RequestContext& context, Command command) -> asio::awaitable<ApiResponse> {
    ApiResponse response = co_await Execute(context, std::move(command));
    co_return response;
  };
  router_.Add(http::verb::post, "/v1/products", "products.create", "products:write",
              [this, run](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto command = ParseCreateProduct(context.request.body());
                if (!command) co_return Error(command.error());
                Command decide =
                    commands::DecideProduct(std::nullopt, std::move(*command), std::nullopt);
                ApiResponse response = co_await run(context, std::move(decide));
                co_return response;
              });
  auto update_product = [this, run](RequestContext& context) -> asio::awaitable<ApiResponse> {
    auto command = ParseUpdateProduct(context.request.body());
    if (!command) co_return Error(command.error());
    auto if_match = IfMatch(context.request);
    if (!if_match) co_return Error(if_match.error());
    Command decide =
        commands::DecideProduct(context.params.find("id")->second, std::move(*command), *if_match);
    ApiResponse response = co_await run(context, std::move(decide));
    co_return response;
  };
  router_.Add(http::verb::put, "/v1/products/{id}", "products.update", "products:write",
              update_product);
  router_.Add(http::verb::patch, "/v1/products/{id}", "products.update", "products:write",
              update_product);
  for (bool archive : {true, false}) {
    router_.Add(http::verb::post,
                archive ? "/v1/products/{id}/archive" : "/v1/products/{id}/unarchive",
                archive ? "products.archive" : "products.unarchive", "products:write",
                [this, run, archive](RequestContext& context) -> asio::awaitable<ApiResponse> {
                  domain::ProductCommand command = domain::ArchiveProduct{};
                  if (!archive) command = domain::UnarchiveProduct{};
                  Command decide = commands::DecideProduct(context.params.find("id")->second,
                                                           std::move(command), std::nullopt);
                  ApiResponse response = co_await run(context, std::move(decide));
                  co_return response;
                });
  }
  router_.Add(http::verb::get, "/v1/products/{id}", "products.retrieve", "products:read",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::string id = context.params.find("id")->second;
                if (!domain::ValidateId(id, domain::kProductPrefix, "id")) {
                  co_return Error(NotFound("product", id).error());
                }
                auto product = co_await ReadDurable<domain::ProductState>(context, id);
                if (!product) co_return Error(product.error());
                if (!(*product)->exists) {
                  co_return Error(NotFound("product", id).error());
                }
                co_return ApiResponse{200, ProductJson(**product)};
              });

  router_.Add(http::verb::post, "/v1/tax-rates", "tax_rates.create", "products:write",
              [this, run](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto command = ParseCreateTaxRate(context.request.body());
                if (!command) co_return Error(command.error());
                Command decide =
                    commands::DecideTaxRate(std::nullopt, std::move(*command), std::nullopt);
                ApiResponse response = co_await run(context, std::move(decide));
                co_return response;
              });
  auto update_rate = [this, run](RequestContext& context) -> asio::awaitable<ApiResponse> {
    auto command = ParseUpdateTaxRate(context.request.body());
    if (!command) co_return Error(command.error());
    auto if_match = IfMatch(context.request);
    if (!if_match) co_return Error(if_match.error());
    Command decide =
        commands::DecideTaxRate(context.params.find("id")->second, std::move(*command), *if_match);
    ApiResponse response = co_await run(context, std::move(decide));
    co_return response;
  };
  router_.Add(http::verb::put, "/v1/tax-rates/{id}", "tax_rates.update", "products:write",
              update_rate);
  router_.Add(http::verb::patch, "/v1/tax-rates/{id}", "tax_rates.update", "products:write",
              update_rate);
  router_.Add(http::verb::post, "/v1/tax-rates/{id}/archive", "tax_rates.archive", "products:write",
              [this, run](RequestContext& context) -> asio::awaitable<ApiResponse> {
                Command decide = commands::DecideTaxRate(context.params.find("id")->second,
                                                         domain::ArchiveTaxRate{}, std::nullopt);
                ApiResponse response = co_await run(context, std::move(decide));
                co_return response;
              });
  router_.Add(http::verb::get, "/v1/tax-rates/{id}", "tax_rates.retrieve", "products:read",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::string id = context.params.find("id")->second;
                if (!domain::ValidateId(id, domain::kTaxRatePrefix, "id")) {
                  co_return Error(NotFound("tax rate", id).error());
                }
                auto rate = co_await ReadDurable<domain::TaxRateState>(context, id);
                if (!rate) co_return Error(rate.error());
                if (!(*rate)->exists) {
                  co_return Error(NotFound("tax rate", id).error());
                }
                co_return ApiResponse{200, TaxRateJson(**rate)};
              });

  // The list.
  router_.Add(
      http::verb::get, "/v1/products", "products.list", "products:read",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        static const ListSpec spec{
            &tables::kProducts,
            {tables::kProducts["id"], tables::kProducts["name"], tables::kProducts["sku"],
             tables::kProducts["category"], tables::kProducts["unit_price"],
             tables::kProducts["currency"], tables::kProducts["is_active"],
             tables::kProducts["created_at"]},
            {{"created_at", "created_at"}, {"name", "name"}, {"unit_price", "unit_price"}},
            "-created_at",
            {"category", "is_active", "currency"}};
        auto list = PagingOf(context, spec);
        if (!list) co_return Error(list.error());
        for (auto [name, column] : {std::pair{"category", "category"}, {"currency", "currency"}}) {
          if (auto filtered = EqualFilter(context.request, name, column, *list); !filtered) {
            co_return Error(filtered.error());
          }
        }
        if (auto active = ActiveFilter(context.request, *list); !active) {
          co_return Error(active.error());
        }
        Query query_run =
            PageQuery(std::move(*list), [](JsonWriter& json, const std::vector<Value>& row) {
              json.BeginObject();
              json.Key("id").String(Text(row[tables::kProducts["id"]]));
              json.Key("object").String("product");
              json.Key("name").String(Text(row[tables::kProducts["name"]]));
              TextOrNull(json, "sku", row[tables::kProducts["sku"]]);
              TextOrNull(json, "category", row[tables::kProducts["category"]]);
              Amount(json, "unit_price", Int(row[tables::kProducts["unit_price"]]),
                     Text(row[tables::kProducts["currency"]]));
              json.Key("currency").String(Text(row[tables::kProducts["currency"]]));
              json.Key("is_active").Bool(Int(row[tables::kProducts["is_active"]]) != 0);
              Instant(json, "created_at", row[tables::kProducts["created_at"]]);
              json.EndObject();
            });
        // Named: GCC 12 destroys temporaries of a co_await expression twice.
        ApiResponse response = co_await QueryReadModels(context, std::move(query_run));
        co_return response;
      });

  router_.Add(
      http::verb::get, "/v1/tax-rates", "tax_rates.list", "products:read",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        static const ListSpec spec{
            &tables::kTaxRates,
            {tables::kTaxRates["id"], tables::kTaxRates["name"], tables::kTaxRates["type"],
             tables::kTaxRates["rate"], tables::kTaxRates["inclusive"],
             tables::kTaxRates["is_active"], tables::kTaxRates["created_at"]},
            {{"created_at", "created_at"}, {"name", "name"}},
            "-created_at",
            {"is_active", "type"}};
        auto list = PagingOf(context, spec);
        if (!list) co_return Error(list.error());
        if (auto filtered = EqualFilter(context.request, "type", "type", *list); !filtered) {
          co_return Error(filtered.error());
        }
        if (auto active = ActiveFilter(context.request, *list); !active) {
          co_return Error(active.error());
        }
        Query query_run =
            PageQuery(std::move(*list), [](JsonWriter& json, const std::vector<Value>& row) {
              json.BeginObject();
              json.Key("id").String(Text(row[tables::kTaxRates["id"]]));
              json.Key("object").String("tax_rate");
              json.Key("name").String(Text(row[tables::kTaxRates["name"]]));
              json.Key("type").String(Text(row[tables::kTaxRates["type"]]));
              json.Key("rate").RawNumber(Text(row[tables::kTaxRates["rate"]]));
              json.Key("inclusive").Bool(Int(row[tables::kTaxRates["inclusive"]]) != 0);
              json.Key("is_active").Bool(Int(row[tables::kTaxRates["is_active"]]) != 0);
              Instant(json, "created_at", row[tables::kTaxRates["created_at"]]);
              json.EndObject();
            });
        // Named: GCC 12 destroys temporaries of a co_await expression twice.
        ApiResponse response = co_await QueryReadModels(context, std::move(query_run));
        co_return response;
      });
}

}  // namespace factura::api
