#pragma once
// The Organization aggregate: the tenant's settings and its invoice-number sequence.
//
//   Result<Events> events = Decide(state, CreateOrganization{...}, context);
//   for (const Event& e : *events) state = Evolve(std::move(state), e);
//
// Pure: no I/O, no clock; the context carries the time and new ids.

#include <optional>
#include <string>
#include <string_view>

#include "domain/error.h"
#include "domain/events.h"
#include "domain/organization/organization_commands.h"
#include "domain/organization/organization_state.h"

namespace factura::domain {

struct OrganizationContext {
  Timestamp now;
  std::string new_organization_id;  // used by CreateOrganization
};

// The locales documents are written in (labels, dates, numbers).
inline constexpr std::string_view kSupportedLocales[] = {"en-US", "pt-BR", "es-ES"};

// Errors: `organization_exists`, `organization_not_found`, and field errors on each setting
// (`next_number_already_used` when a next number is at or below one handed out).
[[nodiscard]] Result<Events> Decide(const OrganizationState& state,
                                    const OrganizationCommand& command,
                                    const OrganizationContext& context);

// Folds one of the organization's events; events of other aggregates leave the state as it is.
OrganizationState Evolve(OrganizationState state, const Event& event);

// Which invoice numbers the organization has already handed out. The command processor keeps
// this index (it sees every InvoiceNumberReserved); tests use a set.
class InvoiceNumberRegistry {
 public:
  virtual ~InvoiceNumberRegistry() = default;
  virtual bool InUse(std::string_view number) const = 0;
};

inline constexpr size_t kMaxInvoiceNumberLength = 64;

// "INV-2025-0001", "PAY-2025-0001": prefix, the document date's year, the sequence with at least
// four digits.
[[nodiscard]] std::string FormatDocumentNumber(std::string_view prefix, int year, int64_t sequence);

// Takes the next free number of the sequence, or checks a custom one. Numbers are unique per
// organization, strictly increasing along the sequence and never reused (a generated number that
// a custom number already took is skipped). Errors: `invoice_number_taken` (kAlreadyExists, param
// `number`), `invalid_invoice_number`.
[[nodiscard]] Result<InvoiceNumberReserved> ReserveInvoiceNumber(
    const OrganizationState& organization, const std::optional<std::string>& custom_number,
    Date issue_date, const InvoiceNumberRegistry& registry, std::string_view invoice_id,
    Timestamp now);

// The next number of the organization's payment sequence (`payment_date`'s year), for the new
// payment `payment_id`.
[[nodiscard]] PaymentNumberReserved ReservePaymentNumber(const OrganizationState& organization,
                                                         std::string_view payment_id,
                                                         Date payment_date, Timestamp now);

}  // namespace factura::domain
