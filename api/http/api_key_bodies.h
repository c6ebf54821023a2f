#pragma once
// The bodies of /v1/api-keys requests, read into domain commands. Every field is checked: an
// unknown one is a 400 `unknown_parameter`, malformed JSON a 400, a value of the wrong type or
// shape a 422 naming the field.

#include <string_view>

#include "domain/api_key/api_key_commands.h"
#include "domain/error.h"

namespace factura::api {

// POST /v1/api-keys.
[[nodiscard]] domain::Result<domain::CreateApiKey> ParseCreateApiKey(std::string_view body);

}  // namespace factura::api
