#include "api/http/app.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <random>

#include "api/http/errors.h"
#include "api/http/json_writer.h"
#include "api/http/messages.h"
#include "api/http/openapi_document.h"
#include "api/http/openapi_yaml.h"
#include "api/http/route_support.h"
#include "api/http/sparse_fields.h"
#include "api/render.h"

namespace factura::api {
namespace {

constexpr size_t kMaxRequestIdLength = 200;

// The client's X-Request-ID when it is printable and short, otherwise a new one.
std::string RequestIdFor(const HttpRequest& request) {
  auto header = request.find("X-Request-ID");
  if (header != request.end()) {
    std::string_view value = header->value();
    bool ok = !value.empty() && value.size() <= kMaxRequestIdLength;
    for (char c : value) ok = ok && c > 0x20 && c < 0x7F;
    if (ok) return std::string(value);
  }
  thread_local std::mt19937_64 random(std::random_device{}());
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuv";
  std::string id = "req_";
  for (int i = 0; i < 20; ++i) id.push_back(kDigits[random() % 32]);
  return id;
}

std::string_view PathOf(std::string_view target) { return target.substr(0, target.find('?')); }

}  // namespace

App::App(eventstore::EventStore& store, asio::thread_pool& workers, ApiKeyDirectory& keys,
         CommandProcessor& processor, projections::ReadModels& read_models,
         CommandProcessor::Clock clock, RateLimitPolicy rate_limits, EventServices webhooks,
         LogLevel request_log_level, IdentityServices identity)
    : store_(store),
      workers_(workers),
      processor_(processor),
      read_models_(read_models),
      clock_(std::move(clock)),
      webhooks_(webhooks),
      identity_(identity),
      request_log_level_(request_log_level),
      gate_(keys, clock_, std::move(rate_limits),
            UserCredentials{identity.tokens, identity.people, identity.external}),
      metrics_(store, read_models, webhooks.outbox, webhooks.dispatcher),
      expander_(processor.durable_states(), store, processor.public_links()) {
  DeclareRoutes();
}

ApiResponse App::Error(const domain::Error& error) {
  ApiResponse response{HttpStatusFor(error)};
  response.error = error;
  return response;
}

ApiResponse App::Throttled(std::string code, std::string_view what, int64_t wait_seconds) {
  ApiResponse refused = Error(domain::Error{
      domain::ErrorKind::kResourceExhausted, std::move(code), "",
      "Too many " + std::string(what) + "; retry in " + std::to_string(wait_seconds) + " s"});
  refused.retry_after = wait_seconds;
  refused.headers.emplace_back("Retry-After", std::to_string(wait_seconds));
  return refused;
}

HttpResponse App::Render(const ApiResponse& response, std::string_view request_id,
                         unsigned http_version, Locale locale) const {
  HttpResponse out{static_cast<http::status>(response.status), http_version};
  out.set(http::field::server, "factura");
  out.set(http::field::content_type, response.content_type);
  out.set("X-Request-ID", request_id);
  for (const auto& [name, value] : response.headers) out.set(name, value);
  if (response.error) {
    out.set(http::field::content_language, ContentLanguage(locale));
    out.body() =
        ErrorBody(*response.error, response.status, request_id, locale, response.retry_after);
  } else {
    out.body() = response.body;
  }
  return out;
}

HttpResponse App::TransportError(unsigned status, std::string code, std::string message) {
  std::string request_id = RequestIdFor(HttpRequest{});
  metrics_.RequestRefused(status);
  return Render(Error(api::TransportError(status, std::move(code), std::move(message))), request_id,
                11, Locale::kEnUs);
}

asio::awaitable<HandlerReply> App::Handle(HttpRequest request, std::string peer_address) {
  auto start = std::chrono::steady_clock::now();
  metrics_.RequestStarted();
  std::string request_id = RequestIdFor(request);
  auto match = router_.Find(request.method(), PathOf(request.target()));
  std::string_view route_name = match.route ? std::string_view(match.route->name) : "unmatched";
  ApiResponse response;
  std::string organization_id;  // once the request is admitted
  if (match.route == nullptr && match.allowed.empty()) {
    response = Error(domain::Reject(domain::ErrorKind::kNotFound, "route_not_found", "",
                                    "No route for " + std::string(request.target()))
                         .error());
  } else if (match.route == nullptr) {
    std::string allow;
    for (http::verb verb : match.allowed) {
      if (!allow.empty()) allow += ", ";
      allow += std::string(http::to_string(verb));
    }
    response = Error(domain::Reject(domain::ErrorKind::kMethodNotAllowed, "method_not_allowed", "",
                                    "This path allows " + allow)
                         .error());
    response.headers.emplace_back("Allow", allow);
  } else {
    RequestContext context{request, match.params, request_id, {}, peer_address};
    try {
      // Not a coroutine of its own: one frame fewer on every request.
      Admission admission = gate_.Admit(request, match.route->scope, match.route->accepts_forms,
                                        {match.route->name, &match.params});
      if (!admission.verdict) {
        response = Error(admission.verdict.error());
      } else {
        context.grant = std::move(admission.grant);
        response = co_await match.route->handler(context);
        organization_id = context.grant.organization_id;
      }
      if (admission.rate) {
        for (auto& header : RateHeaders(*admission.rate)) {
          response.headers.push_back(std::move(header));
        }
        if (!admission.rate->allowed) response.retry_after = admission.rate->retry_after_seconds;
      }
    } catch (const std::exception& e) {
      // Exceptions stop here: the client sees a 500 with its request id, never the message.
      response = Error(domain::Error{domain::ErrorKind::kInternal, "internal_error", "", e.what()});
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.RequestFinished(route_name, http::to_string(request.method()), response.status, seconds);
  if (LogEnabled(request_log_level_)) {
    char latency_ms[32];
    std::snprintf(latency_ms, sizeof latency_ms, "%.3f", seconds * 1e3);
    Log(request_log_level_, "request",
        {{"request_id", request_id},
         {"organization", organization_id},
         {"method", http::to_string(request.method())},
         {"route", route_name},
         {"status", std::to_string(response.status)},
         {"latency_ms", latency_ms}});
  }
  auto language = request.find(http::field::accept_language);
  Locale locale = language == request.end() ? Locale::kEnUs : PreferredLocale(language->value());
  co_return HandlerReply{Render(response, request_id, request.version(), locale),
                         std::move(response.stream)};
}

void App::DeclareRoutes() {
  router_.Add(http::verb::get, "/healthz", "healthz", "",
              [](RequestContext&) -> asio::awaitable<ApiResponse> {
                co_return ApiResponse{200, R"({"status":"ok"})"};
              });
  router_.Add(http::verb::get, "/readyz", "readyz", "",
              [this](RequestContext&) -> asio::awaitable<ApiResponse> {
                JsonWriter json;
                auto projection_failure = read_models_.projector().failure();
                bool ready = !store_.failed() && !projection_failure;
                uint64_t head = store_.HeadPosition();
                uint64_t checkpoint = read_models_.projector().checkpoint();
                json.BeginObject()
                    .Key("status")
                    .String(ready ? "ready" : "failed")
                    .Key("log_head")
                    .Int(static_cast<int64_t>(head))
                    .Key("read_model_checkpoint")
                    .Int(static_cast<int64_t>(checkpoint))
                    .Key("read_model_lag")
                    .Int(static_cast<int64_t>(head > checkpoint ? head - checkpoint : 0));
                if (projection_failure) {
                  json.Key("read_model_error").String(projection_failure->message);
                }
                if (webhooks_.outbox != nullptr) {
                  uint64_t outbox = webhooks_.outbox->checkpoint();
                  json.Key("webhook_outbox_checkpoint").Int(static_cast<int64_t>(outbox));
                  json.Key("webhook_outbox_lag")
                      .Int(static_cast<int64_t>(head > outbox ? head - outbox : 0));
                }
                json.EndObject();
                co_return ApiResponse{ready ? 200u : 503u, std::move(json).Take()};
              });
  router_.Add(http::verb::get, "/metrics", "metrics", "",
              [this](RequestContext&) -> asio::awaitable<ApiResponse> {
                co_return ApiResponse{200, metrics_.Scrape(), "text/plain; version=0.0.4"};
              });
  router_.Add(http::verb::get, "/openapi.json", "openapi", "",
              [](RequestContext&) -> asio::awaitable<ApiResponse> {
                co_return ApiResponse{200, std::string(OpenApiDocument())};
              });
  router_.Add(http::verb::get, "/openapi.yaml", "openapi_yaml", "",
              [](RequestContext&) -> asio::awaitable<ApiResponse> {
                co_return ApiResponse{200, std::string(OpenApiYaml()), "application/yaml"};
              });
  DeclareCustomerRoutes();
  DeclareOrganizationRoutes();
  DeclareInvoiceRoutes();
  DeclarePaymentRoutes();
  DeclareCreditNoteRoutes();
  DeclareDocumentRoutes();
  DeclarePublicPageRoutes();
  DeclareCatalogRoutes();
  DeclareApiKeyRoutes();
  DeclareReportRoutes();
  DeclareWebhookRoutes();
  DeclareWebhookDeliveryRoutes();
  DeclareEventRoutes();
  DeclareAuthRoutes();
  DeclareUserRoutes();
  DeclareInvitationRoutes();
  DeclareRoleRoutes();
  DeclareOAuthClientRoutes();
  DeclareOAuthRoutes();
}

asio::awaitable<ApiResponse> App::QueryReadModels(RequestContext& context, Query query) {
  uint64_t min_position = 0;
  if (auto text = QueryParameter(context.request, "min_position")) {
    auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), min_position);
    if (error != std::errc() || end != text->data() + text->size()) {
      co_return Error(
          domain::Invalid("invalid_min_position", "min_position", "Expected a log position")
              .error());
    }
  }
  std::optional<FieldSet> fields;
  if (auto text = QueryParameter(context.request, "fields")) {
    auto parsed = ParseFields(*text);
    if (!parsed) co_return Error(parsed.error());
    fields = std::move(*parsed);
  }
  co_await OnWorker();
  projections::Projector& projector = read_models_.projector();
  bool fresh = positions_.WaitFor(projector, context.grant.organization_id, min_position);
  auto connection = read_models_.Acquire();
  if (!connection) co_return Error(connection.error());
  auto body = query(**connection);
  if (!body) co_return Error(body.error());
  ApiResponse response{200, fields ? SelectFieldsOfList(*body, *fields) : std::move(*body)};
  response.headers.emplace_back("X-Read-Model-Position", std::to_string(projector.checkpoint()));
  if (!fresh) response.headers.emplace_back("X-Read-Model-Stale", "true");
  co_return response;
}

asio::awaitable<ApiResponse> App::Execute(RequestContext& context, Command command) {
  CommandMeta meta{context.grant.organization_id, context.grant.actor(), context.request_id, "",
                   ""};
  auto key = context.request.find("Idempotency-Key");
  if (key == context.request.end()) key = context.request.find("X-Idempotency-Key");
  if (key != context.request.end()) {
    meta.idempotency_key = std::string(key->value());
    if (auto valid = eventstore::ValidateIdempotencyKey(meta.idempotency_key); !valid) {
      co_return Error(valid.error());
    }
    meta.idempotency_fingerprint =
        Sha256Hex(std::string(http::to_string(context.request.method())) + " " +
                  std::string(context.request.target()) + "\n" + context.request.body());
  }
  domain::Result<CommandReply> reply = co_await Submit(std::move(meta), std::move(command));
  if (!reply) co_return Error(reply.error());
  positions_.Wrote(context.grant.organization_id, reply->position);
  // A replay answers what was answered, as 200 (seed 000 §7): the resource exists already.
  unsigned status = HttpStatusFor(reply->effect);
  if (reply->replayed && status == 201) status = 200;
  ApiResponse response{status, reply->TakeBody()};
  response.headers.emplace_back("X-Event-Position", std::to_string(reply->position));
  if (reply->replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
  co_return response;
}

asio::awaitable<domain::Result<CommandReply>> App::Submit(CommandMeta meta, Command command) {
  using Signature = void(domain::Result<CommandReply>);
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), Signature>(
      [&](auto handler) {
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        auto resume = [shared](domain::Result<CommandReply> result) {
          auto executor = asio::get_associated_executor(*shared);
          asio::post(executor, [shared, result = std::move(result)]() mutable {
            (*shared)(std::move(result));
          });
        };
        auto submitted = processor_.Submit(std::move(meta), std::move(command), resume);
        if (!submitted) resume(std::unexpected(submitted.error()));
      },
      asio::use_awaitable);
}

asio::awaitable<ApiResponse> App::ExecuteIn(RequestContext& context, std::string tenant,
                                            std::string actor, Command command) {
  CommandMeta meta{std::move(tenant),
                   context.grant.actor().empty() ? std::move(actor) : context.grant.actor(),
                   context.request_id, "", ""};
  std::string written_tenant = meta.organization_id;
  domain::Result<CommandReply> reply = co_await Submit(std::move(meta), std::move(command));
  if (!reply) co_return Error(reply.error());
  positions_.Wrote(written_tenant, reply->position);
  ApiResponse response{HttpStatusFor(reply->effect), reply->TakeBody()};
  response.headers.emplace_back("X-Event-Position", std::to_string(reply->position));
  co_return response;
}

}  // namespace factura::api
