#pragma once
// The request gate: what a request must pass before its route runs — the API key (and its scope
// for the route), the key's rate limit, and a JSON media type for a body. Routes never check
// these themselves.
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

class RequestGate {
 public:
  // rate_limit_per_minute <= 0: no rate limit.
  RequestGate(ApiKeyDirectory& keys, std::function<domain::Timestamp()> clock,
              int64_t rate_limit_per_minute);

  // Whether `request` may run a route that needs `scope` (empty: a public route).
  [[nodiscard]] Admission Admit(const HttpRequest& request, std::string_view scope);

 private:
  // The API key, its scope and its rate limit; fills admission.grant and admission.rate.
  domain::Result<void> Authorize(const HttpRequest& request, std::string_view scope,
                                 Admission& admission);

  ApiKeyDirectory& keys_;
  std::function<domain::Timestamp()> clock_;
  RateLimiter rate_limiter_;
};

// X-RateLimit-Limit, -Remaining and -Reset, and Retry-After when the request was refused.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> RateHeaders(
    const RateDecision& rate);

}  // namespace factura::api
