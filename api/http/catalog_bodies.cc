#include "api/http/catalog_bodies.h"

#include "api/http/json_input.h"

namespace factura::api {

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

}  // namespace factura::api
