#include "api/http/address_body.h"

namespace factura::api {

domain::Result<domain::Address> ParseAddress(JsonFields& fields) {
  domain::Address address;
  auto street = fields.RequiredString("street");
  if (!street) return std::unexpected(street.error());
  address.street = *street;
  auto city = fields.RequiredString("city");
  if (!city) return std::unexpected(city.error());
  address.city = *city;
  auto country = fields.RequiredString("country");
  if (!country) return std::unexpected(country.error());
  address.country = *country;
  FACTURA_TRY(fields.ReadStrings({{"street2", &address.street2},
                                  {"state", &address.state},
                                  {"postal_code", &address.postal_code}}));
  if (!address.state) FACTURA_TRY(fields.ReadStrings({{"region", &address.state}}));
  FACTURA_TRY(fields.RejectUnknownFields());
  return address;
}

domain::Result<domain::Patch<domain::AddressPatch>> PatchAddressFields(JsonFields& fields,
                                                                       std::string_view key,
                                                                       bool replace) {
  switch (fields.PresenceOf(key)) {
    case JsonFields::Presence::kOmitted:
      return domain::Patch<domain::AddressPatch>::Omitted();
    case JsonFields::Presence::kNull:
      return domain::Patch<domain::AddressPatch>::Null();
    case JsonFields::Presence::kPresent:
      break;
  }
  auto object = fields.OptionalObject(key);
  if (!object) return std::unexpected(object.error());
  JsonFields& f = **object;
  domain::AddressPatch changes{.replace = replace};
  FACTURA_TRY(f.ReadPatches({{"street", &changes.street},
                             {"street2", &changes.street2},
                             {"city", &changes.city},
                             {"state", &changes.state},
                             {"postal_code", &changes.postal_code},
                             {"country", &changes.country}}));
  if (changes.state.omitted()) FACTURA_TRY(f.ReadPatches({{"region", &changes.state}}));
  FACTURA_TRY(f.RejectUnknownFields());
  return domain::Patch<domain::AddressPatch>::Set(std::move(changes));
}

domain::Result<domain::Patch<domain::Address>> PatchAddress(JsonFields& fields,
                                                            std::string_view key) {
  switch (fields.PresenceOf(key)) {
    case JsonFields::Presence::kOmitted:
      return domain::Patch<domain::Address>::Omitted();
    case JsonFields::Presence::kNull:
      return domain::Patch<domain::Address>::Null();
    case JsonFields::Presence::kPresent:
      break;
  }
  auto object = fields.OptionalObject(key);
  if (!object) return std::unexpected(object.error());
  auto address = ParseAddress(**object);
  if (!address) return std::unexpected(address.error());
  return domain::Patch<domain::Address>::Set(std::move(*address));
}

}  // namespace factura::api
