#pragma once
// Events of the Payment aggregate (stream: the payment's id). Recording a payment also appends
// PaymentApplied (and InvoicePaid) to the invoice's stream and, for an overpayment,
// CustomerCreditAdjusted to the customer's, in the same atomic append.

#include <optional>
#include <string>
#include <string_view>

#include "domain/date.h"
#include "domain/money.h"

namespace factura::domain {

struct PaymentRecorded {
  static constexpr std::string_view kType = "PaymentRecorded";
  std::string payment_id;
  std::string invoice_id;
  std::string customer_id;
  Money amount;
  int64_t applied_minor = 0;   // to the invoice
  int64_t credited_minor = 0;  // the excess, to the customer's credit balance
  std::string payment_method;
  Date payment_date;
  std::optional<std::string> transaction_id;
  std::optional<std::string> reference;
  std::optional<std::string> notes;
  Timestamp at;
  std::string number;  // "PAY-2025-0001" (schema 2); empty for payments recorded before numbers
  // The invoice's number and customer as the payment was recorded (schema 3; empty before).
  std::string invoice_number;
  std::string customer_name;
  friend bool operator==(const PaymentRecorded&, const PaymentRecorded&) = default;
};

struct PaymentRefunded {
  static constexpr std::string_view kType = "PaymentRefunded";
  std::string payment_id;
  std::string refund_id;
  Money amount;
  int64_t from_invoice_minor = 0;  // taken back from the invoice (reopening it)
  int64_t from_credit_minor = 0;   // taken back from the customer's credit balance
  std::optional<std::string> reason;
  Date refund_date;
  Timestamp at;
  // Refunded to the customer's credit balance instead of money (seed 002 `applyAsCredit`):
  // taken from the invoice only, and added to the credit. Schema 2; version 1 reads false.
  bool to_credit = false;
  friend bool operator==(const PaymentRefunded&, const PaymentRefunded&) = default;
};

}  // namespace factura::domain
