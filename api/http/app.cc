#include "api/http/app.h"

#include <prometheus/text_serializer.h>

#include <charconv>
#include <chrono>
#include <random>

#include "api/http/errors.h"
#include "api/http/json_writer.h"
#include "api/http/messages.h"
#include "api/http/openapi_document.h"
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
         CommandProcessor::Clock clock, int64_t rate_limit_per_minute, EventServices webhooks)
    : store_(store),
      workers_(workers),
      keys_(keys),
      processor_(processor),
      read_models_(read_models),
      clock_(std::move(clock)),
      webhooks_(webhooks),
      rate_limiter_(rate_limit_per_minute),
      registry_(std::make_shared<prometheus::Registry>()),
      request_metrics_(*registry_) {
  in_flight_ = &prometheus::BuildGauge()
                    .Name("factura_http_requests_in_flight")
                    .Help("HTTP requests being handled")
                    .Register(*registry_)
                    .Add({});
  log_head_ = &prometheus::BuildGauge()
                   .Name("factura_event_log_head_position")
                   .Help("The last durable position of the event log")
                   .Register(*registry_)
                   .Add({});
  auto gauge = [&](const char* name, const char* help) {
    return &prometheus::BuildGauge().Name(name).Help(help).Register(*registry_).Add({});
  };
  read_model_checkpoint_ = gauge("factura_read_model_checkpoint_position",
                                 "The last log position applied to the read models");
  read_model_lag_ =
      gauge("factura_read_model_lag_positions", "Log positions not yet applied to the read models");
  auto counter = [&](const char* name, const char* help) {
    return &prometheus::BuildCounter().Name(name).Help(help).Register(*registry_).Add({});
  };
  store_commits_ = counter("factura_event_store_commits_total",
                           "Group commits (one fsync each) of the event store");
  store_appends_ = counter("factura_event_store_appends_total", "Appends committed");
  store_events_ = counter("factura_event_store_events_total", "Events committed");
  auto histogram = [&](const char* name, const char* help, auto bounds, double unit) {
    prometheus::Histogram::BucketBoundaries boundaries;
    for (uint64_t bound : bounds) boundaries.push_back(static_cast<double>(bound) * unit);
    return &prometheus::BuildHistogram()
                .Name(name)
                .Help(help)
                .Register(*registry_)
                .Add({}, boundaries);
  };
  store_commit_seconds_ = histogram("factura_event_store_commit_duration_seconds",
                                    "Write + fsync time of each group commit",
                                    eventstore::EventStore::kCommitMicrosBounds, 1e-6);
  read_model_lag_seconds_ =
      histogram("factura_read_model_lag_seconds",
                "Time from an event's commit to the log to its batch's commit to the read models",
                projections::Projector::kLagMillisBounds, 1e-3);
  store_batch_appends_ =
      histogram("factura_event_store_batch_appends", "Appends per group commit (batch size)",
                eventstore::EventStore::kBatchAppendsBounds, 1.0);
  store_queue_depth_ = &prometheus::BuildGauge()
                            .Name("factura_event_store_write_queue_depth")
                            .Help("Appends waiting for the writer")
                            .Register(*registry_)
                            .Add({});
  outbox_checkpoint_ = gauge("factura_webhook_outbox_checkpoint_position",
                             "The last log position the webhook outbox has turned into deliveries");
  outbox_lag_ = gauge("factura_webhook_outbox_lag_positions",
                      "Log positions the webhook outbox has not looked at yet");
  webhooks_in_flight_ = gauge("factura_webhook_deliveries_in_flight", "Webhook attempts under way");
  webhook_attempts_ =
      &prometheus::BuildCounter()
           .Name("factura_webhook_attempts_total")
           .Help("Webhook delivery attempts by outcome (succeeded, retrying, failed)")
           .Register(*registry_);
  streams_open_ = gauge("factura_event_streams_open", "Open /v1/events/stream connections");
  DeclareRoutes();
}

void App::CollectStoreStats() {
  std::lock_guard lock(store_stats_mutex_);
  if (webhooks_.outbox != nullptr && webhooks_.dispatcher != nullptr) {
    uint64_t outbox = webhooks_.outbox->checkpoint();
    uint64_t log_head = store_.HeadPosition();
    outbox_checkpoint_->Set(static_cast<double>(outbox));
    outbox_lag_->Set(static_cast<double>(log_head > outbox ? log_head - outbox : 0));
    WebhookDispatcher::Stats webhooks = webhooks_.dispatcher->GetStats();
    webhooks_in_flight_->Set(static_cast<double>(webhooks.in_flight));
    for (auto [outcome, now, seen] :
         {std::tuple{"succeeded", webhooks.succeeded, webhook_stats_seen_.succeeded},
          {"retrying", webhooks.retrying, webhook_stats_seen_.retrying},
          {"failed", webhooks.failed, webhook_stats_seen_.failed}}) {
      webhook_attempts_->Add({{"outcome", outcome}}).Increment(static_cast<double>(now - seen));
    }
    webhook_stats_seen_ = webhooks;
  }
  uint64_t checkpoint = read_models_.projector().checkpoint();
  uint64_t head = store_.HeadPosition();
  read_model_checkpoint_->Set(static_cast<double>(checkpoint));
  read_model_lag_->Set(static_cast<double>(head > checkpoint ? head - checkpoint : 0));
  projections::Projector::LagStats lag = read_models_.projector().lag();
  std::vector<double> lag_increments;
  for (size_t i = 0; i < lag.buckets.size(); ++i) {
    lag_increments.push_back(static_cast<double>(lag.buckets[i] - lag_seen_.buckets[i]));
  }
  read_model_lag_seconds_->ObserveMultiple(
      lag_increments, static_cast<double>(lag.total_micros - lag_seen_.total_micros) / 1e6);
  lag_seen_ = lag;
  eventstore::EventStore::Stats now = store_.GetStats();
  store_commits_->Increment(static_cast<double>(now.batches - store_stats_seen_.batches));
  store_appends_->Increment(static_cast<double>(now.appends - store_stats_seen_.appends));
  store_events_->Increment(static_cast<double>(now.events - store_stats_seen_.events));
  auto increments = [](const auto& now_buckets, const auto& seen_buckets) {
    std::vector<double> out;
    for (size_t i = 0; i < now_buckets.size(); ++i) {
      out.push_back(static_cast<double>(now_buckets[i] - seen_buckets[i]));
    }
    return out;
  };
  store_commit_seconds_->ObserveMultiple(
      increments(now.commit_micros_buckets, store_stats_seen_.commit_micros_buckets),
      static_cast<double>(now.commit_micros - store_stats_seen_.commit_micros) / 1e6);
  store_batch_appends_->ObserveMultiple(
      increments(now.batch_appends_buckets, store_stats_seen_.batch_appends_buckets),
      static_cast<double>(now.appends - store_stats_seen_.appends));
  store_queue_depth_->Set(static_cast<double>(now.queued));
  store_stats_seen_ = now;
}

ApiResponse App::ErrorWithStatus(unsigned status, const domain::Error& error) {
  ApiResponse response{status};
  response.error = error;
  return response;
}

ApiResponse App::Error(const domain::Error& error) {
  return ErrorWithStatus(HttpStatusFor(error), error);
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
    out.body() = ErrorBody(*response.error, response.status, request_id, locale);
  } else {
    out.body() = response.body;
  }
  return out;
}

HttpResponse App::TransportError(unsigned status, std::string code, std::string message) {
  std::string request_id = RequestIdFor(HttpRequest{});
  request_metrics_.RecordRefusal(status);
  return Render(ErrorWithStatus(status, HttpError(std::move(code), "", std::move(message))),
                request_id, 11, Locale::kEnUs);
}

asio::awaitable<HandlerReply> App::Handle(HttpRequest request) {
  auto start = std::chrono::steady_clock::now();
  in_flight_->Increment();
  std::string request_id = RequestIdFor(request);
  auto match = router_.Find(request.method(), PathOf(request.target()));
  std::string_view route_name = match.route ? std::string_view(match.route->name) : "unmatched";
  ApiResponse response;
  if (match.route == nullptr && match.allowed.empty()) {
    response = ErrorWithStatus(
        404, HttpError("route_not_found", "", "No route for " + std::string(request.target())));
  } else if (match.route == nullptr) {
    std::string allow;
    for (http::verb verb : match.allowed) {
      if (!allow.empty()) allow += ", ";
      allow += std::string(http::to_string(verb));
    }
    response =
        ErrorWithStatus(405, HttpError("method_not_allowed", "", "This path allows " + allow));
    response.headers.emplace_back("Allow", allow);
  } else {
    RequestContext context{request, match.params, request_id, {}};
    try {
      domain::Result<void> allowed;
      if (!match.route->scope.empty()) {
        auto header = request.find(http::field::authorization);
        auto grant = keys_.Authenticate(
            header == request.end() ? std::string_view() : std::string_view(header->value()),
            clock_());
        if (!grant) {
          allowed = std::unexpected(grant.error());
        } else if (!grant->HasScope(match.route->scope)) {
          allowed = domain::Reject(domain::ErrorKind::kPermissionDenied, "missing_scope", "",
                                   "This API key lacks the '" + match.route->scope + "' scope");
        } else {
          context.grant = std::move(*grant);
        }
      }
      std::optional<RateDecision> rate;
      if (allowed && !context.grant.api_key_id.empty() && rate_limiter_.enabled()) {
        rate = rate_limiter_.Take(context.grant.api_key_id, clock_());
        if (!rate->allowed) {
          allowed = domain::Reject(domain::ErrorKind::kUnavailable, "rate_limit_exceeded", "",
                                   "Rate limit of " + std::to_string(rate->limit) +
                                       " requests per minute exceeded; retry in " +
                                       std::to_string(rate->retry_after_seconds) + " s");
        }
      }
      bool has_body = request.method() == http::verb::post || request.method() == http::verb::put ||
                      request.method() == http::verb::patch;
      if (allowed && has_body && !request.body().empty()) {
        auto type = request.find(http::field::content_type);
        if (type == request.end() ||
            !std::string_view(type->value()).starts_with("application/json")) {
          response = ErrorWithStatus(
              415, HttpError("unsupported_media_type", "", "Send bodies as application/json"));
        }
      }
      if (!allowed && allowed.error().code == "rate_limit_exceeded") {
        response = ErrorWithStatus(429, allowed.error());
        response.headers.emplace_back("Retry-After", std::to_string(rate->retry_after_seconds));
      } else if (!allowed) {
        response = Error(allowed.error());
      } else if (response.status != 415) {
        response = co_await match.route->handler(context);
      }
      if (rate) {
        response.headers.emplace_back("X-RateLimit-Limit", std::to_string(rate->limit));
        response.headers.emplace_back("X-RateLimit-Remaining", std::to_string(rate->remaining));
        response.headers.emplace_back("X-RateLimit-Reset",
                                      std::to_string(rate->reset_unix_seconds));
      }
    } catch (const std::exception& e) {
      // Exceptions stop here: the client sees a 500 with its request id, never the message.
      response = ErrorWithStatus(
          500, domain::Error{domain::ErrorKind::kInternal, "internal_error", "", e.what()});
    }
  }
  log_head_->Set(static_cast<double>(store_.HeadPosition()));
  request_metrics_.Record(
      route_name, http::to_string(request.method()), response.status,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  in_flight_->Decrement();
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
                CollectStoreStats();
                prometheus::TextSerializer serializer;
                co_return ApiResponse{200, serializer.Serialize(registry_->Collect()),
                                      "text/plain; version=0.0.4"};
              });
  router_.Add(http::verb::get, "/openapi.json", "openapi", "",
              [](RequestContext&) -> asio::awaitable<ApiResponse> {
                co_return ApiResponse{200, std::string(OpenApiDocument())};
              });
  DeclareCustomerRoutes();
  DeclareInvoiceRoutes();
  DeclarePaymentRoutes();
  DeclareCatalogRoutes();
  DeclareApiKeyRoutes();
  DeclareListRoutes();
  DeclareReportRoutes();
  DeclareWebhookRoutes();
  DeclareWebhookDeliveryRoutes();
  DeclareEventRoutes();
}

uint64_t App::LastWritten(const std::string& organization_id) {
  std::lock_guard lock(written_mutex_);
  auto it = last_written_.find(organization_id);
  return it == last_written_.end() ? 0 : it->second;
}

void App::Wrote(const std::string& organization_id, uint64_t position) {
  std::lock_guard lock(written_mutex_);
  uint64_t& last = last_written_[organization_id];
  last = std::max(last, position);
}

domain::Result<App::Expansion> App::ParseExpand(const HttpRequest& request) {
  Expansion expand;
  auto text = QueryParameter(request, "expand");
  if (!text) return expand;
  for (size_t at = 0; at <= text->size();) {
    size_t comma = std::min(text->find(',', at), text->size());
    std::string_view name = std::string_view(*text).substr(at, comma - at);
    if (name == "customer") {
      expand.customer = true;
    } else if (name == "line_items") {
      expand.line_items = true;
    } else if (name == "payments") {
      expand.payments = true;
    } else {
      return domain::Invalid("invalid_expand", "expand", "Expand customer, line_items or payments");
    }
    at = comma + 1;
  }
  return expand;
}

std::string App::ExpandedInvoiceJson(const std::string& organization_id,
                                     const domain::InvoiceState& invoice, const Expansion& expand) {
  std::string json = InvoiceJson(invoice);
  auto replace = [&](std::string_view member, const std::string& value) {
    auto current = MemberJson(json, member);
    if (!current) return;
    json.replace(static_cast<size_t>(current->data() - json.data()), current->size(), value);
  };
  DurableStates& states = processor_.durable_states();
  if (expand.customer) {
    auto customer = DurableStateNow<domain::CustomerState>(states, store_, organization_id,
                                                           invoice.content.customer.customer_id);
    if (customer && (*customer)->exists) replace("customer", CustomerJson(**customer));
  }
  if (expand.payments) {
    JsonWriter payments;
    payments.BeginArray();
    for (const auto& applied : invoice.payments) {
      auto payment = DurableStateNow<domain::PaymentState>(states, store_, organization_id,
                                                           applied.payment_id);
      if (payment && (*payment)->exists) WritePayment(payments, **payment);
    }
    payments.EndArray();
    replace("payments", std::move(payments).Take());
  }
  return json;
}

std::map<std::string, std::string> App::InvoiceExpansions(const std::string& organization_id,
                                                          const std::string& invoice_id,
                                                          const Expansion& expand) {
  std::map<std::string, std::string> members;
  auto invoice = DurableStateNow<domain::InvoiceState>(processor_.durable_states(), store_,
                                                       organization_id, invoice_id);
  if (!invoice || !(*invoice)->exists) return members;
  std::string whole = ExpandedInvoiceJson(organization_id, **invoice, expand);
  for (const auto& [name, wanted] : {std::pair{"customer", expand.customer},
                                     {"line_items", expand.line_items},
                                     {"payments", expand.payments}}) {
    if (!wanted) continue;
    if (auto value = MemberJson(whole, name)) members.emplace(name, std::string(*value));
  }
  return members;
}

asio::awaitable<ApiResponse> App::QueryReadModels(RequestContext& context, Query query) {
  uint64_t wanted = LastWritten(context.grant.organization_id);
  if (auto text = QueryParameter(context.request, "min_position")) {
    uint64_t explicit_position = 0;
    auto [end, error] =
        std::from_chars(text->data(), text->data() + text->size(), explicit_position);
    if (error != std::errc() || end != text->data() + text->size()) {
      co_return Error(
          domain::Invalid("invalid_min_position", "min_position", "Expected a log position")
              .error());
    }
    wanted = std::max(wanted, explicit_position);
  }
  std::optional<FieldSet> fields;
  if (auto text = QueryParameter(context.request, "fields")) {
    auto parsed = ParseFields(*text);
    if (!parsed) co_return Error(parsed.error());
    fields = std::move(*parsed);
  }
  co_await OnWorker();
  projections::Projector& projector = read_models_.projector();
  bool fresh = projector.checkpoint() >= wanted || projector.WaitFor(wanted, kReadYourWritesWait);
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
  CommandMeta meta{context.grant.organization_id, context.grant.api_key_id, context.request_id, "",
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
  using Signature = void(domain::Result<CommandReply>);
  domain::Result<CommandReply> reply =
      co_await asio::async_initiate<decltype(asio::use_awaitable), Signature>(
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
  if (!reply) co_return Error(reply.error());
  Wrote(context.grant.organization_id, reply->position);
  ApiResponse response{HttpStatusFor(reply->effect), reply->TakeBody()};
  response.headers.emplace_back("X-Event-Position", std::to_string(reply->position));
  if (reply->replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
  co_return response;
}

}  // namespace factura::api
