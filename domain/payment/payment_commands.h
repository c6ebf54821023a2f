#pragma once
// Commands of the Payment aggregate (seed 000 §4.3, seed 002 refunds).

#include <optional>
#include <string>
#include <variant>

namespace factura::domain {

struct RecordPayment {
  std::string invoice_id;
  std::string amount;                       // text, in the invoice's currency
  std::optional<std::string> currency;      // must equal the invoice's when given
  std::string payment_method;               // see kPaymentMethods
  std::optional<std::string> payment_date;  // default: today (UTC)
  std::optional<std::string> transaction_id;
  std::optional<std::string> reference;
  std::optional<std::string> notes;
};

// Seed 000 §4.1.9: a payment of exactly the amount due.
struct MarkInvoicePaid {
  std::string invoice_id;
  std::string payment_method = "other";
  std::optional<std::string> payment_date;
  std::optional<std::string> reference;
};

struct RefundPayment {
  std::optional<std::string> amount;  // default: all that is still refundable
  std::optional<std::string> reason;
  std::optional<std::string> refund_date;  // default: today (UTC)
  bool apply_as_credit = false;            // to the customer's credit balance, not money
};

using PaymentCommand = std::variant<RecordPayment, MarkInvoicePaid, RefundPayment>;

}  // namespace factura::domain
