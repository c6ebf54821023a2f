#pragma once
// Commands on API keys. The secret is made here, shown once in the creation's answer, and only
// its SHA-256 goes into the event.

#include <string>

#include "api/command_processor.h"
#include "domain/api_key/api_key.h"

namespace factura::api::commands {

// A new key with a new secret. Effect: kCreated. Errors: the decision's.
[[nodiscard]] Command CreateApiKey(domain::CreateApiKey command);

// Revokes the organization's key `id`. Effect: kChanged. Errors: kNotFound, the decision's.
[[nodiscard]] Command RevokeApiKey(std::string id);

}  // namespace factura::api::commands
