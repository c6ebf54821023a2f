#include "api/webhooks/dispatcher.h"

#include <pthread.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <charconv>
#include <cstdio>

#include "api/aggregate_reader.h"
#include "api/commands/webhook_commands.h"
#include "api/durable_states.h"
#include "api/logging.h"
#include "api/webhooks/event_payload.h"
#include "api/webhooks/retry_schedule.h"
#include "api/webhooks/signature.h"
#include "api/webhooks/target_policy.h"
#include "domain/ids.h"

namespace factura::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

constexpr auto kIdlePoll = std::chrono::seconds(1);
// Receivers close idle keep-alive connections after a while; we do first.
constexpr auto kMaxIdle = std::chrono::seconds(30);
constexpr size_t kMaxResponseBytes = 64 << 10;  // what we read of a receiver's answer
constexpr std::string_view kUserAgent = "Factura-Webhooks/0.1 (+https://www.standardwebhooks.com)";

std::optional<int64_t> RetryAfterMs(std::string_view value) {
  int64_t seconds = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (error != std::errc() || end != value.data() + value.size() || seconds < 0) {
    return std::nullopt;  // an HTTP date, or garbage: the schedule decides
  }
  return seconds * 1000;
}

std::string ErrorText(const boost::system::error_code& error) {
  if (error == beast::error::timeout) return "timeout";
  return error.message();
}

}  // namespace

WebhookDispatcher::WebhookDispatcher(eventstore::EventStore& store, projections::Outbox& outbox,
                                     CommandProcessor& processor, CommandProcessor::Clock clock,
                                     DispatcherOptions options)
    : store_(store),
      outbox_(outbox),
      processor_(processor),
      clock_(std::move(clock)),
      options_(std::move(options)),
      tls_(asio::ssl::context::tls_client),
      wake_(io_) {
  if (options_.retry_delays_ms.empty()) options_.retry_delays_ms = DefaultRetryDelaysMs();
  tls_.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                   asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                   asio::ssl::context::no_tlsv1_1);
  boost::system::error_code ignored;  // no system store: every TLS endpoint fails verification
  tls_.set_default_verify_paths(ignored);
  tls_.set_verify_mode(asio::ssl::verify_peer);
}

WebhookDispatcher::~WebhookDispatcher() {
  stopping_ = true;
  io_.stop();
  if (io_thread_.joinable()) io_thread_.join();
  if (outbox_thread_.joinable()) outbox_thread_.join();
}

domain::Result<void> WebhookDispatcher::Start() {
  if (!options_.ca_file.empty()) {
    boost::system::error_code error;
    tls_.load_verify_file(options_.ca_file, error);
    if (error) {
      return domain::Invalid("invalid_config", "webhook_ca_file",
                             "Cannot load '" + options_.ca_file + "': " + error.message());
    }
  }
  outbox_thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "outbox");
    FollowLog();
  });
  asio::co_spawn(io_, Loop(), asio::detached);
  io_thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "webhooks");
    io_.run();
  });
  return {};
}

WebhookDispatcher::Stats WebhookDispatcher::GetStats() const {
  return {succeeded_.load(), retrying_.load(), failed_.load(), in_flight_count_.load()};
}

void WebhookDispatcher::Wake() {
  asio::post(io_, [this] { wake_.cancel(); });
}

void WebhookDispatcher::FollowLog() {
  while (!stopping_) {
    auto created = outbox_.ProjectFromLog(projections::Outbox::kMaxBatch);
    if (!created) {
      // The log or the file failed: say so and try again later rather than skip anything.
      Log(LogLevel::kError, "webhook outbox", {{"error", created.error().message}});
      std::this_thread::sleep_for(std::chrono::seconds(1));
      continue;
    }
    if (*created > 0) Wake();
    uint64_t checkpoint = outbox_.checkpoint();
    if (store_.HeadPosition() <= checkpoint) {
      store_.WaitForHead(checkpoint, std::chrono::milliseconds(200));
    }
  }
}

asio::awaitable<void> WebhookDispatcher::Loop() {
  while (!stopping_) {
    FlushFinished();
    PruneIdle();
    size_t free = options_.max_concurrency - std::min(options_.max_concurrency, in_flight_.size());
    if (free > 0) {
      std::vector<std::string> saturated;
      for (const auto& [endpoint, count] : in_flight_by_endpoint_) {
        if (count >= options_.max_per_endpoint) saturated.push_back(endpoint);
      }
      auto due = outbox_.Due(NowMicros(), free, in_flight_, saturated);
      if (!due) {
        Log(LogLevel::kError, "webhook outbox", {{"error", due.error().message}});
      } else {
        for (projections::Delivery& delivery : *due) {
          size_t& per_endpoint = in_flight_by_endpoint_[delivery.endpoint_id];
          if (per_endpoint >= options_.max_per_endpoint) continue;
          ++per_endpoint;
          in_flight_.push_back(delivery.id);
          in_flight_count_ = in_flight_.size();
          asio::co_spawn(io_, Deliver(std::move(delivery)), asio::detached);
        }
      }
    }
    // Sleep until the next due delivery, a wake-up, or the idle poll.
    auto wait = std::chrono::steady_clock::duration(kIdlePoll);
    if (auto next = outbox_.NextDue(); next && *next) {
      auto until = std::chrono::microseconds(std::max<int64_t>(0, **next - NowMicros()));
      wait = std::min(wait, std::chrono::duration_cast<std::chrono::steady_clock::duration>(until));
    }
    if (free == 0 || wait <= std::chrono::steady_clock::duration::zero()) {
      wait = std::max(wait, std::chrono::steady_clock::duration(std::chrono::milliseconds(5)));
    }
    wake_.expires_after(wait);
    boost::system::error_code ignored;
    co_await wake_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }
}

void WebhookDispatcher::PruneIdle() {
  auto now = std::chrono::steady_clock::now();
  if (now - pruned_at_ < kMaxIdle / 3) return;
  pruned_at_ = now;
  // Old finished deliveries, a bounded number a round so a backlog never stalls the loop.
  int64_t cutoff =
      NowMicros() -
      std::chrono::duration_cast<std::chrono::microseconds>(options_.retention).count();
  if (auto swept = outbox_.SweepFinished(cutoff, 1'000); !swept) {
    Log(LogLevel::kError, "webhook outbox", {{"error", swept.error().message}});
  }
  for (auto it = idle_.begin(); it != idle_.end();) {
    std::erase_if(it->second, [&](const auto& c) { return now - c->idle_since > kMaxIdle; });
    it = it->second.empty() ? idle_.erase(it) : std::next(it);
  }
}

void WebhookDispatcher::FlushFinished() {
  if (finished_endpoints_.empty()) return;
  // One transaction for every attempt that finished since the last round.
  if (auto recorded = outbox_.RecordAttempts(finished_); !recorded) {
    Log(LogLevel::kError, "webhook outbox", {{"error", recorded.error().message}});
  }
  for (const auto& [record, endpoint_id] : finished_endpoints_) {
    std::erase(in_flight_, record);
    if (--in_flight_by_endpoint_[endpoint_id] == 0) in_flight_by_endpoint_.erase(endpoint_id);
  }
  finished_.clear();
  finished_endpoints_.clear();
  in_flight_count_ = in_flight_.size();
}

asio::awaitable<void> WebhookDispatcher::Deliver(projections::Delivery delivery) {
  // Released by FlushFinished once the attempt is recorded (or right away when none was made):
  // until then the delivery stays in flight, so the loop cannot take it again.
  auto finish = [&] {
    finished_endpoints_.emplace_back(delivery.id, delivery.endpoint_id);
    wake_.cancel();
  };
  auto endpoint = DurableStateNow<domain::WebhookEndpointState>(
      processor_.durable_states(), store_, delivery.organization_id, delivery.endpoint_id);
  if (endpoint && (!(*endpoint)->exists || (*endpoint)->deleted || !(*endpoint)->active)) {
    bool gone = !(*endpoint)->exists || (*endpoint)->deleted;
    (void)outbox_.Cancel(delivery.id, gone ? "endpoint deleted" : "endpoint disabled");
    finish();
    co_return;
  }
  std::string body;
  std::optional<std::string> failure;
  if (!endpoint) {
    failure = endpoint.error().message;
  } else {
    auto rendered = Rendered(delivery.position);
    if (!rendered) {
      failure = rendered.error().message;
    } else if (static_cast<size_t>(delivery.ordinal) >= (*rendered)->size()) {
      failure = "the event is not in the log";
    } else {
      body = (**rendered)[static_cast<size_t>(delivery.ordinal)].json;
    }
  }
  int64_t started = NowMicros();
  SendResult result;
  if (failure) {
    result.error = failure;
  } else {
    result = co_await Send(**endpoint, delivery.event_id, body);
  }
  projections::DeliveryAttempt attempt{delivery.attempts + 1, started, result.status_code,
                                       result.latency_ms, result.error};
  projections::AttemptOutcome outcome;
  bool disable_gone = false;
  std::optional<int64_t> failing_since;
  if (result.succeeded()) {
    outcome.status = "succeeded";
    outcome.endpoint_succeeded = true;
  } else if (result.status_code == 410) {
    outcome.status = "failed";
    disable_gone = true;
  } else {
    auto next = NextAttemptAt(options_.retry_delays_ms, attempt.number, NowMicros(),
                              result.retry_after_ms, static_cast<uint64_t>(delivery.id));
    outcome.status = next ? "pending" : "failed";
    outcome.next_attempt_at = next.value_or(0);
    auto since = outbox_.MarkEndpointFailing(delivery.endpoint_id, started);
    if (since) failing_since = *since;
  }
  finished_.push_back({delivery.id, attempt, outcome});
  (outcome.status == "succeeded" ? succeeded_
   : outcome.status == "pending" ? retrying_
                                 : failed_)++;
  if (disable_gone) {
    Disable(delivery.organization_id, delivery.endpoint_id, "gone");
  } else if (failing_since &&
             NowMicros() - *failing_since >=
                 std::chrono::duration_cast<std::chrono::microseconds>(options_.disable_after)
                     .count()) {
    Disable(delivery.organization_id, delivery.endpoint_id, "failing");
  }
  finish();
}

asio::awaitable<domain::Result<std::unique_ptr<WebhookDispatcher::Connection>>>
WebhookDispatcher::Connect(const WebhookTarget& target) {
  boost::system::error_code error;
  tcp::resolver resolver(io_);
  auto resolved = co_await resolver.async_resolve(target.host, target.port,
                                                  asio::redirect_error(asio::use_awaitable, error));
  if (error) {
    co_return domain::Invalid("invalid_url", "url",
                              "cannot resolve " + target.host + ": " + error.message());
  }
  // The addresses checked are the only ones connected to.
  auto allowed = CheckResolved(resolved, options_.allow_private_targets);
  if (!allowed) co_return std::unexpected(allowed.error());
  auto connection = std::make_unique<Connection>(io_);
  connection->tcp.expires_after(options_.timeout);
  co_await connection->tcp.async_connect(*allowed,
                                         asio::redirect_error(asio::use_awaitable, error));
  if (!error && target.tls) {
    connection->tls =
        std::make_unique<beast::ssl_stream<beast::tcp_stream&>>(connection->tcp, tls_);
    if (!SSL_set_tlsext_host_name(connection->tls->native_handle(), target.host.c_str())) {
      error = boost::system::error_code(static_cast<int>(::ERR_get_error()),
                                        asio::error::get_ssl_category());
    }
    connection->tls->set_verify_callback(asio::ssl::host_name_verification(target.host));
    if (!error) {
      co_await connection->tls->async_handshake(asio::ssl::stream_base::client,
                                                asio::redirect_error(asio::use_awaitable, error));
    }
  }
  if (error) co_return domain::Invalid("connect_failed", "url", ErrorText(error));
  co_return connection;
}

asio::awaitable<SendResult> WebhookDispatcher::Send(const domain::WebhookEndpointState& endpoint,
                                                    const std::string& event_id,
                                                    const std::string& body) {
  SendResult result;
  auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 started)
        .count();
  };
  auto target = ParseWebhookUrl(endpoint.url);
  if (!target) {
    result.error = target.error().message;
    co_return result;
  }
  // The secrets are sealed in the log (bound to the endpoint's id): opened for this request only.
  std::vector<std::string> secrets;
  for (const std::string& sealed : endpoint.SigningSecrets(clock_())) {
    domain::Result<std::string> opened =
        options_.secrets != nullptr ? options_.secrets->Open(sealed, endpoint.id)
        : SecretBox::IsSealed(sealed)
            ? domain::Reject(domain::ErrorKind::kDataLoss, "secret_unreadable", "",
                             "No master key to open the endpoint's signing secret")
            : domain::Result<std::string>(sealed);
    if (!opened) {
      result.error = opened.error().message;
      co_return result;
    }
    secrets.push_back(std::move(*opened));
  }
  int64_t timestamp = NowMicros() / 1'000'000;
  http::request<http::string_body> request{http::verb::post, target->target, 11};
  request.set(http::field::host, target->host);
  request.set(http::field::user_agent, kUserAgent);
  request.set(http::field::content_type, "application/json");
  request.set("webhook-id", event_id);
  request.set("webhook-timestamp", std::to_string(timestamp));
  request.set("webhook-signature", StandardWebhookSignature(secrets, event_id, timestamp, body));
  request.set("X-Webhook-Signature", HexBodySignature(secrets.front(), body));
  request.keep_alive(true);
  request.body() = body;
  request.prepare_payload();

  // A kept-alive connection to the same URL first; if the receiver closed it meanwhile (nothing
  // came back), once more on a new one.
  std::string pool_key = endpoint.id + " " + endpoint.url;
  for (int round = 0; round < 2; ++round) {
    std::unique_ptr<Connection> connection;
    bool reused = false;
    if (round == 0) {
      auto idle = idle_.find(pool_key);
      if (idle != idle_.end() && !idle->second.empty() &&
          std::chrono::steady_clock::now() - idle->second.back()->idle_since < kMaxIdle) {
        connection = std::move(idle->second.back());
        idle->second.pop_back();
        reused = true;
      }
    }
    if (!connection) {
      auto connected = co_await Connect(*target);
      if (!connected) {
        result.error = connected.error().message;
        result.latency_ms = elapsed();
        co_return result;
      }
      connection = std::move(*connected);
    }
    connection->tcp.expires_after(options_.timeout);  // one deadline for the exchange
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxResponseBytes);
    boost::system::error_code error;
    auto exchange = [&](auto& stream) -> asio::awaitable<void> {
      co_await http::async_write(stream, request, asio::redirect_error(asio::use_awaitable, error));
      if (error) co_return;
      co_await http::async_read(stream, buffer, parser,
                                asio::redirect_error(asio::use_awaitable, error));
    };
    if (connection->tls) {
      co_await exchange(*connection->tls);
    } else {
      co_await exchange(connection->tcp);
    }
    if (error && reused && !parser.got_some()) continue;  // a stale kept-alive connection
    result.latency_ms = elapsed();
    // A receiver that answers with a long body has still answered.
    if (parser.is_header_done()) {
      result.status_code = parser.get().result_int();
      if (auto retry = parser.get().find(http::field::retry_after); retry != parser.get().end()) {
        result.retry_after_ms = RetryAfterMs(retry->value());
      }
    } else if (error) {
      result.error = ErrorText(error);
    }
    std::vector<std::unique_ptr<Connection>>& idle = idle_[pool_key];
    if (!error && parser.is_done() && parser.get().keep_alive() &&
        idle.size() < options_.max_per_endpoint) {
      connection->idle_since = std::chrono::steady_clock::now();
      idle.push_back(std::move(connection));
    } else {
      boost::system::error_code ignored;
      connection->tcp.socket().shutdown(tcp::socket::shutdown_both, ignored);
    }
    co_return result;
  }
  result.error = "the receiver closed the connection";
  result.latency_ms = elapsed();
  co_return result;
}

domain::Result<std::shared_ptr<const std::vector<WebhookEvent>>> WebhookDispatcher::Rendered(
    uint64_t position) {
  // An event goes to every subscribed endpoint at about the same time: render it once.
  if (auto* cached = rendered_.Find(std::to_string(position))) return *cached;
  auto events = RenderWebhookEvents(store_, position, processor_.public_links());
  if (!events) return std::unexpected(events.error());
  auto shared = std::make_shared<const std::vector<WebhookEvent>>(std::move(*events));
  rendered_.Put(std::to_string(position), shared);
  return shared;
}

void WebhookDispatcher::Disable(const std::string& organization_id, const std::string& endpoint_id,
                                std::string reason) {
  CommandMeta meta{organization_id, "webhook-dispatcher", "", "", ""};
  Command command = commands::DisableWebhookEndpoint(endpoint_id, std::move(reason));
  auto submitted =
      processor_.Submit(std::move(meta), std::move(command), [](domain::Result<CommandReply>) {});
  if (!submitted) {
    Log(LogLevel::kError, "cannot disable a webhook",
        {{"webhook_id", endpoint_id}, {"error", submitted.error().message}});
  }
}

asio::awaitable<domain::Result<std::pair<std::string, SendResult>>> WebhookDispatcher::SendTest(
    std::string organization_id, std::string endpoint_id) {
  auto endpoint = ReadAggregate<domain::WebhookEndpointState>(store_, organization_id, endpoint_id,
                                                              std::nullopt);
  if (!endpoint) co_return std::unexpected(endpoint.error());
  int64_t now = NowMicros();
  std::string event_id = "evt_test_" + std::to_string(now);
  auto ids = outbox_.Enqueue(organization_id, endpoint_id, {{event_id, "webhook.test", 0, 0}},
                             "test", now);
  if (!ids) co_return std::unexpected(ids.error());
  WebhookEvent event = TestWebhookEvent(event_id, organization_id, endpoint_id, now / 1'000'000);
  // Sent from the dispatcher's own loop, like every delivery.
  auto send = [this, state = *endpoint, event]() -> asio::awaitable<SendResult> {
    SendResult result = co_await Send(state, event.id, event.json);
    co_return result;
  };
  SendResult result = co_await asio::co_spawn(io_, send(), asio::use_awaitable);
  projections::DeliveryAttempt attempt{1, now, result.status_code, result.latency_ms, result.error};
  projections::AttemptOutcome outcome{result.succeeded() ? "succeeded" : "failed", 0,
                                      result.succeeded()};
  if (auto recorded = outbox_.RecordAttempts({{ids->front(), attempt, outcome}}); !recorded) {
    co_return std::unexpected(recorded.error());
  }
  co_return std::pair{event_id, result};
}

}  // namespace factura::api
