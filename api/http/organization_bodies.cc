#include "api/http/organization_bodies.h"

#include "api/http/address_body.h"
#include "api/http/json_input.h"
#include "api/time_zones.h"

namespace factura::api {

domain::Result<domain::UpdateOrganizationSettings> ParseUpdateOrganization(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::UpdateOrganizationSettings command;
  FACTURA_TRY(f.ReadPatches({{"name", &command.name},
                             {"default_currency", &command.default_currency},
                             {"invoice_number_prefix", &command.invoice_number_prefix},
                             {"legal_name", &command.legal_name},
                             {"tax_id", &command.tax_id},
                             {"payment_number_prefix", &command.payment_number_prefix},
                             {"locale", &command.locale},
                             {"time_zone", &command.time_zone}}));
  auto terms = f.PatchInt32("payment_terms");
  if (!terms) return std::unexpected(terms.error());
  command.payment_terms_days = *terms;
  for (auto [key, field] : {std::pair{"next_invoice_number", &command.next_invoice_number},
                            {"next_payment_number", &command.next_payment_number}}) {
    auto next = f.PatchInt64(key);
    if (!next) return std::unexpected(next.error());
    *field = *next;
  }
  auto address = PatchAddress(f, "address");
  if (!address) return std::unexpected(address.error());
  command.address = std::move(*address);
  FACTURA_TRY(f.RejectUnknownFields());
  if (command.time_zone.sets() && !IsKnownTimeZone(command.time_zone.value())) {
    return domain::Invalid("invalid_time_zone", "time_zone",
                           "No time zone '" + command.time_zone.value() +
                               "' in the time zone database; use an IANA name such as "
                               "'Europe/Lisbon' or 'UTC'");
  }
  return command;
}

}  // namespace factura::api
