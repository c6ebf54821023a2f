#pragma once
// Webhook secrets and signatures.
//
// Standard Webhooks (https://www.standardwebhooks.com): the secret is "whsec_" + base64 of its
// key bytes; `webhook-signature` is "v1," + base64(HMAC-SHA256(key, "<id>.<timestamp>.<body>")),
// one per secret that signs (space-separated during a rotation). Seed 000 §5's
// `X-Webhook-Signature` is hex(HMAC-SHA256(secret, body)) with the whole secret string as key.

#include <string>
#include <string_view>
#include <vector>

namespace factura::api {

// "whsec_" + base64 of 32 random bytes.
[[nodiscard]] std::string GenerateWebhookSecret();

// The `webhook-signature` header value for `secrets` (each "whsec_…").
[[nodiscard]] std::string StandardWebhookSignature(const std::vector<std::string>& secrets,
                                                   std::string_view id, int64_t timestamp,
                                                   std::string_view body);

// The `X-Webhook-Signature` header value (seed 000 §5), signed with the first secret.
[[nodiscard]] std::string HexBodySignature(std::string_view secret, std::string_view body);

}  // namespace factura::api
