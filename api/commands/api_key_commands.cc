#include "api/commands/api_key_commands.h"

#include "api/aggregate_reader.h"
#include "api/api_keys.h"
#include "api/commands/command_support.h"
#include "api/render.h"
#include "domain/ids.h"

namespace factura::api::commands {

Command CreateApiKey(domain::CreateApiKey command) {
  return [command = std::move(command)](Workspace& ws) -> domain::Result<Outcome> {
    NewApiKeySecret secret = GenerateApiKeySecret();
    std::string id = ws.NewId(domain::kApiKeyPrefix);
    auto events = domain::Decide(domain::ApiKeyState{}, command,
                                 {ws.now(), id, secret.sha256_hex, secret.hint});
    if (!events) return std::unexpected(events.error());
    domain::ApiKeyState after = FoldEvents(domain::ApiKeyState{}, *events);
    Outcome outcome{std::move(*events), Effect::kCreated, ApiKeyJson(after, secret.secret)};
    outcome.sensitive = true;
    return outcome;
  };
}

Command RevokeApiKey(std::string id) {
  return [id = std::move(id)](Workspace& ws) -> domain::Result<Outcome> {
    if (!domain::ValidateId(id, domain::kApiKeyPrefix, "id")) return NotFound("API key", id);
    auto key = ws.Load<domain::ApiKeyState>(id);
    if (!key) return std::unexpected(key.error());
    if (!(*key)->exists) return NotFound("API key", id);
    auto events = domain::Decide(**key, domain::RevokeApiKey{}, {ws.now(), "", "", ""});
    if (!events) return std::unexpected(events.error());
    domain::ApiKeyState after = FoldEvents(**key, *events);
    return Outcome{std::move(*events), Effect::kChanged, ApiKeyJson(after, std::nullopt)};
  };
}

}  // namespace factura::api::commands
