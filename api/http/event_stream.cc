// GET /v1/events/stream: server-sent events, live, from any position.
//
// Two coroutines on the connection's strand share a bounded queue of frames. The producer reads
// the organization's events from the read models' journal (after the last one queued),
// renders each from the log, and queues it; it polls the projector's checkpoint for new ones and
// queues a heartbeat comment when nothing was sent for a while. The writer sends frames as fast
// as the client takes them. When the queue is full the producer waits; if the client leaves it
// full for the stall timeout it is too slow: the queue is dropped, a final `error` event says so
// and where to resume, and the stream ends. Memory per client is the queue's bound plus the
// kernel's (small) send buffer, whatever the client does.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <deque>

#include "api/http/app.h"
#include "api/http/json_writer.h"
#include "api/webhooks/event_payload.h"
#include "projections/event_queries.h"

namespace factura::api {
namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(50);
constexpr size_t kPage = 200;  // events read per query

struct StreamState {
  explicit StreamState(const asio::any_io_executor& executor)
      : writer_wake(executor), producer_wake(executor) {}
  struct Queued {
    std::string id;  // "position.ordinal"; empty for comments
    std::string frame;
  };
  std::deque<Queued> frames;
  size_t bytes = 0;
  std::string last_sent;     // the id of the last event handed to the client
  bool finished = false;     // no frame will be added
  bool client_gone = false;  // the writer stopped
  std::chrono::steady_clock::time_point last_frame = std::chrono::steady_clock::now();
  asio::steady_timer writer_wake;
  asio::steady_timer producer_wake;

  void Push(std::string id, std::string frame) {
    bytes += frame.size();
    frames.push_back({std::move(id), std::move(frame)});
    last_frame = std::chrono::steady_clock::now();
    writer_wake.cancel();
  }
};

asio::awaitable<void> Sleep(asio::steady_timer& timer, std::chrono::steady_clock::duration wait) {
  timer.expires_after(wait);
  boost::system::error_code ignored;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
}

std::string IdOf(uint64_t position, int64_t ordinal);

std::string Frame(uint64_t position, int64_t ordinal, std::string_view type,
                  std::string_view json) {
  std::string frame;
  frame.reserve(json.size() + 64);
  frame.append("id: ").append(IdOf(position, ordinal));
  frame.append("\nevent: ").append(type).append("\ndata: ").append(json).append("\n\n");
  return frame;
}

struct Row {
  uint64_t position;
  int64_t ordinal;
  std::string frame;
};

std::string IdOf(uint64_t position, int64_t ordinal) {
  return std::to_string(position) + "." + std::to_string(ordinal);
}

}  // namespace

BodyStream App::EventStream(StreamStart start) {
  return [this, start](const ChunkWriter& write) -> asio::awaitable<void> {
    asio::any_io_executor strand = co_await asio::this_coro::executor;
    metrics_.StreamOpened();
    auto state = std::make_shared<StreamState>(strand);
    state->last_sent = start.ordinal == INT64_MAX ? std::to_string(start.position)
                                                  : IdOf(start.position, start.ordinal);

    // The producer.
    auto produce = [this, start, state, strand]() -> asio::awaitable<void> {
      uint64_t position = start.position;
      int64_t ordinal = start.ordinal;
      uint64_t fetched_through = 0;  // the checkpoint the last complete read covered
      while (!state->client_gone) {
        uint64_t checkpoint = read_models_.projector().checkpoint();
        if (checkpoint > fetched_through) {
          // On the worker pool: SQLite and the log.
          co_await asio::post(workers_, asio::use_awaitable);
          domain::Result<std::vector<Row>> rows = [&]() -> domain::Result<std::vector<Row>> {
            auto db = read_models_.Acquire();
            if (!db) return std::unexpected(db.error());
            auto page = projections::EventsAfter(**db, start.organization_id, {position, ordinal},
                                                 start.types, start.customer_id, kPage);
            if (!page) return std::unexpected(page.error());
            std::vector<Row> out;
            for (const projections::EventRow& event : *page) {
              auto events = RenderWebhookEvents(store_, event.position, processor_.public_links());
              if (!events) return std::unexpected(events.error());
              auto nth = static_cast<size_t>(event.ordinal);
              if (nth >= events->size()) continue;
              out.push_back(
                  {event.position, event.ordinal,
                   Frame(event.position, event.ordinal, event.type, (*events)[nth].json)});
            }
            return out;
          }();
          co_await asio::post(strand, asio::use_awaitable);
          if (!rows) {
            JsonWriter json;
            json.BeginObject().Key("error").BeginObject();
            json.Key("type").String("server_error").Key("code").String("stream_failed");
            json.Key("message").String("The event stream failed; reconnect to resume");
            json.EndObject().EndObject();
            state->Push("", "event: error\ndata: " + std::move(json).Take() + "\n\n");
            break;
          }
          for (Row& row : *rows) {
            auto stalled_since = std::chrono::steady_clock::now();
            while (!state->frames.empty() &&
                   state->bytes + row.frame.size() > webhooks_.stream_max_buffer_bytes &&
                   !state->client_gone) {
              if (std::chrono::steady_clock::now() - stalled_since >=
                  webhooks_.stream_stall_timeout) {
                // Too slow: what is queued is dropped and the client told where to resume
                // (after the last event it was handed, which is the last it can have).
                std::string resume = state->last_sent;
                JsonWriter json;
                json.BeginObject().Key("error").BeginObject();
                json.Key("type").String("server_error").Key("code").String("slow_consumer");
                json.Key("message").String(
                    "The client did not keep up with the stream; reconnect with Last-Event-ID");
                json.EndObject();
                json.Key("last_event_id").String(resume).EndObject();
                state->frames.clear();
                state->bytes = 0;
                state->Push("", "event: error\ndata: " + std::move(json).Take() + "\n\n");
                state->finished = true;
                co_return;
              }
              co_await Sleep(state->producer_wake, webhooks_.stream_stall_timeout);
            }
            if (state->client_gone) co_return;
            state->Push(IdOf(row.position, row.ordinal), std::move(row.frame));
            position = row.position;
            ordinal = row.ordinal;
          }
          if (rows->size() == kPage) continue;  // more history: read on at once
          fetched_through = checkpoint;
        }
        if (std::chrono::steady_clock::now() - state->last_frame >= webhooks_.stream_heartbeat &&
            state->frames.empty()) {
          state->Push("", ": heartbeat\n\n");
        }
        co_await Sleep(state->producer_wake, kPollInterval);
      }
      state->finished = true;
      state->writer_wake.cancel();
    };
    asio::co_spawn(strand, produce(), asio::detached);

    // The writer.
    if (!co_await write("retry: 2000\n\n")) state->client_gone = true;
    while (!state->client_gone) {
      if (state->frames.empty()) {
        if (state->finished) break;
        co_await Sleep(state->writer_wake, std::chrono::hours(24));
        continue;
      }
      StreamState::Queued next = std::move(state->frames.front());
      state->frames.pop_front();
      state->bytes -= next.frame.size();
      if (!next.id.empty()) state->last_sent = next.id;
      state->producer_wake.cancel();  // room
      if (!co_await write(std::move(next.frame))) break;
    }
    state->client_gone = true;
    state->producer_wake.cancel();
    metrics_.StreamClosed();
  };
}

}  // namespace factura::api
