#include "api/http/request_gate.h"

#include <algorithm>
#include <array>
#include <span>

#include "api/http/customer_scope.h"
#include "domain/organization/rate_plan.h"

namespace factura::api {
namespace {

bool HasBody(const HttpRequest& request) {
  http::verb method = request.method();
  bool may_have_one =
      method == http::verb::post || method == http::verb::put || method == http::verb::patch;
  return may_have_one && !request.body().empty();
}

// The organization's per-minute limit: its custom one, else its plan's, else the default plan's.
int64_t OrganizationLimit(const ApiKeyGrant& grant, const RateLimitPolicy& policy) {
  if (grant.organization_rate_limit_per_minute) return *grant.organization_rate_limit_per_minute;
  const domain::RatePlan* plan = domain::FindRatePlan(grant.organization_plan);
  if (plan == nullptr) plan = domain::FindRatePlan(policy.default_plan);
  return plan != nullptr ? plan->requests_per_minute
                         : domain::kRatePlans.back().requests_per_minute;
}

}  // namespace

RequestGate::RequestGate(ApiKeyDirectory& keys, std::function<domain::Timestamp()> clock,
                         RateLimitPolicy policy, UserCredentials users)
    : keys_(keys), users_(users), clock_(std::move(clock)), policy_(std::move(policy)) {}

domain::Result<ApiKeyGrant> RequestGate::Authenticate(const HttpRequest& request) const {
  auto header = request.find(http::field::authorization);
  std::string_view authorization =
      header == request.end() ? std::string_view() : std::string_view(header->value());
  auto named = request.find("X-Org-Id");
  std::string_view organization =
      named == request.end() ? std::string_view() : std::string_view(named->value());
  constexpr std::string_view kBearer = "Bearer ";
  if (users_.tokens != nullptr && authorization.starts_with(kBearer) &&
      LooksLikeJwt(authorization.substr(kBearer.size()))) {
    domain::Timestamp now = clock_();
    std::string_view token = authorization.substr(kBearer.size());
    if (users_.external != nullptr && users_.external->Names(token)) {
      auto external = users_.external->Verify(token, now);
      if (!external) return std::unexpected(external.error());
      auto grant = users_.people->AuthorizeExternal(
          external->email, organization.empty() ? external->organization_id : organization);
      if (grant) keys_.FillOrganizationLimits(*grant);
      return grant;
    }
    auto claims = users_.tokens->Verify(token, now);
    if (!claims) return std::unexpected(claims.error());
    auto grant = users_.people->Authorize(*claims, organization, now);
    if (grant) keys_.FillOrganizationLimits(*grant);
    return grant;
  }
  auto grant = keys_.Authenticate(authorization, clock_());
  if (grant && !organization.empty() && organization != grant->organization_id) {
    return domain::Reject(domain::ErrorKind::kNotFound, "organization_not_found", "X-Org-Id",
                          "No such organization");
  }
  return grant;
}

Admission RequestGate::Admit(const HttpRequest& request, std::string_view scope, bool accepts_forms,
                             RouteCalled route) {
  Admission admission;
  if (!scope.empty()) {
    admission.verdict = Authorize(request, scope, route, admission);
    if (!admission.verdict) return admission;
  }
  // Every route, public ones too, reads a body only as JSON (OAuth's, forms too).
  if (HasBody(request)) {
    auto type = request.find(http::field::content_type);
    std::string_view content_type =
        type == request.end() ? std::string_view() : std::string_view(type->value());
    bool form = accepts_forms && content_type.starts_with("application/x-www-form-urlencoded");
    if (!form && !content_type.starts_with("application/json")) {
      admission.verdict =
          domain::Reject(domain::ErrorKind::kUnsupportedMediaType, "unsupported_media_type", "",
                         "Send bodies as application/json");
    }
  }
  return admission;
}

domain::Result<void> RequestGate::Authorize(const HttpRequest& request, std::string_view scope,
                                            RouteCalled route, Admission& admission) {
  auto grant = Authenticate(request);
  if (!grant) return std::unexpected(grant.error());
  if (route.params != nullptr && !CustomerMayCall(*grant, route.name, *route.params)) {
    return domain::Reject(domain::ErrorKind::kNotFound, "route_not_found", "",
                          "No route for " + std::string(request.target()));
  }
  if (scope != kAnyCredential && !grant->HasScope(scope)) {
    return domain::Reject(domain::ErrorKind::kPermissionDenied, "missing_scope", "",
                          grant->user_id.empty()
                              ? "This API key lacks the '" + std::string(scope) + "' scope"
                              : "Your role lacks the '" + std::string(scope) + "' permission");
  }
  admission.grant = std::move(*grant);
  if (!policy_.enabled) return {};
  const ApiKeyGrant& who = admission.grant;
  int64_t organization_limit = OrganizationLimit(who, policy_);
  int64_t key_limit =
      std::min(organization_limit, who.key_rate_limit_per_minute.value_or(organization_limit));
  std::array<RateBucket, 3> buckets;
  size_t count = 0;
  if (key_limit < organization_limit) {
    buckets[count++] = {RateBucket::kKeyMinute, who.organization_id, who.actor(), key_limit,
                        static_cast<double>(key_limit) / 60};
  }
  buckets[count++] = {RateBucket::kOrganizationMinute,
                      who.organization_id,
                      {},
                      organization_limit,
                      static_cast<double>(organization_limit) / 60};
  int64_t burst = domain::BurstPerSecond(key_limit);
  buckets[count++] = {RateBucket::kKeyBurst, who.organization_id, who.actor(), burst,
                      static_cast<double>(burst)};
  RateDecision rate = rate_limiter_.Take(std::span(buckets).first(count), clock_());
  admission.rate = rate;
  if (!rate.allowed) {
    return domain::Reject(domain::ErrorKind::kResourceExhausted, "rate_limit_exceeded", "",
                          "You have exceeded the rate limit of " + std::to_string(rate.limit) +
                              " requests per minute (" + std::to_string(burst) +
                              " a second); retry in " + std::to_string(rate.retry_after_seconds) +
                              " s");
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
