// Routes of /v1/products and /v1/tax-rates.
#include "api/aggregate_reader.h"
#include "api/http/app.h"
#include "api/http/json_input.h"
#include "api/http/json_writer.h"
#include "api/http/route_support.h"
#include "api/render.h"
#include "domain/ids.h"

namespace factura::api {
namespace {

domain::Result<domain::CreateProduct> ParseCreateProduct(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::CreateProduct command;
  auto name = f.RequiredString("name");
  if (!name) return std::unexpected(name.error());
  command.name = *name;
  auto price = f.OptionalNumber("unit_price");
  if (!price) return std::unexpected(price.error());
  if (!*price) return domain::Invalid("missing_field", "unit_price", "This field is required");
  command.unit_price = **price;
  FACTURA_TRY(f.ReadStrings({{"description", &command.description},
                             {"sku", &command.sku},
                             {"currency", &command.currency},
                             {"unit", &command.unit},
                             {"tax_rate_id", &command.tax_rate_id},
                             {"category", &command.category}}));
  if (!command.tax_rate_id) {
    FACTURA_TRY(f.ReadStrings({{"tax_profile_id", &command.tax_rate_id}}));
  }
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

domain::Result<domain::UpdateProduct> ParseUpdateProduct(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::UpdateProduct command;
  FACTURA_TRY(f.ReadPatches({{"name", &command.name},
                             {"description", &command.description},
                             {"sku", &command.sku},
                             {"unit", &command.unit},
                             {"category", &command.category}}));
  auto tax = f.Has("tax_rate_id") ? f.PatchString("tax_rate_id") : f.PatchString("tax_profile_id");
  if (!tax) return std::unexpected(tax.error());
  command.tax_rate_id = *tax;
  auto price = f.PatchNumber("unit_price");
  if (!price) return std::unexpected(price.error());
  command.unit_price = *price;
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

domain::Result<domain::CreateTaxRate> ParseCreateTaxRate(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::CreateTaxRate command;
  auto name = f.RequiredString("name");
  if (!name) return std::unexpected(name.error());
  command.name = *name;
  auto rate = f.OptionalNumber("rate");
  if (!rate) return std::unexpected(rate.error());
  if (!*rate) return domain::Invalid("missing_field", "rate", "This field is required");
  command.rate = **rate;
  FACTURA_TRY(f.ReadStrings({{"id", &command.id},
                             {"type", &command.type},
                             {"jurisdiction", &command.jurisdiction},
                             {"description", &command.description}}));
  auto inclusive = f.OptionalBool("inclusive");
  if (!inclusive) return std::unexpected(inclusive.error());
  command.inclusive = inclusive->value_or(false);
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

domain::Result<domain::UpdateTaxRate> ParseUpdateTaxRate(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::UpdateTaxRate command;
  FACTURA_TRY(f.ReadPatches({{"name", &command.name},
                             {"type", &command.type},
                             {"jurisdiction", &command.jurisdiction},
                             {"description", &command.description}}));
  auto rate = f.PatchNumber("rate");
  if (!rate) return std::unexpected(rate.error());
  command.rate = *rate;
  switch (f.PresenceOf("inclusive")) {
    case JsonFields::Presence::kOmitted:
      break;
    case JsonFields::Presence::kNull:
      command.inclusive = domain::Patch<bool>::Null();
      break;
    case JsonFields::Presence::kPresent: {
      auto inclusive = f.OptionalBool("inclusive");
      if (!inclusive) return std::unexpected(inclusive.error());
      command.inclusive = domain::Patch<bool>::Set(**inclusive);
      break;
    }
  }
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

// A product command: the context carries the organization's currency and the tax rate named.
Command ProductCommand(std::optional<std::string> existing_id, domain::ProductCommand command,
                       std::optional<uint64_t> expected) {
  return [existing_id = std::move(existing_id), command = std::move(command),
          expected](Workspace& ws) -> domain::Result<Decision> {
    std::string id = existing_id ? *existing_id : ws.NewId(domain::kProductPrefix);
    if (existing_id && !domain::ValidateId(id, domain::kProductPrefix, "id")) {
      return NotFound("product", id);
    }
    auto product = ws.Load<domain::ProductState>(id);
    if (!product) return std::unexpected(product.error());
    if (existing_id && !(*product)->exists) return NotFound("product", id);
    FACTURA_TRY(CheckVersion(expected, (*product)->version));
    domain::ProductContext context{ws.now(), id, {}, nullptr};
    auto organization = ws.Load<domain::OrganizationState>(ws.meta().organization_id);
    if (organization) context.default_currency = (*organization)->default_currency;
    std::optional<std::string> tax_rate_id;
    if (const auto* create = std::get_if<domain::CreateProduct>(&command)) {
      tax_rate_id = create->tax_rate_id;
    } else if (const auto* update = std::get_if<domain::UpdateProduct>(&command)) {
      if (update->tax_rate_id.sets()) tax_rate_id = update->tax_rate_id.value();
    }
    if (tax_rate_id && domain::ValidateId(*tax_rate_id, domain::kTaxRatePrefix, "tax_rate_id")) {
      auto rate = ws.Load<domain::TaxRateState>(*tax_rate_id);
      context.tax_rate = rate ? *rate : nullptr;
    }
    auto events = domain::Decide(**product, command, context);
    if (!events) return std::unexpected(events.error());
    std::string body = ProductJson(FoldEvents(**product, *events));  // before the events move
    return Decision{std::move(*events), existing_id ? 200u : 201u, std::move(body)};
  };
}

Command TaxRateCommand(std::optional<std::string> existing_id, domain::TaxRateCommand command,
                       std::optional<uint64_t> expected) {
  return [existing_id = std::move(existing_id), command = std::move(command),
          expected](Workspace& ws) -> domain::Result<Decision> {
    std::string id;
    if (existing_id) {
      id = *existing_id;
    } else if (const auto* create = std::get_if<domain::CreateTaxRate>(&command);
               create != nullptr && create->id) {
      id = *create->id;
    } else {
      id = ws.NewId(domain::kTaxRatePrefix);
    }
    if (!domain::ValidateId(id, domain::kTaxRatePrefix, "id")) {
      if (existing_id) return NotFound("tax rate", id);
      return domain::Invalid("invalid_id", "id", "Tax rate ids look like 'tax_gst_10'");
    }
    auto rate = ws.Load<domain::TaxRateState>(id);
    if (!rate) return std::unexpected(rate.error());
    if (existing_id && !(*rate)->exists) return NotFound("tax rate", id);
    FACTURA_TRY(CheckVersion(expected, (*rate)->version));
    auto events = domain::Decide(**rate, command, {ws.now(), id});
    if (!events) return std::unexpected(events.error());
    std::string body = TaxRateJson(FoldEvents(**rate, *events));  // before the events move
    return Decision{std::move(*events), existing_id ? 200u : 201u, std::move(body)};
  };
}

}  // namespace

void App::DeclareCatalogRoutes() {
  auto run = [this](RequestContext& context, Command command) -> asio::awaitable<ApiResponse> {
    ApiResponse response = co_await Execute(context, std::move(command));
    co_return response;
  };
  router_.Add(http::verb::post, "/v1/products", "products.create", "products:write",
              [this, run](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto command = ParseCreateProduct(context.request.body());
                if (!command) co_return Error(command.error());
                Command decide = ProductCommand(std::nullopt, std::move(*command), std::nullopt);
                ApiResponse response = co_await run(context, std::move(decide));
                co_return response;
              });
  auto update_product = [this, run](RequestContext& context) -> asio::awaitable<ApiResponse> {
    auto command = ParseUpdateProduct(context.request.body());
    if (!command) co_return Error(command.error());
    auto if_match = IfMatch(context.request);
    if (!if_match) co_return Error(if_match.error());
    Command decide =
        ProductCommand(context.params.find("id")->second, std::move(*command), *if_match);
    ApiResponse response = co_await run(context, std::move(decide));
    co_return response;
  };
  router_.Add(http::verb::put, "/v1/products/{id}", "products.update", "products:write",
              update_product);
  router_.Add(http::verb::patch, "/v1/products/{id}", "products.update", "products:write",
              update_product);
  for (bool archive : {true, false}) {
    router_.Add(
        http::verb::post, archive ? "/v1/products/{id}/archive" : "/v1/products/{id}/unarchive",
        archive ? "products.archive" : "products.unarchive", "products:write",
        [this, run, archive](RequestContext& context) -> asio::awaitable<ApiResponse> {
          domain::ProductCommand command = domain::ArchiveProduct{};
          if (!archive) command = domain::UnarchiveProduct{};
          Command decide =
              ProductCommand(context.params.find("id")->second, std::move(command), std::nullopt);
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
                Command decide = TaxRateCommand(std::nullopt, std::move(*command), std::nullopt);
                ApiResponse response = co_await run(context, std::move(decide));
                co_return response;
              });
  auto update_rate = [this, run](RequestContext& context) -> asio::awaitable<ApiResponse> {
    auto command = ParseUpdateTaxRate(context.request.body());
    if (!command) co_return Error(command.error());
    auto if_match = IfMatch(context.request);
    if (!if_match) co_return Error(if_match.error());
    Command decide =
        TaxRateCommand(context.params.find("id")->second, std::move(*command), *if_match);
    ApiResponse response = co_await run(context, std::move(decide));
    co_return response;
  };
  router_.Add(http::verb::put, "/v1/tax-rates/{id}", "tax_rates.update", "products:write",
              update_rate);
  router_.Add(http::verb::patch, "/v1/tax-rates/{id}", "tax_rates.update", "products:write",
              update_rate);
  router_.Add(http::verb::post, "/v1/tax-rates/{id}/archive", "tax_rates.archive", "products:write",
              [this, run](RequestContext& context) -> asio::awaitable<ApiResponse> {
                Command decide = TaxRateCommand(context.params.find("id")->second,
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
}

}  // namespace factura::api
