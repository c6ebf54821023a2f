#include "api/http/webhook_bodies.h"

#include "api/http/json_input.h"

namespace factura::api {

domain::Result<domain::CreateWebhookEndpoint> ParseCreateWebhook(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::CreateWebhookEndpoint command;
  auto url = f.RequiredString("url");
  if (!url) return std::unexpected(url.error());
  command.url = *url;
  auto events = f.OptionalStringArray("events");
  if (!events) return std::unexpected(events.error());
  if (!*events) return domain::Invalid("missing_field", "events", "This field is required");
  command.events = std::move(**events);
  auto description = f.OptionalString("description");
  if (!description) return std::unexpected(description.error());
  command.description = *description;
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

domain::Result<domain::UpdateWebhookEndpoint> ParseUpdateWebhook(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::UpdateWebhookEndpoint command;
  auto url = f.PatchString("url");
  if (!url) return std::unexpected(url.error());
  command.url = *url;
  auto description = f.PatchString("description");
  if (!description) return std::unexpected(description.error());
  command.description = *description;
  if (f.PresenceOf("events") == JsonFields::Presence::kNull) {
    command.events = domain::Patch<std::vector<std::string>>::Null();
  } else {
    auto events = f.OptionalStringArray("events");
    if (!events) return std::unexpected(events.error());
    if (*events) command.events = domain::Patch<std::vector<std::string>>::Set(std::move(**events));
  }
  if (f.PresenceOf("active") == JsonFields::Presence::kNull) {
    command.active = domain::Patch<bool>::Null();
  } else {
    auto active = f.OptionalBool("active");
    if (!active) return std::unexpected(active.error());
    if (*active) command.active = domain::Patch<bool>::Set(**active);
  }
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

domain::Result<domain::RotateWebhookSecret> ParseRotate(std::string_view body) {
  domain::RotateWebhookSecret command;
  if (body.empty()) return command;
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  auto hours = f.OptionalInteger("overlap_hours");
  if (!hours) return std::unexpected(hours.error());
  if (*hours) {
    if (**hours < 0 || **hours > domain::kMaxSecretOverlapHours) {
      return domain::Invalid("invalid_overlap", "overlap_hours", "Give 0 to 168 hours");
    }
    command.overlap_hours = static_cast<int32_t>(**hours);
  }
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

}  // namespace factura::api
