#pragma once
// Events of the Organization aggregate (stream: the organization's id). The organization is the
// tenant: its settings and the invoice-number sequence it owns.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/address.h"
#include "domain/currency.h"
#include "domain/date.h"
#include "domain/patch.h"

namespace factura::domain {

struct OrganizationCreated {
  static constexpr std::string_view kType = "OrganizationCreated";
  std::string organization_id;
  std::string name;
  Currency default_currency;
  std::string invoice_number_prefix;
  int32_t payment_terms_days = 30;
  Timestamp at;
  friend bool operator==(const OrganizationCreated&, const OrganizationCreated&) = default;
};

struct OrganizationSettingsUpdated {
  static constexpr std::string_view kType = "OrganizationSettingsUpdated";
  std::string organization_id;
  Patch<std::string> name;
  Patch<Currency> default_currency;
  Patch<std::string> invoice_number_prefix;
  Patch<int32_t> payment_terms_days;
  Timestamp at;
  // Schema 2 (what follows appended; schema 1 is the fields above alone).
  Patch<std::string> legal_name;
  Patch<Address> address;
  Patch<std::string> tax_id;
  Patch<std::string> payment_number_prefix;
  Patch<int64_t> next_invoice_number;
  Patch<int64_t> next_payment_number;
  Patch<std::string> locale;
  Patch<std::string> time_zone;
  friend bool operator==(const OrganizationSettingsUpdated&,
                         const OrganizationSettingsUpdated&) = default;
};

// An invoice number taken from (sequence > 0) or beside (sequence == 0, a custom number) the
// organization's sequence. Recorded on the organization's stream in the same append as the
// invoice's InvoiceDrafted, so every number ever handed out is on record.
struct InvoiceNumberReserved {
  static constexpr std::string_view kType = "InvoiceNumberReserved";
  std::string organization_id;
  std::string invoice_id;
  std::string number;
  int64_t sequence = 0;
  Timestamp at;
  friend bool operator==(const InvoiceNumberReserved&, const InvoiceNumberReserved&) = default;
};

// A payment number taken from the organization's payment sequence, recorded on its stream in the
// same append as the payment's PaymentRecorded (like invoice numbers).
struct PaymentNumberReserved {
  static constexpr std::string_view kType = "PaymentNumberReserved";
  std::string organization_id;
  std::string payment_id;
  std::string number;
  int64_t sequence = 0;
  Timestamp at;
  friend bool operator==(const PaymentNumberReserved&, const PaymentNumberReserved&) = default;
};

// The organization's rate-limit plan (seed 000 §1), set by the operator (`factura organizations
// plan`), never by the organization itself. `rate_limit_per_minute` is a custom limit that wins
// over the plan's (enterprise agreements); absent, the plan's own applies.
struct OrganizationPlanChanged {
  static constexpr std::string_view kType = "OrganizationPlanChanged";
  std::string organization_id;
  std::string plan;
  std::optional<int64_t> rate_limit_per_minute;
  Timestamp at;
  friend bool operator==(const OrganizationPlanChanged&, const OrganizationPlanChanged&) = default;
};

}  // namespace factura::domain
