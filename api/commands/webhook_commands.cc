#include "api/commands/webhook_commands.h"

#include "api/aggregate_reader.h"
#include "api/commands/command_support.h"
#include "api/render.h"
#include "api/webhooks/signature.h"
#include "domain/ids.h"

namespace factura::api::commands {

Command CreateWebhookEndpoint(domain::CreateWebhookEndpoint command) {
  return [command = std::move(command)](Workspace& ws) -> domain::Result<Outcome> {
    std::string id = ws.NewId(domain::kWebhookPrefix);
    auto state = ws.Load<domain::WebhookEndpointState>(id);
    if (!state) return std::unexpected(state.error());
    // The log holds the secret sealed; the answer shows it once, in clear.
    std::string secret = GenerateWebhookSecret();
    auto events = domain::Decide(**state, command, {ws.now(), id, ws.Seal(secret, id)});
    if (!events) return std::unexpected(events.error());
    auto after = FoldEvents(**state, *events);
    Outcome outcome{std::move(*events), Effect::kCreated, WebhookEndpointJson(after, secret)};
    outcome.sensitive = true;
    return outcome;
  };
}

Command ChangeWebhookEndpoint(std::string id, domain::WebhookEndpointCommand command,
                              std::optional<uint64_t> expected) {
  return [id = std::move(id), command = std::move(command),
          expected](Workspace& ws) -> domain::Result<Outcome> {
    if (!domain::ValidateId(id, domain::kWebhookPrefix, "id")) return NotFound("webhook", id);
    auto state = ws.Load<domain::WebhookEndpointState>(id);
    if (!state) return std::unexpected(state.error());
    if (!(*state)->exists || (*state)->deleted) return NotFound("webhook", id);
    FACTURA_TRY(CheckVersion(expected, (*state)->version));
    std::string secret = GenerateWebhookSecret();
    auto events = domain::Decide(**state, command, {ws.now(), "", ws.Seal(secret, id)});
    if (!events) return std::unexpected(events.error());
    if (std::holds_alternative<domain::DeleteWebhookEndpoint>(command)) {
      return Outcome{std::move(*events), Effect::kDeleted};
    }
    bool rotated = std::holds_alternative<domain::RotateWebhookSecret>(command);
    auto after = FoldEvents(**state, *events);
    Outcome outcome{std::move(*events), Effect::kChanged,
                    WebhookEndpointJson(after, rotated ? std::optional(secret) : std::nullopt)};
    outcome.sensitive = rotated;
    return outcome;
  };
}

Command DisableWebhookEndpoint(std::string id, std::string reason) {
  return
      [id = std::move(id), reason = std::move(reason)](Workspace& ws) -> domain::Result<Outcome> {
        auto state = ws.Load<domain::WebhookEndpointState>(id);
        if (!state) return std::unexpected(state.error());
        if (!(*state)->exists || (*state)->deleted || !(*state)->active) return Outcome{};
        auto events =
            domain::Decide(**state, domain::DisableWebhookEndpoint{reason}, {ws.now(), "", ""});
        if (!events) return std::unexpected(events.error());
        return Outcome{std::move(*events)};
      };
}

}  // namespace factura::api::commands
