#pragma once
// The request gate: what a request must pass before its route runs — the API key (and its scope
// for the route), the rate limits, and a JSON media type for a body. Routes never check these
// themselves.
//
// Rate limits: the organization's plan (or its custom limit) a minute, shared by all its keys; a
// key's own limit when narrower; and a burst bound per key (BurstPerSecond of the key's
// effective per-minute limit). Organizations without a plan have the configured default.
//
//   Admission admission = gate.Admit(request, route.scope);
//   if (!admission.verdict) → the error's status (401, 403, 429, 415), with RateHeaders
//
// Thread safety: Admit may be called from any thread.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/api_keys.h"
#include "api/http/rate_limiter.h"
#include "api/http/server.h"
#include "domain/date.h"
#include "domain/error.h"

namespace factura::api {

struct Admission {
  ApiKeyGrant grant;                 // empty for public routes
  std::optional<RateDecision> rate;  // set when the request counted against a rate limit
  // Errors: kUnauthenticated (no key or not a valid one), kPermissionDenied `missing_scope`,
  // kResourceExhausted `rate_limit_exceeded`, kUnsupportedMediaType.
  domain::Result<void> verdict;
};

struct RateLimitPolicy {
  bool enabled = true;
  std::string default_plan = "enterprise";  // one of domain::kRatePlans
};

class RequestGate {
 public:
  RequestGate(ApiKeyDirectory& keys, std::function<domain::Timestamp()> clock,
              RateLimitPolicy policy);

  // Whether `request` may run a route that needs `scope` (empty: a public route).
  [[nodiscard]] Admission Admit(const HttpRequest& request, std::string_view scope);

 private:
  // The API key, its scope and its rate limit; fills admission.grant and admission.rate.
  domain::Result<void> Authorize(const HttpRequest& request, std::string_view scope,
                                 Admission& admission);

  ApiKeyDirectory& keys_;
  std::function<domain::Timestamp()> clock_;
  RateLimitPolicy policy_;
  RateLimiter rate_limiter_;
};

// X-RateLimit-Limit, -Remaining and -Reset, and Retry-After when the request was refused.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> RateHeaders(
    const RateDecision& rate);

}  // namespace factura::api
