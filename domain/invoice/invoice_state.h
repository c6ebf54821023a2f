#pragma once
// The Invoice aggregate's state, folded from its events by `Evolve`. The status is derived from
// the facts (issued, overdue, voided, amounts) by `DeriveStatus`, never stored on its own.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "domain/invoice/invoice_events.h"
#include "domain/invoice/invoice_totals.h"

namespace factura::domain {

enum class InvoiceStatus : uint8_t {
  kDraft,
  kSent,
  kPartiallyPaid,
  kPaid,
  kOverdue,
  kVoid,
  kUncollectible,
  kRefunded,
  kDeleted,
};

// "draft", "sent", "partially_paid", "paid", "overdue", "void", "uncollectible", "refunded",
// "deleted".
[[nodiscard]] std::string_view StatusName(InvoiceStatus status);

struct AppliedPaymentRecord {
  std::string payment_id;
  int64_t amount_minor = 0;
  Date payment_date;
  friend bool operator==(const AppliedPaymentRecord&, const AppliedPaymentRecord&) = default;
};

// The document templates (seed 000 `template_id`); the first is the default.
inline constexpr std::array<std::string_view, 3> kInvoiceTemplates = {"tmpl_classic", "tmpl_modern",
                                                                      "tmpl_compact"};
inline constexpr std::string_view kDefaultInvoiceTemplate = kInvoiceTemplates[0];

struct InvoiceState {
  bool exists = false;
  uint64_t version = 0;  // events applied
  std::string id;
  std::string number;
  InvoiceContent content;
  InvoiceTotals totals;  // of `content`, recomputed when it changes
  InvoiceStatus status = InvoiceStatus::kDraft;

  bool deleted = false;
  bool issued = false;
  bool overdue = false;
  bool voided = false;
  bool uncollectible = false;
  std::optional<Timestamp> issued_at;
  std::optional<Timestamp> sent_at;
  std::optional<Timestamp> viewed_at;
  // The hosted page's link: which generation is good, and whether any is (issued invoices only).
  uint32_t public_link_generation = 0;
  bool public_link_active = true;
  std::optional<Timestamp> voided_at;
  std::optional<std::string> void_reason;
  std::optional<Date> paid_on;
  std::vector<std::string> last_sent_to;
  std::string template_id{kDefaultInvoiceTemplate};

  int64_t amount_paid_minor = 0;         // applied by payments, before refunds
  int64_t amount_refunded_minor = 0;     // taken back from this invoice by refunds
  int64_t amount_credited_minor = 0;     // credit notes, the part taken off the amount due
  int64_t credit_notes_total_minor = 0;  // credit notes, whole (never above the total)
  int32_t credit_note_count = 0;
  int64_t customer_credit_applied_minor = 0;  // paid from the customer's credit balance
  std::vector<AppliedPaymentRecord> payments;

  Timestamp created_at;
  std::string created_by;  // the actor who drafted it; empty when not recorded
  Timestamp updated_at;

  int64_t NetPaid() const { return amount_paid_minor - amount_refunded_minor; }
  // total − payments applied + refunds − credit notes − customer credit applied (DESIGN.md §2).
  int64_t AmountDue() const {
    return totals.total - NetPaid() - amount_credited_minor - customer_credit_applied_minor;
  }
  bool IsPayable() const {
    return status == InvoiceStatus::kSent || status == InvoiceStatus::kPartiallyPaid ||
           status == InvoiceStatus::kOverdue;
  }
};

[[nodiscard]] InvoiceStatus DeriveStatus(const InvoiceState& state);

}  // namespace factura::domain
