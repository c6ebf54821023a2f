#pragma once
// Commands of the CreditNote aggregate.

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace factura::domain {

struct CreditNoteLineInput {
  std::string description;
  std::optional<std::string> quantity;  // default 1
  std::string unit_price;
};

// Against an issued invoice: an amount, or lines that add up to it (both: they must agree).
struct CreateCreditNote {
  std::string invoice_id;
  std::optional<std::string> amount;
  std::vector<CreditNoteLineInput> lines;
  std::optional<std::string> reason;
};

using CreditNoteCommand = std::variant<CreateCreditNote>;

}  // namespace factura::domain
