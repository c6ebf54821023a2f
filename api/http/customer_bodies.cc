#include "api/http/customer_bodies.h"

#include "api/http/address_body.h"
#include "api/http/json_input.h"

namespace factura::api {
namespace {

// Seed 004 calls the billing address `address`; `billing_address` wins when both are sent (the
// other is then an unknown field).
const char* BillingAddressKey(const JsonFields& fields) {
  return fields.Has("billing_address") ? "billing_address" : "address";
}

}  // namespace

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
                            {"tax_number", &command.tax_number},
                            {"contact_name", &command.contact_name},
                            {"customer_type", &command.customer_type},
                            {"website", &command.website},
                            {"notes", &command.notes},
                            {"status", &command.status}}) {
    auto value = f.OptionalString(key);
    if (!value) return std::unexpected(value.error());
    *field = *value;
  }
  FACTURA_TRY(f.ReadNumbers({{"credit_limit", &command.credit_limit}}));
  auto terms = f.OptionalInteger("payment_terms");
  if (!terms) return std::unexpected(terms.error());
  if (*terms) {
    if (**terms < INT32_MIN || **terms > INT32_MAX) {
      return domain::Invalid("invalid_payment_terms", "payment_terms", "Out of range");
    }
    command.payment_terms_days = static_cast<int32_t>(**terms);
  }
  for (auto [key, into] : {std::pair{BillingAddressKey(f), &command.billing_address},
                           {"shipping_address", &command.shipping_address}}) {
    auto address = f.OptionalObject(key);
    if (!address) return std::unexpected(address.error());
    if (!*address) continue;
    auto parsed_address = ParseAddress(**address);
    if (!parsed_address) return std::unexpected(parsed_address.error());
    *into = std::move(*parsed_address);
  }
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

domain::Result<domain::UpdateCustomer> ParseUpdateCustomer(std::string_view body,
                                                           bool replace_addresses) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::UpdateCustomer command;
  for (auto [key, field] : {std::pair{"name", &command.name},
                            {"company_name", &command.company_name},
                            {"email", &command.email},
                            {"phone", &command.phone},
                            {"currency", &command.currency},
                            {"tax_number", &command.tax_number},
                            {"contact_name", &command.contact_name},
                            {"customer_type", &command.customer_type},
                            {"website", &command.website},
                            {"notes", &command.notes},
                            {"status", &command.status}}) {
    auto value = f.PatchString(key);
    if (!value) return std::unexpected(value.error());
    *field = *value;
  }
  auto terms = f.PatchInt32("payment_terms");
  if (!terms) return std::unexpected(terms.error());
  command.payment_terms_days = *terms;
  auto limit = f.PatchNumber("credit_limit");
  if (!limit) return std::unexpected(limit.error());
  command.credit_limit = std::move(*limit);
  for (auto [key, into] : {std::pair{BillingAddressKey(f), &command.billing_address},
                           {"shipping_address", &command.shipping_address}}) {
    auto address = PatchAddressFields(f, key, replace_addresses);
    if (!address) return std::unexpected(address.error());
    *into = std::move(*address);
  }
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

domain::Result<domain::AdjustCustomerCredit> ParseCreditAdjustment(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::AdjustCustomerCredit command;
  auto amount = f.OptionalNumber("amount");
  if (!amount) return std::unexpected(amount.error());
  if (!*amount) return domain::Invalid("missing_field", "amount", "This field is required");
  command.amount = **amount;
  for (auto [key, into] : {std::pair{"currency", &command.currency}, {"reason", &command.reason}}) {
    auto value = f.RequiredString(key);
    if (!value) return std::unexpected(value.error());
    *into = *value;
  }
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

}  // namespace factura::api
