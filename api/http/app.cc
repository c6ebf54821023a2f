#include "api/http/app.h"

#include <prometheus/text_serializer.h>

#include <chrono>
#include <random>

#include "api/http/errors.h"
#include "api/http/json_writer.h"

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

App::App(eventstore::EventStore& store, asio::thread_pool& workers)
    : store_(store), workers_(workers), registry_(std::make_shared<prometheus::Registry>()) {
  requests_ = &prometheus::BuildCounter()
                   .Name("factura_http_requests_total")
                   .Help("HTTP requests by route, method and status")
                   .Register(*registry_);
  latency_ = &prometheus::BuildHistogram()
                  .Name("factura_http_request_duration_seconds")
                  .Help("HTTP request latency by route")
                  .Register(*registry_);
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
  DeclareRoutes();
}

ApiResponse App::ErrorWithStatus(unsigned status, const domain::Error& error,
                                 std::string_view request_id) {
  return ApiResponse{status, ErrorBody(error, status, request_id)};
}

ApiResponse App::Error(const domain::Error& error, std::string_view request_id) {
  return ErrorWithStatus(HttpStatusFor(error), error, request_id);
}

HttpResponse App::Render(const ApiResponse& response, std::string_view request_id,
                         unsigned http_version) const {
  HttpResponse out{static_cast<http::status>(response.status), http_version};
  out.set(http::field::server, "factura");
  out.set(http::field::content_type, response.content_type);
  out.set("X-Request-ID", request_id);
  for (const auto& [name, value] : response.headers) out.set(name, value);
  out.body() = response.body;
  return out;
}

HttpResponse App::TransportError(unsigned status, std::string code, std::string message) {
  std::string request_id = RequestIdFor(HttpRequest{});
  requests_->Add({{"route", "transport"}, {"method", "-"}, {"status", std::to_string(status)}})
      .Increment();
  return Render(
      ErrorWithStatus(status, HttpError(std::move(code), "", std::move(message)), request_id),
      request_id, 11);
}

asio::awaitable<HttpResponse> App::Handle(HttpRequest request) {
  auto start = std::chrono::steady_clock::now();
  in_flight_->Increment();
  std::string request_id = RequestIdFor(request);
  auto match = router_.Find(request.method(), PathOf(request.target()));
  std::string route_name = match.route ? match.route->name : "unmatched";
  ApiResponse response;
  if (match.route == nullptr && match.allowed.empty()) {
    response = ErrorWithStatus(
        404, HttpError("route_not_found", "", "No route for " + std::string(request.target())),
        request_id);
  } else if (match.route == nullptr) {
    std::string allow;
    for (http::verb verb : match.allowed) {
      if (!allow.empty()) allow += ", ";
      allow += std::string(http::to_string(verb));
    }
    response = ErrorWithStatus(
        405, HttpError("method_not_allowed", "", "This path allows " + allow), request_id);
    response.headers.emplace_back("Allow", allow);
  } else {
    RequestContext context{request, match.params, request_id};
    try {
      response = co_await match.route->handler(context);
    } catch (const std::exception& e) {
      // Exceptions stop here: the client sees a 500 with its request id, never the message.
      response = ErrorWithStatus(
          500, domain::Error{domain::ErrorKind::kInternal, "internal_error", "", e.what()},
          request_id);
    }
  }
  log_head_->Set(static_cast<double>(store_.HeadPosition()));
  requests_
      ->Add({{"route", route_name},
             {"method", std::string(http::to_string(request.method()))},
             {"status", std::to_string(response.status)}})
      .Increment();
  latency_
      ->Add({{"route", route_name}},
            prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                    0.1, 0.25, 1, 2.5})
      .Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  in_flight_->Decrement();
  co_return Render(response, request_id, request.version());
}

void App::DeclareRoutes() {
  router_.Add(http::verb::get, "/healthz", "healthz",
              [](RequestContext&) -> asio::awaitable<ApiResponse> {
                co_return ApiResponse{200, R"({"status":"ok"})"};
              });
  router_.Add(http::verb::get, "/readyz", "readyz",
              [this](RequestContext&) -> asio::awaitable<ApiResponse> {
                JsonWriter json;
                bool ready = !store_.failed();
                json.BeginObject()
                    .Key("status")
                    .String(ready ? "ready" : "failed")
                    .Key("log_head")
                    .Int(static_cast<int64_t>(store_.HeadPosition()))
                    .EndObject();
                co_return ApiResponse{ready ? 200u : 503u, std::move(json).Take()};
              });
  router_.Add(http::verb::get, "/metrics", "metrics",
              [this](RequestContext&) -> asio::awaitable<ApiResponse> {
                prometheus::TextSerializer serializer;
                co_return ApiResponse{200, serializer.Serialize(registry_->Collect()),
                                      "text/plain; version=0.0.4"};
              });
}

}  // namespace factura::api
