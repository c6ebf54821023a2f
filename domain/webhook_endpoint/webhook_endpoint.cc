#include "domain/webhook_endpoint/webhook_endpoint.h"

#include <algorithm>

#include "domain/aggregate.h"
#include "domain/overloaded.h"
#include "domain/text.h"

namespace factura::domain {
namespace {

constexpr size_t kMaxSubscribedTypes = kWebhookEventTypes.size();
constexpr int32_t kDefaultOverlapHours = 24;
constexpr int64_t kMicrosPerHour = 3'600'000'000;

std::unexpected<Error> NotFound() {
  return Reject(ErrorKind::kNotFound, "webhook_not_found", "id", "No such webhook endpoint");
}

Result<void> ValidateEventTypes(const std::vector<std::string>& events) {
  if (events.empty()) {
    return Invalid("events_required", "events", "Subscribe to at least one event type, or '*'");
  }
  if (events.size() > kMaxSubscribedTypes) {
    return Invalid("too_many_event_types", "events", "Too many event types");
  }
  for (size_t i = 0; i < events.size(); ++i) {
    if (std::find(kWebhookEventTypes.begin(), kWebhookEventTypes.end(), events[i]) ==
        kWebhookEventTypes.end()) {
      return Invalid("invalid_event_type", "events[" + std::to_string(i) + "]",
                     "'" + events[i].substr(0, 60) + "' is not an event type");
    }
  }
  return {};
}

Result<Events> Create(const WebhookEndpointState& state, const CreateWebhookEndpoint& c,
                      const WebhookEndpointContext& context) {
  if (state.exists) {
    return Reject(ErrorKind::kAlreadyExists, "webhook_exists", "id", "The webhook exists");
  }
  FACTURA_TRY(ValidateWebhookUrl(c.url));
  FACTURA_TRY(ValidateEventTypes(c.events));
  if (c.description) {
    FACTURA_TRY(ValidateOptionalText(*c.description, "description", kMaxNameLength));
  }
  return Events{WebhookEndpointCreated{context.new_webhook_id, c.url, c.events, c.description,
                                       context.new_secret, context.now}};
}

Result<Events> Update(const WebhookEndpointState& state, const UpdateWebhookEndpoint& c,
                      const WebhookEndpointContext& context) {
  if (!state.exists || state.deleted) return NotFound();
  if (c.url.clears() || c.events.clears() || c.active.clears()) {
    std::string param = c.url.clears() ? "url" : c.events.clears() ? "events" : "active";
    return Invalid("field_not_nullable", param, "This field cannot be cleared");
  }
  if (c.url.sets()) FACTURA_TRY(ValidateWebhookUrl(c.url.value()));
  if (c.events.sets()) FACTURA_TRY(ValidateEventTypes(c.events.value()));
  if (c.description.sets()) {
    FACTURA_TRY(ValidateOptionalText(c.description.value(), "description", kMaxNameLength));
  }
  return Events{
      WebhookEndpointUpdated{state.id, c.url, c.events, c.description, c.active, context.now}};
}

Result<Events> Rotate(const WebhookEndpointState& state, const RotateWebhookSecret& c,
                      const WebhookEndpointContext& context) {
  if (!state.exists || state.deleted) return NotFound();
  int32_t hours = c.overlap_hours.value_or(kDefaultOverlapHours);
  if (hours < 0 || hours > kMaxSecretOverlapHours) {
    return Invalid("invalid_overlap", "overlap_hours", "The overlap is 0 to 168 hours");
  }
  Timestamp expires{context.now.micros_since_epoch + hours * kMicrosPerHour};
  return Events{WebhookEndpointSecretRotated{state.id, context.new_secret, expires, context.now}};
}

Result<Events> Disable(const WebhookEndpointState& state, const DisableWebhookEndpoint& c,
                       const WebhookEndpointContext& context) {
  if (!state.exists || state.deleted) return NotFound();
  if (!state.active) {
    return Reject(ErrorKind::kFailedPrecondition, "webhook_disabled", "id",
                  "The webhook endpoint is already disabled");
  }
  FACTURA_TRY(ValidateRequiredText(c.reason, "reason", kMaxShortTextLength));
  return Events{WebhookEndpointDisabled{state.id, c.reason, context.now}};
}

}  // namespace

Result<void> ValidateWebhookUrl(std::string_view url) {
  auto bad = [](std::string message) { return Invalid("invalid_url", "url", std::move(message)); };
  if (url.size() > kMaxWebhookUrlLength) return bad("The URL is longer than 2048 characters");
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return bad("Webhook URLs use http or https");
  }
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F) {
      return bad("The URL contains blanks or non-ASCII characters; percent-encode them");
    }
  }
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) {
    return bad("Credentials in webhook URLs are not allowed");
  }
  std::string_view host = authority;
  if (host.starts_with('[')) {
    size_t close = host.find(']');
    if (close == std::string_view::npos || close == 1) return bad("The IPv6 host is malformed");
    host = host.substr(0, close + 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  if (host.empty()) return bad("The URL has no host");
  if (authority.size() > host.size()) {
    std::string_view port = authority.substr(host.size());
    if (port.size() < 2 || port[0] != ':' || port.size() > 6 ||
        port.substr(1).find_first_not_of("0123456789") != std::string_view::npos) {
      return bad("The URL's port is malformed");
    }
  }
  return {};
}

Result<Events> Decide(const WebhookEndpointState& state, const WebhookEndpointCommand& command,
                      const WebhookEndpointContext& context) {
  return std::visit(Overloaded{
                        [&](const CreateWebhookEndpoint& c) { return Create(state, c, context); },
                        [&](const UpdateWebhookEndpoint& c) { return Update(state, c, context); },
                        [&](const DeleteWebhookEndpoint&) -> Result<Events> {
                          if (!state.exists || state.deleted) return NotFound();
                          return Events{WebhookEndpointDeleted{state.id, context.now}};
                        },
                        [&](const RotateWebhookSecret& c) { return Rotate(state, c, context); },
                        [&](const DisableWebhookEndpoint& c) { return Disable(state, c, context); },
                    },
                    command);
}

WebhookEndpointState Evolve(WebhookEndpointState current, const Event& event) {
  return FoldOwnEvent(
      std::move(current), event,
      Overloaded{
          [](WebhookEndpointState& state, const WebhookEndpointCreated& e) {
            state.exists = true;
            state.id = e.webhook_id;
            state.url = e.url;
            state.events = e.events;
            state.description = e.description;
            state.secret = e.secret;
            state.created_at = e.at;
          },
          [](WebhookEndpointState& state, const WebhookEndpointUpdated& e) {
            e.url.ApplyTo(state.url);
            e.events.ApplyTo(state.events);
            e.description.ApplyTo(state.description);
            e.active.ApplyTo(state.active);
            if (state.active) state.disabled_reason.reset();
          },
          [](WebhookEndpointState& state, const WebhookEndpointSecretRotated& e) {
            state.previous_secret = state.secret;
            state.previous_expires_at = e.previous_expires_at;
            state.secret = e.secret;
          },
          [](WebhookEndpointState& state, const WebhookEndpointDisabled& e) {
            state.active = false;
            state.disabled_reason = e.reason;
          },
          [](WebhookEndpointState& state, const WebhookEndpointDeleted&) { state.deleted = true; },
      });
}

}  // namespace factura::domain
