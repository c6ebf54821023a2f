#pragma once
// The bodies of /v1/webhooks requests, read into domain commands. Every field is checked: an
// unknown one is a 400 `unknown_parameter`, malformed JSON a 400, a value of the wrong type or
// shape a 422 naming the field.

#include <string_view>

#include "domain/error.h"
#include "domain/webhook_endpoint/webhook_endpoint.h"

namespace factura::api {

// POST /v1/webhooks.
[[nodiscard]] domain::Result<domain::CreateWebhookEndpoint> ParseCreateWebhook(
    std::string_view body);
// PATCH /v1/webhooks/{id}: omitted = unchanged, null = cleared.
[[nodiscard]] domain::Result<domain::UpdateWebhookEndpoint> ParseUpdateWebhook(
    std::string_view body);
// POST /v1/webhooks/{id}/rotate-secret; an empty body reads as {}.
[[nodiscard]] domain::Result<domain::RotateWebhookSecret> ParseRotate(std::string_view body);

}  // namespace factura::api
