#include "api/commands/catalog_commands.h"

#include "api/aggregate_reader.h"
#include "api/commands/command_support.h"
#include "api/render.h"
#include "domain/ids.h"
#include "domain/organization/organization.h"

namespace factura::api::commands {
namespace {

// The tax rate a product command names, if it names one.
std::optional<std::string> TaxRateNamed(const domain::ProductCommand& command) {
  if (const auto* create = std::get_if<domain::CreateProduct>(&command)) {
    return create->tax_rate_id;
  }
  if (const auto* update = std::get_if<domain::UpdateProduct>(&command)) {
    if (update->tax_rate_id.sets()) return update->tax_rate_id.value();
  }
  return std::nullopt;
}

}  // namespace

Command DecideProduct(std::optional<std::string> existing_id, domain::ProductCommand command,
                      std::optional<uint64_t> expected) {
  return [existing_id = std::move(existing_id), command = std::move(command),
          expected](Workspace& ws) -> domain::Result<Outcome> {
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
    std::optional<std::string> tax_rate_id = TaxRateNamed(command);
    if (tax_rate_id && domain::ValidateId(*tax_rate_id, domain::kTaxRatePrefix, "tax_rate_id")) {
      auto rate = ws.Load<domain::TaxRateState>(*tax_rate_id);
      context.tax_rate = rate ? *rate : nullptr;
    }
    auto events = domain::Decide(**product, command, context);
    if (!events) return std::unexpected(events.error());
    std::string body = ProductJson(FoldEvents(**product, *events));  // before the events move
    return Outcome{std::move(*events), existing_id ? Effect::kChanged : Effect::kCreated,
                   std::move(body)};
  };
}

Command DecideTaxRate(std::optional<std::string> existing_id, domain::TaxRateCommand command,
                      std::optional<uint64_t> expected) {
  return [existing_id = std::move(existing_id), command = std::move(command),
          expected](Workspace& ws) -> domain::Result<Outcome> {
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
    return Outcome{std::move(*events), existing_id ? Effect::kChanged : Effect::kCreated,
                   std::move(body)};
  };
}

}  // namespace factura::api::commands
