#pragma once
// Commands on webhook endpoints. Each answers with the endpoint after its events; the signing
// secret is in the answer only where it is shown once (creation and rotation). Where a URL's host
// resolves is checked by the routes before the command (a DNS look-up has no place on the
// processor's thread); the URL's shape is the domain's rule.

#include <optional>
#include <string>

#include "api/command_processor.h"
#include "domain/webhook_endpoint/webhook_endpoint.h"

namespace factura::api::commands {

// A new endpoint with a new signing secret. Effect: kCreated. Errors: the decision's.
[[nodiscard]] Command CreateWebhookEndpoint(domain::CreateWebhookEndpoint command);

// `command` (update, delete, rotate-secret) on the organization's endpoint `id`, guarded by
// `expected` (If-Match) when given. Effect: kDeleted for a delete, otherwise kChanged. Errors:
// kNotFound for an unknown or deleted endpoint, kConflict `version_mismatch`, the decision's.
[[nodiscard]] Command ChangeWebhookEndpoint(std::string id, domain::WebhookEndpointCommand command,
                                            std::optional<uint64_t> expected);

// Disables the endpoint `id` (the dispatcher's decision after a 410 or three days of failures);
// nothing when it is already disabled or gone. Effect: kChanged, with no body.
[[nodiscard]] Command DisableWebhookEndpoint(std::string id, std::string reason);

}  // namespace factura::api::commands
