#pragma once
// The bodies of /v1/organization requests, read into domain commands. Every field is checked: an
// unknown one is a 400 `unknown_parameter`, malformed JSON a 400, a value of the wrong type or
// shape a 422 naming the field.

#include <string_view>

#include "domain/error.h"
#include "domain/organization/organization_commands.h"

namespace factura::api {

// PATCH /v1/organization: omitted = unchanged; null clears legal_name, address and tax_id and is
// refused by the decision elsewhere; `address` is replaced whole; a time zone must exist.
[[nodiscard]] domain::Result<domain::UpdateOrganizationSettings> ParseUpdateOrganization(
    std::string_view body);

}  // namespace factura::api
