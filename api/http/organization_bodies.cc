#include "api/http/organization_bodies.h"

#include "api/http/json_input.h"

namespace factura::api {

domain::Result<domain::UpdateOrganizationSettings> ParseUpdateOrganization(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::UpdateOrganizationSettings command;
  for (auto [key, field] : {std::pair{"name", &command.name},
                            {"default_currency", &command.default_currency},
                            {"invoice_number_prefix", &command.invoice_number_prefix}}) {
    auto value = f.PatchString(key);
    if (!value) return std::unexpected(value.error());
    *field = *value;
  }
  auto terms = f.PatchInt32("payment_terms");
  if (!terms) return std::unexpected(terms.error());
  command.payment_terms_days = *terms;
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

}  // namespace factura::api
