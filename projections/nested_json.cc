#include "projections/nested_json.h"

#include <boost/json.hpp>

#include "domain/money.h"

namespace factura::projections {

std::string CreditBalancesJson(const domain::CustomerState& customer) {
  std::string json = "[";
  for (const auto& [code, minor] : customer.credit_minor_by_currency) {
    auto currency = domain::FindCurrency(code);
    if (!currency || minor == 0) continue;
    if (json.size() > 1) json += ',';
    json +=
        "{\"currency\":\"" + code + "\",\"amount\":" + domain::FormatAmount(minor, *currency) + "}";
  }
  return json + "]";
}

std::string CreditNoteLinesJson(const domain::CreditNoteState& note) {
  std::string json = "[";
  for (const domain::CreditNoteLine& line : note.lines) {
    if (json.size() > 1) json += ',';
    json += "{\"description\":" + boost::json::serialize(boost::json::string(line.description)) +
            ",\"quantity\":" + domain::FormatQuantity(line.quantity) +
            ",\"unit_price\":" + domain::FormatAmount(line.unit_price_minor, note.amount.currency) +
            ",\"amount\":" + domain::FormatAmount(line.amount_minor, note.amount.currency) + "}";
  }
  return json + "]";
}

}  // namespace factura::projections
