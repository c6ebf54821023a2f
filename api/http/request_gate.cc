#include "api/http/request_gate.h"

namespace factura::api {
namespace {

bool HasBody(const HttpRequest& request) {
  http::verb method = request.method();
  bool may_have_one =
      method == http::verb::post || method == http::verb::put || method == http::verb::patch;
  return may_have_one && !request.body().empty();
}

}  // namespace

RequestGate::RequestGate(ApiKeyDirectory& keys, std::function<domain::Timestamp()> clock,
                         int64_t rate_limit_per_minute)
    : keys_(keys), clock_(std::move(clock)), rate_limiter_(rate_limit_per_minute) {}

Admission RequestGate::Admit(const HttpRequest& request, std::string_view scope) {
  Admission admission;
  if (!scope.empty()) {
    admission.verdict = Authorize(request, scope, admission);
    if (!admission.verdict) return admission;
  }
  // Every route, public ones too, reads a body only as JSON.
  if (HasBody(request)) {
    auto type = request.find(http::field::content_type);
    if (type == request.end() || !std::string_view(type->value()).starts_with("application/json")) {
      admission.verdict =
          domain::Reject(domain::ErrorKind::kUnsupportedMediaType, "unsupported_media_type", "",
                         "Send bodies as application/json");
    }
  }
  return admission;
}

domain::Result<void> RequestGate::Authorize(const HttpRequest& request, std::string_view scope,
                                            Admission& admission) {
  auto header = request.find(http::field::authorization);
  auto grant = keys_.Authenticate(
      header == request.end() ? std::string_view() : std::string_view(header->value()), clock_());
  if (!grant) return std::unexpected(grant.error());
  if (!grant->HasScope(scope)) {
    return domain::Reject(domain::ErrorKind::kPermissionDenied, "missing_scope", "",
                          "This API key lacks the '" + std::string(scope) + "' scope");
  }
  admission.grant = std::move(*grant);
  if (!rate_limiter_.enabled()) return {};
  RateDecision rate = rate_limiter_.Take(admission.grant.api_key_id, clock_());
  admission.rate = rate;
  if (!rate.allowed) {
    return domain::Reject(domain::ErrorKind::kResourceExhausted, "rate_limit_exceeded", "",
                          "Rate limit of " + std::to_string(rate.limit) +
                              " requests per minute exceeded; retry in " +
                              std::to_string(rate.retry_after_seconds) + " s");
  }
  return {};
}

std::vector<std::pair<std::string, std::string>> RateHeaders(const RateDecision& rate) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!rate.allowed) headers.emplace_back("Retry-After", std::to_string(rate.retry_after_seconds));
  headers.emplace_back("X-RateLimit-Limit", std::to_string(rate.limit));
  headers.emplace_back("X-RateLimit-Remaining", std::to_string(rate.remaining));
  headers.emplace_back("X-RateLimit-Reset", std::to_string(rate.reset_unix_seconds));
  return headers;
}

}  // namespace factura::api
