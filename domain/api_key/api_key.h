#pragma once
// The ApiKey aggregate: a bearer secret with scopes, an optional expiry, and revocation.
// The secret is generated and hashed outside the domain; only its hash reaches the events.

#include <array>
#include <string>
#include <string_view>

#include "domain/api_key/api_key_commands.h"
#include "domain/api_key/api_key_state.h"
#include "domain/error.h"
#include "domain/events.h"

namespace factura::domain {

// Seed 000 §2.3, `events:read` for the event list and stream (which show every resource), and
// `settings:read` to read the organization's settings without being able to change them.
// `users:manage` to administer the organization's members (/v1/users).
inline constexpr std::array<std::string_view, 15> kApiKeyScopes = {
    "customers:read", "customers:write", "events:read",    "invoices:read", "invoices:send",
    "invoices:write", "payments:read",   "payments:write", "products:read", "products:write",
    "reports:read",   "settings:read",   "settings:write", "users:manage",  "webhooks:manage"};

struct ApiKeyContext {
  Timestamp now;
  std::string new_api_key_id;
  std::string secret_sha256_hex;  // of the new key's secret
  std::string secret_hint;        // its last four characters
};

// Errors: `api_key_exists`, `api_key_not_found`, `api_key_revoked`, `scopes_required`,
// `invalid_scope` (param `scopes[i]`), `invalid_timestamp`, `expiry_in_past` (param
// `expires_at`), field errors on `name`.
[[nodiscard]] Result<Events> Decide(const ApiKeyState& state, const ApiKeyCommand& command,
                                    const ApiKeyContext& context);

ApiKeyState Evolve(ApiKeyState state, const Event& event);

}  // namespace factura::domain
