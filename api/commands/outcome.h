#pragma once
// What a command answers: the events it decided, what it did to the resource it answers with,
// and that resource as it is after the events (its response model, as JSON). No HTTP here: the
// transport turns an effect into a status in api/http/errors.cc, and the command processor
// stores the reply with the events when the request carries an idempotency key.
//
//   return Deferred(std::move(events), Effect::kCreated, std::move(after), InvoiceJson);

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "domain/events.h"

namespace factura::api {

// What a command did to the resource its reply shows.
enum class Effect : uint8_t {
  kCreated,  // a new resource
  kChanged,  // an existing one changed, or was looked at and left as it was
  kDeleted,  // the resource is gone: the reply has no body
};

// Renders a response body later, on the request's own thread: one thread decides every command
// in turn, and what need not be done there should not be (a body is a third of its work).
using Renderer = std::function<std::string()>;

// A decision and its reply, as a command module returns it to the processor.
struct Outcome {
  domain::Events events;
  Effect effect = Effect::kChanged;
  std::string body;  // JSON of the resource after the events
  Renderer render;   // or: renders `body` later (from a copy of that state)
  // The body carries a secret shown once (a new API key, a webhook signing secret): an
  // idempotency record keeps it sealed (api/secret_box.h), never in clear.
  bool sensitive = false;
};

// An outcome whose body `render(state)` gives, rendered off the processor's thread.
template <typename State, typename Render>
Outcome Deferred(domain::Events events, Effect effect, State state, Render render) {
  return Outcome{
      std::move(events), effect, {}, [state = std::move(state), render] { return render(state); }};
}

// What the processor answers a command with, once its events are durable (or at once, for a
// decision without events or an idempotent replay).
struct CommandReply {
  Effect effect = Effect::kChanged;
  std::string body;
  uint64_t position = 0;  // the last event's position (X-Event-Position)
  bool replayed = false;  // an idempotent replay of a stored reply
  Renderer render;        // set while `body` is still to be rendered (Outcome::render)

  // The body, rendered now if it was left for later.
  std::string TakeBody() { return render ? render() : std::move(body); }
};

// A reply as the idempotency record keeps it (opaque to the event store): one byte for the
// effect ('c', 'u', 'd'), then the body.
[[nodiscard]] std::string EncodeStoredReply(Effect effect, std::string_view body);
// Errors: none; an empty or unknown first byte reads as kChanged with the rest as body.
[[nodiscard]] std::pair<Effect, std::string> DecodeStoredReply(std::string_view stored);

}  // namespace factura::api
