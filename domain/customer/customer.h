#pragma once
// The Customer aggregate: who is invoiced, and their credit balance.
//
// Pure: the context carries the time, the new id and the one fact about other aggregates a
// decision needs (whether invoices reference the customer), loaded by the command processor.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "domain/customer/customer_commands.h"
#include "domain/customer/customer_state.h"
#include "domain/error.h"
#include "domain/events.h"

namespace factura::domain {

struct CustomerContext {
  Timestamp now;
  std::string new_customer_id;  // used by CreateCustomer
  bool has_invoices = false;    // used by DeleteCustomer
  // Whether another of the organization's customers has this e-mail (case-insensitive):
  // e-mails are unique per organization. Unset: not checked.
  std::function<bool(std::string_view email)> email_taken;
};

// "active", "inactive", "suspended"; nullopt for anything else.
[[nodiscard]] std::optional<CustomerStatus> ParseCustomerStatus(std::string_view name);
[[nodiscard]] std::string_view CustomerStatusName(CustomerStatus status);
// What the API and the read model show: "deleted" for a deleted customer, else its status.
[[nodiscard]] std::string_view CustomerStatusName(const CustomerState& customer);

// Errors: `customer_exists`, `customer_not_found` (kNotFound), `email_taken` (kAlreadyExists),
// `customer_has_invoices`
// (kFailedPrecondition), `insufficient_credit`, `field_not_nullable`, and the field errors
// of the profile (`missing_field`, `invalid_email`, `invalid_country`, `unsupported_currency`,
// `invalid_payment_terms`, `text_too_long`, ...).
[[nodiscard]] Result<Events> Decide(const CustomerState& state, const CustomerCommand& command,
                                    const CustomerContext& context);

// Folds one of the customer's events; other aggregates' events leave the state as it is.
CustomerState Evolve(CustomerState state, const Event& event);

}  // namespace factura::domain
