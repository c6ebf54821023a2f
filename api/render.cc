#include "api/render.h"

#include "domain/money.h"

namespace factura::api {
namespace {

void OptionalString(JsonWriter& json, std::string_view key,
                    const std::optional<std::string>& value) {
  json.Key(key);
  if (value) {
    json.String(*value);
  } else {
    json.Null();
  }
}

}  // namespace

void WriteCustomer(JsonWriter& json, const domain::CustomerState& customer) {
  const domain::CustomerProfile& p = customer.profile;
  json.BeginObject();
  json.Key("id").String(customer.id);
  json.Key("object").String("customer");
  json.Key("name").String(p.name);
  OptionalString(json, "company_name", p.company_name);
  OptionalString(json, "email", p.email);
  OptionalString(json, "phone", p.phone);
  json.Key("billing_address");
  if (p.billing_address) {
    const domain::Address& a = *p.billing_address;
    json.BeginObject();
    json.Key("street").String(a.street);
    OptionalString(json, "street2", a.street2);
    json.Key("city").String(a.city);
    OptionalString(json, "state", a.state);
    OptionalString(json, "postal_code", a.postal_code);
    json.Key("country").String(a.country);
    json.EndObject();
  } else {
    json.Null();
  }
  json.Key("payment_terms");
  if (p.payment_terms_days) {
    json.Int(*p.payment_terms_days);
  } else {
    json.Null();
  }
  json.Key("currency");
  if (p.currency) {
    json.String(p.currency->code());
  } else {
    json.Null();
  }
  OptionalString(json, "tax_number", p.tax_number);
  json.Key("credit_balances").BeginArray();
  for (const auto& [code, minor] : customer.credit_minor_by_currency) {
    auto currency = domain::FindCurrency(code);
    if (!currency || minor == 0) continue;
    json.BeginObject()
        .Key("currency")
        .String(code)
        .Key("amount")
        .RawNumber(domain::FormatAmount(minor, *currency))
        .EndObject();
  }
  json.EndArray();
  json.Key("status").String(customer.deleted ? "deleted" : "active");
  json.Key("version").Int(static_cast<int64_t>(customer.version));
  json.Key("created_at").String(domain::FormatTimestamp(customer.created_at));
  json.Key("updated_at").String(domain::FormatTimestamp(customer.updated_at));
  json.EndObject();
}

std::string CustomerJson(const domain::CustomerState& customer) {
  JsonWriter json;
  WriteCustomer(json, customer);
  return std::move(json).Take();
}

void WriteOrganization(JsonWriter& json, const domain::OrganizationState& organization) {
  json.BeginObject();
  json.Key("id").String(organization.id);
  json.Key("object").String("organization");
  json.Key("name").String(organization.name);
  json.Key("default_currency").String(organization.default_currency.code());
  json.Key("invoice_number_prefix").String(organization.invoice_number_prefix);
  json.Key("payment_terms").Int(organization.payment_terms_days);
  json.Key("created_at").String(domain::FormatTimestamp(organization.created_at));
  json.EndObject();
}

}  // namespace factura::api
