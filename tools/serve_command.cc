#include "tools/serve_command.h"

#include <pthread.h>

#include <atomic>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "api/bootstrap.h"
#include "api/http/app.h"
#include "api/http/server.h"
#include "api/logging.h"
#include "api/overdue_scheduler.h"
#include "api/webhooks/dispatcher.h"
#include "eventstore/event_store.h"
#include "projections/read_models.h"
#include "projections/webhook_outbox.h"
#include "tools/operator_commands.h"

namespace factura::tools {
namespace {

constexpr auto kDrainDeadline = std::chrono::seconds(10);
constexpr auto kDrainPoll = std::chrono::milliseconds(20);

// Serves until SIGTERM/SIGINT. Everything that uses the store lives and dies in here, so the
// store (closed by the caller) outlives every thread that reads or writes it.
int ServeUntilStopped(const api::ServeConfig& config, eventstore::EventStore& store,
                      api::ApiKeyDirectory& keys, const api::CommandProcessor::Clock& clock) {
  namespace asio = boost::asio;
  asio::io_context io(config.io_threads);
  asio::thread_pool workers(static_cast<size_t>(config.worker_threads));
  // Declared after the store and before the app: destroyed first among them, after the last
  // request, so every accepted command is answered and committed.
  api::CommandProcessor processor(store, keys, clock);
  if (auto indexed = processor.LoadIndexes(); !indexed) {
    api::Log(api::LogLevel::kCritical, "cannot start", {{"error", indexed.error().message}});
    return kExitFailure;
  }
  // People: the directory of users and sessions, and the key their access tokens are signed
  // with (kept beside the log, never in it).
  api::IdentityDirectory people;
  if (auto loaded = people.LoadFromLog(store); !loaded) {
    api::Log(api::LogLevel::kCritical, "cannot start", {{"error", loaded.error().message}});
    return kExitFailure;
  }
  processor.InformIdentity(people);
  // Secrets in events and stored replies are sealed with the master key (never in the log).
  auto secrets = api::SecretBox::LoadOrCreate(config.data_dir + "/keys");
  if (!secrets) {
    api::Log(api::LogLevel::kCritical, "cannot start", {{"error", secrets.error().message}});
    return kExitFailure;
  }
  processor.UseSecretBox(*secrets);
  processor.UsePublicLinks(api::documents::PublicLinks(
      secrets->DeriveKey("factura public links v1"), config.public_url));
  auto signing_key = api::LoadOrCreateSigningKey(config.data_dir + "/keys");
  if (!signing_key) {
    api::Log(api::LogLevel::kCritical, "cannot start", {{"error", signing_key.error().message}});
    return kExitFailure;
  }
  api::AccessTokens tokens(std::move(*signing_key),
                           {.issuer = config.token_issuer,
                            .audience = config.token_audience,
                            .lifetime_seconds = config.access_token_ttl_seconds,
                            .clock_skew_seconds = config.token_clock_skew_seconds});
  // Tokens of an external identity provider, when one is configured: its keys must be readable
  // at start (a later bad file keeps the keys read before).
  std::optional<api::ExternalTokens> idp;
  if (!config.idp_issuer.empty()) {
    std::ifstream jwks(config.idp_jwks_file, std::ios::binary);
    std::stringstream text;
    text << jwks.rdbuf();
    if (auto read = api::ParseJwks(text.str()); !jwks || !read) {
      api::Log(api::LogLevel::kCritical, "cannot start",
               {{"error", "the identity provider's JWKS file cannot be used"},
                {"file", config.idp_jwks_file}});
      return kExitFailure;
    }
    idp.emplace(api::ExternalIdpPolicy{.issuer = config.idp_issuer,
                                       .audience = config.idp_audience,
                                       .jwks_file = config.idp_jwks_file,
                                       .email_claim = config.idp_email_claim,
                                       .organization_claim = config.idp_organization_claim,
                                       .clock_skew_seconds = config.token_clock_skew_seconds});
  }
  api::LoginThrottle throttle({.free_failures = static_cast<int>(config.login_free_failures),
                               .lock_after = static_cast<int>(config.login_lock_after),
                               .lock_seconds = config.login_lock_seconds});
  auto read_models = projections::ReadModels::Open(store, ReadModelPath(config.data_dir));
  if (!read_models) {
    api::Log(api::LogLevel::kCritical, "cannot start", {{"error", read_models.error().message}});
    return kExitFailure;
  }
  api::OverdueScheduler overdue(processor, **read_models, clock,
                                std::chrono::milliseconds(config.overdue_interval_ms));
  auto outbox = projections::Outbox::Open(store, config.data_dir + "/outbox.sqlite");
  if (!outbox) {
    api::Log(api::LogLevel::kCritical, "cannot start", {{"error", outbox.error().message}});
    return kExitFailure;
  }
  api::WebhookDispatcher dispatcher(
      store, **outbox, processor, clock,
      api::DispatcherOptions{
          .allow_private_targets = config.webhooks_allow_private_targets,
          .ca_file = config.webhook_ca_file,
          .timeout = std::chrono::milliseconds(config.webhook_timeout_ms),
          .retry_delays_ms = config.webhook_retry_delays_ms,
          .disable_after = std::chrono::milliseconds(config.webhook_disable_after_ms),
          .max_concurrency = static_cast<size_t>(config.webhook_max_concurrency),
          .max_per_endpoint = static_cast<size_t>(config.webhook_max_concurrency_per_endpoint),
          .retention = std::chrono::hours(24 * config.webhook_retention_days),
          .secrets = &*secrets});
  if (auto started = dispatcher.Start(); !started) {
    api::Log(api::LogLevel::kCritical, "cannot start", {{"error", started.error().message}});
    return kExitFailure;
  }
  api::App app(store, workers, keys, processor, **read_models, clock,
               api::RateLimitPolicy{config.rate_limiting, config.default_plan},
               api::EventServices{
                   .outbox = outbox->get(),
                   .dispatcher = &dispatcher,
                   .allow_private_targets = config.webhooks_allow_private_targets,
                   .stream_heartbeat = std::chrono::milliseconds(config.sse_heartbeat_ms),
                   .stream_max_buffer_bytes = config.sse_max_buffer_bytes,
                   .stream_stall_timeout = std::chrono::milliseconds(config.sse_stall_timeout_ms)},
               *api::ParseLogLevel(config.request_log_level, "request_log_level"),
               api::IdentityServices{
                   .tokens = &tokens,
                   .people = &people,
                   .throttle = &throttle,
                   .external = idp ? &*idp : nullptr,
                   .refresh_token_lifetime_seconds = config.refresh_token_ttl_days * 86'400,
                   .reset_token_lifetime_seconds = config.password_reset_ttl_seconds,
                   .authorization_code_lifetime_seconds = config.oauth_code_ttl_seconds,
                   .public_url = config.public_url});
  api::HttpServer server(
      io,
      api::ServerOptions{.address = config.address,
                         .port = config.port,
                         .max_body_bytes = config.max_body_bytes,
                         .max_header_bytes = config.max_header_bytes,
                         .max_connections = config.max_connections,
                         .read_timeout = std::chrono::milliseconds(config.read_timeout_ms),
                         .tls_certificate = config.tls_certificate,
                         .tls_private_key = config.tls_private_key},
      [&app](api::HttpRequest request, std::string peer) {
        return app.Handle(std::move(request), std::move(peer));
      },
      [&app](unsigned status, std::string code, std::string message) {
        return app.TransportError(status, std::move(code), std::move(message));
      });
  if (auto started = server.Start(); !started) {
    api::Log(api::LogLevel::kCritical, "cannot start", {{"error", started.error().message}});
    return kExitFailure;
  }
  std::printf("Factura listening on %s://%s:%u\n", server.tls() ? "https" : "http",
              config.address.c_str(), server.port());
  std::fflush(stdout);

  asio::signal_set signals(io, SIGINT, SIGTERM);
  asio::steady_timer drain(io);
  auto deadline = std::chrono::steady_clock::time_point::max();
  std::function<void()> wait_for_drain = [&] {
    if (server.requests_in_flight() == 0 || std::chrono::steady_clock::now() >= deadline) {
      io.stop();  // idle keep-alive connections close with the process
      return;
    }
    drain.expires_after(kDrainPoll);
    drain.async_wait([&](boost::system::error_code) { wait_for_drain(); });
  };
  auto stop = [&] {
    server.StopAccepting();
    deadline = std::chrono::steady_clock::now() + kDrainDeadline;
    wait_for_drain();
  };
  signals.async_wait([&](boost::system::error_code error, int) {
    if (!error) stop();
  });
  // DESIGN.md §2: a failed write stops the process; the restart rebuilds state from the log.
  std::atomic<bool> write_failed{false};
  processor.OnWriteFailure([&](const domain::Error&) {
    if (write_failed.exchange(true)) return;
    api::Log(api::LogLevel::kCritical, "stopping: the restart rebuilds state from the log");
    asio::post(io, stop);
  });

  std::vector<std::thread> threads;
  for (int i = 1; i < config.io_threads; ++i) {
    threads.emplace_back([&io] {
      pthread_setname_np(pthread_self(), "http-io");
      io.run();
    });
  }
  io.run();
  for (auto& thread : threads) thread.join();
  workers.join();
  return write_failed ? kExitFailure : kExitOk;
}

}  // namespace

int RunServe(const api::ServeConfig& config) {
  if (auto logging = api::ConfigureLogging({config.log_level, config.log_format}); !logging) {
    std::fprintf(stderr, "factura: %s\n", logging.error().message.c_str());
    return kExitFailure;
  }
  auto store = eventstore::EventStore::Open({.path = EventStorePath(config.data_dir)});
  if (!store) {
    api::Log(api::LogLevel::kCritical, "cannot open the event log",
             {{"error", store.error().message}, {"code", store.error().code}});
    return kExitFailure;
  }
  auto clock = [] {
    return domain::Timestamp{std::chrono::duration_cast<std::chrono::microseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count()};
  };
  auto bootstrapped = api::BootstrapIfEmpty(**store, clock());
  if (!bootstrapped) {
    api::Log(api::LogLevel::kCritical, "bootstrap failed",
             {{"error", bootstrapped.error().message}});
    return kExitFailure;
  }
  if (*bootstrapped) {
    std::printf("Created organization %s and an admin API key (shown once, keep it safe):\n  %s\n",
                (*bootstrapped)->organization_id.c_str(), (*bootstrapped)->secret.c_str());
  }
  api::ApiKeyDirectory keys;
  if (auto loaded = keys.LoadFromLog(**store); !loaded) {
    api::Log(api::LogLevel::kCritical, "cannot start", {{"error", loaded.error().message}});
    return kExitFailure;
  }
  if (int code = ServeUntilStopped(config, **store, keys, clock); code != kExitOk) return code;
  store->reset();  // commits everything still queued
  api::Log(api::LogLevel::kInfo, "Factura stopped");
  return kExitOk;
}

}  // namespace factura::tools
