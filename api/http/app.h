#pragma once
// The HTTP application: a request's way from the transport (server.h) to its route and back —
// the router, request ids, the request gate (request_gate.h), metrics (server_metrics.h), and the
// rendering of replies and errors (errors.h). Routes (one file per resource, `*_routes.cc`) are
// thin: they parse, run a command (api/commands/) or a query (projections/), and render.
//
// Blocking work (RocksDB reads) runs on the worker pool, never on the I/O threads: a handler
// does `co_await app.OnWorker()` first, and its response is written from the I/O thread again.

#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "api/aggregate_reader.h"
#include "api/api_keys.h"
#include "api/command_processor.h"
#include "api/commands/identity_commands.h"
#include "api/documents/document_renderer.h"
#include "api/http/invoice_expansion.h"
#include "api/http/messages.h"
#include "api/http/read_your_writes.h"
#include "api/http/request_gate.h"
#include "api/http/router.h"
#include "api/http/server.h"
#include "api/http/server_metrics.h"
#include "api/identity/login_throttle.h"
#include "api/logging.h"
#include "api/webhooks/dispatcher.h"
#include "eventstore/event_store.h"
#include "projections/read_models.h"
#include "projections/webhook_outbox.h"

namespace factura::api {

struct RequestContext {
  const HttpRequest& request;
  const std::map<std::string, std::string, std::less<>>& params;
  std::string request_id;
  ApiKeyGrant grant;              // empty for public routes
  std::string_view peer_address;  // the client's IP address (empty when unknown)
};

struct ApiResponse {
  unsigned status = 200;
  std::string body;  // JSON unless content_type says otherwise
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  // Set for error responses: the body is rendered from it, in the client's language, when the
  // response is sent.
  std::optional<domain::Error> error;
  // Set for streamed responses (server-sent events): written after the header.
  BodyStream stream;
  // A refusal by the rate limit: seconds until a request is allowed (the body says it too).
  std::optional<int64_t> retry_after;
};

using Handler = std::function<asio::awaitable<ApiResponse>(RequestContext&)>;

// Webhook delivery (for the /v1/webhooks routes; without it they answer 503) and the live event
// stream's bounds.
struct EventServices {
  projections::Outbox* outbox = nullptr;
  WebhookDispatcher* dispatcher = nullptr;
  bool allow_private_targets = false;
  std::chrono::milliseconds stream_heartbeat{15'000};
  size_t stream_max_buffer_bytes = 1 << 20;  // frames queued for one client
  // How long a client may leave the queue full before it is cut off as too slow.
  std::chrono::milliseconds stream_stall_timeout{10'000};
};

// People: users' access tokens, the directory of users and sessions, login throttling (for the
// /v1/auth, /v1/users and /v1/organizations routes; without them those answer 503).
struct IdentityServices {
  const AccessTokens* tokens = nullptr;
  const IdentityDirectory* people = nullptr;
  LoginThrottle* throttle = nullptr;
  const ExternalTokens* external = nullptr;  // an external identity provider's tokens
  int64_t refresh_token_lifetime_seconds = 30 * 24 * 3600;
  int64_t reset_token_lifetime_seconds = 3600;
  int64_t invitation_lifetime_seconds = 7 * 24 * 3600;
  int64_t authorization_code_lifetime_seconds = 60;
  std::string public_url;  // empty: from each request's Host
};

class App {
 public:
  App(eventstore::EventStore& store, asio::thread_pool& workers, ApiKeyDirectory& keys,
      CommandProcessor& processor, projections::ReadModels& read_models,
      CommandProcessor::Clock clock, RateLimitPolicy rate_limits = {.enabled = false},
      EventServices webhooks = {}, LogLevel request_log_level = LogLevel::kDebug,
      IdentityServices identity = {});

  // The transport's entry point.
  asio::awaitable<HandlerReply> Handle(HttpRequest request, std::string peer_address = {});
  // For requests the transport refuses before they reach Handle.
  HttpResponse TransportError(unsigned status, std::string code, std::string message);

  Router<Handler>& router() { return router_; }
  prometheus::Registry& metrics() { return metrics_.registry(); }
  eventstore::EventStore& store() { return store_; }
  // Resumes the calling coroutine on the worker pool.
  auto OnWorker() { return asio::post(workers_, asio::use_awaitable); }
  domain::Timestamp Now() const { return clock_(); }

  // Runs a command through the processor and renders its reply (status, body,
  // X-Event-Position, Idempotent-Replayed) or its error.
  asio::awaitable<ApiResponse> Execute(RequestContext& context, Command command);
  // As Execute, in the identity tenant or a new organization (`tenant`), acting as the caller
  // (or `actor` when the caller is not yet anyone). Idempotency keys are not honoured: the
  // answers of these routes may carry tokens, which are never stored.
  asio::awaitable<ApiResponse> ExecuteIn(RequestContext& context, std::string tenant,
                                         std::string actor, Command command);

  // The durable state of `id` in the caller's organization (one that does not `exists` when
  // there is none), as a read by id shows it: from the cache of durable states without leaving
  // the I/O thread, or folded from the log on the worker pool. Errors: the store's and the
  // codec's.
  template <typename State>
  asio::awaitable<domain::Result<std::shared_ptr<const State>>> ReadDurable(
      const RequestContext& context, std::string id);

  // Runs `query` on a read-only connection to the read models, on the worker pool, once they
  // have caught up with this organization's last write (or `min_position`), waiting at most
  // ReadYourWrites::kMaxWait; past that it answers from what is there, with X-Read-Model-Stale.
  using Query = std::function<domain::Result<std::string>(projections::Database&)>;
  asio::awaitable<ApiResponse> QueryReadModels(RequestContext& context, Query query);

  // The customer `id` as the /v1/customers routes show it: its durable state and, from the read
  // models, what it owes (render.h CustomerBalance). 404 for one deleted or of no such id.
  asio::awaitable<ApiResponse> CustomerWithBalance(RequestContext& context, std::string id);
  // A write's answer on a customer, shown as CustomerWithBalance shows it (its status and
  // headers kept); an error as it is.
  asio::awaitable<ApiResponse> CustomerAfterWrite(RequestContext& context, std::string id,
                                                  ApiResponse written);

  // The currency a report's summary is in when nothing is: the one `asked` for, else the
  // organization's default.
  asio::awaitable<domain::Result<std::string>> SummaryCurrency(
      RequestContext& context, const std::optional<std::string>& asked);

  // Invoices with `expand` (invoice_expansion.h).
  const InvoiceExpander& expander() const { return expander_; }

  // The error's response: its status from errors.h, its body rendered when sent.
  static ApiResponse Error(const domain::Error& error);
  // A 429 from the login throttle (`code`, what was refused), with Retry-After.
  static ApiResponse Throttled(std::string code, std::string_view what, int64_t wait_seconds);

 private:
  void DeclareRoutes();
  void DeclareCustomerRoutes();
  void DeclareOrganizationRoutes();
  void DeclareInvoiceRoutes();
  void DeclarePaymentRoutes();
  void DeclareCreditNoteRoutes();
  void DeclareCatalogRoutes();
  void DeclareApiKeyRoutes();
  void DeclareReportRoutes();
  void DeclareWebhookRoutes();
  void DeclareWebhookDeliveryRoutes();
  void DeclareEventRoutes();
  void DeclareAuthRoutes();
  void DeclareUserRoutes();
  void DeclareInvitationRoutes();
  void DeclareRoleRoutes();
  void DeclareOAuthClientRoutes();
  void DeclareOAuthRoutes();
  void DeclareOAuthAuthorizeRoutes();
  void DeclareDocumentRoutes();
  void DeclarePublicPageRoutes();
  // The invoice's PDF in the locale and template the request asks for (else the organization's
  // and the invoice's), from the renderer's cache or rendered now.
  asio::awaitable<ApiResponse> InvoicePdf(const HttpRequest& request,
                                          std::shared_ptr<const domain::InvoiceState> invoice,
                                          std::shared_ptr<const domain::OrganizationState> org);
  // A login's password check (auth_routes.cc), on the worker pool and counted by the login
  // throttle: the user when `password` is theirs; `throttled`, the 429 to answer, when the
  // throttle refuses to check.
  struct PasswordCheck {
    std::optional<domain::UserState> user;
    std::optional<ApiResponse> throttled;
  };
  asio::awaitable<PasswordCheck> CheckPassword(RequestContext& context, std::string email,
                                               std::string password);
  // Sessions (auth_routes.cc): a new one for `user_id`, answered with its tokens; the answer for
  // a session the processor started or rotated; when a new refresh family expires.
  asio::awaitable<ApiResponse> StartSession(RequestContext& context, std::string user_id,
                                            unsigned status);
  ApiResponse TokensAnswer(const commands::SessionTicket& ticket, const std::string& refresh,
                           unsigned status) const;
  domain::Timestamp RefreshExpiry() const;
  // The token endpoint's answer (oauth_routes.cc): an access token with `claims`, and
  // `refresh` when the grant has one.
  ApiResponse OAuthTokensAnswer(domain::Timestamp now, const AccessClaims& claims,
                                const std::optional<std::string>& refresh) const;
  // Submits and waits (Execute's and ExecuteIn's common part).
  asio::awaitable<domain::Result<CommandReply>> Submit(CommandMeta meta, Command command);
  // The body of GET /v1/events/stream (event_stream.cc).
  struct StreamStart {
    std::string organization_id;
    uint64_t position = 0;  // resume after (position, ordinal)
    int64_t ordinal = INT64_MAX;
    std::vector<std::string> types;          // empty: all
    std::optional<std::string> customer_id;  // a customer user's: their customer's events alone
  };
  BodyStream EventStream(StreamStart start);
  // Where the URL's host resolves, checked against the target policy (blocking: on a worker).
  domain::Result<void> CheckWebhookUrlTarget(std::string_view url) const;
  HttpResponse Render(const ApiResponse& response, std::string_view request_id,
                      unsigned http_version, Locale locale) const;

  eventstore::EventStore& store_;
  asio::thread_pool& workers_;
  CommandProcessor& processor_;
  projections::ReadModels& read_models_;
  CommandProcessor::Clock clock_;
  EventServices webhooks_;
  IdentityServices identity_;
  LogLevel request_log_level_;
  RequestGate gate_;
  ServerMetrics metrics_;
  ReadYourWrites positions_;
  // Two threads, 64 renders waiting at most, the last 128 documents kept.
  documents::DocumentRenderer renderer_{2, 64, 128};
  // The hosted invoice pages' limit per client address.
  RateLimiter page_limiter_;
  InvoiceExpander expander_;
  Router<Handler> router_;
};

template <typename State>
asio::awaitable<domain::Result<std::shared_ptr<const State>>> App::ReadDurable(
    const RequestContext& context, std::string id) {
  DurableStates& states = processor_.durable_states();
  DurableStates::State cached =
      states.Get(domain::StreamId::Compose(context.grant.organization_id, id));
  if (cached != nullptr && std::holds_alternative<State>(*cached)) {
    co_return std::shared_ptr<const State>(cached, &std::get<State>(*cached));
  }
  co_await OnWorker();
  co_return DurableStateNow<State>(states, store_, context.grant.organization_id, id);
}

}  // namespace factura::api
