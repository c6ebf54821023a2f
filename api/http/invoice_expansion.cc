#include "api/http/invoice_expansion.h"

#include "api/http/json_writer.h"
#include "api/http/route_support.h"
#include "api/http/sparse_fields.h"
#include "api/render.h"

namespace factura::api {

domain::Result<Expansion> ParseExpand(const HttpRequest& request) {
  Expansion expand;
  auto text = QueryParameter(request, "expand");
  if (!text) return expand;
  for (size_t at = 0; at <= text->size();) {
    size_t comma = std::min(text->find(',', at), text->size());
    std::string_view name = std::string_view(*text).substr(at, comma - at);
    if (name == "customer") {
      expand.customer = true;
    } else if (name == "line_items") {
      expand.line_items = true;
    } else if (name == "payments") {
      expand.payments = true;
    } else {
      return domain::Invalid("invalid_expand", "expand", "Expand customer, line_items or payments");
    }
    at = comma + 1;
  }
  return expand;
}

std::string InvoiceExpander::InvoiceJson(const std::string& organization_id,
                                         const domain::InvoiceState& invoice,
                                         const Expansion& expand) const {
  std::string json =
      api::InvoiceJson(invoice, documents::PublicUrl(links_, organization_id, invoice));
  auto replace = [&](std::string_view member, const std::string& value) {
    auto current = MemberJson(json, member);
    if (!current) return;
    json.replace(static_cast<size_t>(current->data() - json.data()), current->size(), value);
  };
  if (expand.customer) {
    auto customer = DurableStateNow<domain::CustomerState>(states_, store_, organization_id,
                                                           invoice.content.customer.customer_id);
    if (customer && (*customer)->exists) replace("customer", CustomerJson(**customer));
  }
  if (expand.payments) {
    JsonWriter payments;
    payments.BeginArray();
    for (const auto& applied : invoice.payments) {
      auto payment = DurableStateNow<domain::PaymentState>(states_, store_, organization_id,
                                                           applied.payment_id);
      if (payment && (*payment)->exists) WritePayment(payments, **payment);
    }
    payments.EndArray();
    replace("payments", std::move(payments).Take());
  }
  return json;
}

std::map<std::string, std::string> InvoiceExpander::Members(const std::string& organization_id,
                                                            const std::string& invoice_id,
                                                            const Expansion& expand) const {
  std::map<std::string, std::string> members;
  auto invoice =
      DurableStateNow<domain::InvoiceState>(states_, store_, organization_id, invoice_id);
  if (!invoice || !(*invoice)->exists) return members;
  std::string whole = InvoiceJson(organization_id, **invoice, expand);
  for (const auto& [name, wanted] : {std::pair{"customer", expand.customer},
                                     {"line_items", expand.line_items},
                                     {"payments", expand.payments}}) {
    if (!wanted) continue;
    if (auto value = MemberJson(whole, name)) members.emplace(name, std::string(*value));
  }
  return members;
}

}  // namespace factura::api
