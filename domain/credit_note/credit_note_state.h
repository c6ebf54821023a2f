#pragma once
// The CreditNote aggregate's state, folded from its events by `Evolve`.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/credit_note/credit_note_events.h"

namespace factura::domain {

struct CreditNoteState {
  bool exists = false;
  uint64_t version = 0;
  std::string id;
  std::string invoice_id;
  std::string customer_id;
  std::string number;
  Money amount;
  int64_t applied_minor = 0;
  int64_t credited_minor = 0;
  int64_t tax_minor = 0;
  std::vector<CreditNoteLine> lines;
  std::optional<std::string> reason;
  Timestamp created_at;
  Timestamp updated_at;
};

}  // namespace factura::domain
