#include "domain/api_key/api_key.h"

#include <algorithm>

#include "domain/aggregate.h"
#include "domain/organization/rate_plan.h"
#include "domain/overloaded.h"
#include "domain/text.h"

namespace factura::domain {
namespace {

Result<void> ValidateRateLimit(const std::optional<int64_t>& per_minute) {
  if (per_minute && (*per_minute < 1 || *per_minute > kMaxRateLimitPerMinute)) {
    return Invalid("invalid_rate_limit", "rate_limit_per_minute",
                   "A rate limit is 1 to 1,000,000 requests a minute");
  }
  return {};
}

Result<Events> Create(const ApiKeyState& state, const CreateApiKey& c,
                      const ApiKeyContext& context) {
  if (state.exists) {
    return Reject(ErrorKind::kAlreadyExists, "api_key_exists", "id", "The API key exists");
  }
  FACTURA_TRY(ValidateRequiredText(c.name, "name", kMaxShortTextLength));
  if (c.scopes.empty()) return Invalid("scopes_required", "scopes", "Give the key some scopes");
  std::vector<std::string> scopes;
  for (size_t i = 0; i < c.scopes.size(); ++i) {
    if (std::find(kApiKeyScopes.begin(), kApiKeyScopes.end(), c.scopes[i]) == kApiKeyScopes.end()) {
      return Invalid("invalid_scope", "scopes[" + std::to_string(i) + "]",
                     "'" + c.scopes[i].substr(0, 60) + "' is not a scope");
    }
    if (std::find(scopes.begin(), scopes.end(), c.scopes[i]) == scopes.end()) {
      scopes.push_back(c.scopes[i]);
    }
  }
  std::optional<Timestamp> expires_at;
  if (c.expires_at) {
    auto parsed = ParseTimestamp(*c.expires_at);
    if (!parsed) return std::unexpected(WithParamPrefix(parsed.error(), "expires_at"));
    if (*parsed <= context.now) {
      return Invalid("expiry_in_past", "expires_at", "The expiry must be in the future");
    }
    expires_at = *parsed;
  }
  FACTURA_TRY(ValidateRateLimit(c.rate_limit_per_minute));
  Events events{ApiKeyCreated{context.new_api_key_id, c.name, context.secret_sha256_hex,
                              context.secret_hint, std::move(scopes), expires_at, context.now}};
  if (c.rate_limit_per_minute) {
    events.push_back(
        ApiKeyRateLimitSet{context.new_api_key_id, c.rate_limit_per_minute, context.now});
  }
  return events;
}

Result<Events> SetRateLimit(const ApiKeyState& state, const SetApiKeyRateLimit& c,
                            const ApiKeyContext& context) {
  if (!state.exists) {
    return Reject(ErrorKind::kNotFound, "api_key_not_found", "id", "No such API key");
  }
  FACTURA_TRY(ValidateRateLimit(c.rate_limit_per_minute));
  return Events{ApiKeyRateLimitSet{state.id, c.rate_limit_per_minute, context.now}};
}

Result<Events> Revoke(const ApiKeyState& state, const ApiKeyContext& context) {
  if (!state.exists) {
    return Reject(ErrorKind::kNotFound, "api_key_not_found", "id", "No such API key");
  }
  if (state.revoked) {
    return Reject(ErrorKind::kFailedPrecondition, "api_key_revoked", "id",
                  "The API key is already revoked");
  }
  return Events{ApiKeyRevoked{state.id, context.now}};
}

}  // namespace

Result<Events> Decide(const ApiKeyState& state, const ApiKeyCommand& command,
                      const ApiKeyContext& context) {
  return std::visit(
      Overloaded{
          [&](const CreateApiKey& c) { return Create(state, c, context); },
          [&](const RevokeApiKey&) { return Revoke(state, context); },
          [&](const SetApiKeyRateLimit& c) { return SetRateLimit(state, c, context); },
      },
      command);
}

ApiKeyState Evolve(ApiKeyState current, const Event& event) {
  return FoldOwnEvent(std::move(current), event,
                      Overloaded{
                          [](ApiKeyState& state, const ApiKeyCreated& e) {
                            state.exists = true;
                            state.id = e.api_key_id;
                            state.name = e.name;
                            state.secret_sha256_hex = e.secret_sha256_hex;
                            state.secret_hint = e.secret_hint;
                            state.scopes = e.scopes;
                            state.expires_at = e.expires_at;
                            state.created_at = e.at;
                          },
                          [](ApiKeyState& state, const ApiKeyRevoked& e) {
                            state.revoked = true;
                            state.revoked_at = e.at;
                          },
                          [](ApiKeyState& state, const ApiKeyRateLimitSet& e) {
                            state.rate_limit_per_minute = e.rate_limit_per_minute;
                          },
                      });
}

}  // namespace factura::domain
