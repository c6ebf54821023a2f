#pragma once
// The Payment aggregate's state, folded from its events by `Evolve`.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "domain/money.h"

namespace factura::domain {

struct RefundRecord {
  std::string refund_id;
  int64_t amount_minor = 0;
  std::optional<std::string> reason;
  Date refund_date;
  Timestamp at;
  bool to_credit = false;
  friend bool operator==(const RefundRecord&, const RefundRecord&) = default;
};

struct PaymentState {
  bool exists = false;
  uint64_t version = 0;
  std::string id;
  std::string number;          // empty for payments recorded before numbers
  std::string invoice_number;  // as recorded; empty for payments recorded before schema 3
  std::string customer_name;
  std::string invoice_id;
  std::string customer_id;
  Money amount;
  int64_t applied_minor = 0;
  int64_t credited_minor = 0;
  std::string payment_method;
  Date payment_date;
  std::optional<std::string> transaction_id;
  std::optional<std::string> reference;
  std::optional<std::string> notes;
  int64_t refunded_minor = 0;
  int64_t refunded_from_invoice_minor = 0;
  std::vector<RefundRecord> refunds;
  Timestamp created_at;
  Timestamp updated_at;

  int64_t Refundable() const { return amount.minor_units - refunded_minor; }
  // "succeeded", "partially_refunded" or "refunded".
  std::string_view status() const {
    if (refunded_minor == 0) return "succeeded";
    return Refundable() == 0 ? "refunded" : "partially_refunded";
  }
};

}  // namespace factura::domain
