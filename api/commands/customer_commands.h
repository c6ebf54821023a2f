#pragma once
// Commands on customers; each answers with the customer after its events.

#include <optional>
#include <string>

#include "api/command_processor.h"
#include "domain/customer/customer.h"

namespace factura::api::commands {

// A new customer. Effect: kCreated. Errors: the decision's.
[[nodiscard]] Command CreateCustomer(domain::CreateCustomer command);

// Changes the organization's active customer `id`, guarded by `expected` (If-Match) when given.
// Effect: kChanged. Errors: kNotFound, kConflict `version_mismatch`, the decision's.
[[nodiscard]] Command UpdateCustomer(std::string id, domain::UpdateCustomer command,
                                     std::optional<uint64_t> expected);

// Deletes the customer `id` (refused while invoices name it). Effect: kDeleted. Errors: as
// UpdateCustomer's.
// Adjusts the active customer `id`'s credit balance by a signed amount, with a reason.
// Effect: kChanged. Errors: kNotFound, the decision's.
[[nodiscard]] Command AdjustCustomerCredit(std::string id, domain::AdjustCustomerCredit command);

[[nodiscard]] Command DeleteCustomer(std::string id, std::optional<uint64_t> expected);

}  // namespace factura::api::commands
