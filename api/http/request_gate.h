#pragma once
// The request gate: what a request must pass before its route runs — the credential (an API key,
// or a user's access token with the organization it acts in: `X-Org-Id`, else the user's first)
// and its scope or permission for the route, the rate limits, and a JSON media type for a body.
// Routes never check these themselves. A route whose scope is kAnyCredential takes any valid
// credential (`/v1/me`).
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
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/api_keys.h"
#include "api/http/rate_limiter.h"
#include "api/http/server.h"
#include "api/identity/access_tokens.h"
#include "api/identity/external_tokens.h"
#include "api/identity/identity_directory.h"
#include "domain/date.h"
#include "domain/error.h"

namespace factura::api {

struct Admission {
  ApiKeyGrant grant;                 // empty for public routes
  std::optional<RateDecision> rate;  // set when the request counted against a rate limit
  // Errors: kUnauthenticated (no credential or not a valid one), kNotFound (X-Org-Id names an
  // organization the credential is not of), kPermissionDenied `missing_scope`,
  // kResourceExhausted `rate_limit_exceeded`, kUnsupportedMediaType.
  domain::Result<void> verdict;
};

inline constexpr std::string_view kAnyCredential = "credential";

// Users' access tokens, for a gate that takes them (without: API keys only).
struct UserCredentials {
  const AccessTokens* tokens = nullptr;
  const IdentityDirectory* people = nullptr;
  const ExternalTokens* external = nullptr;  // an external identity provider's, when configured
};

struct RateLimitPolicy {
  bool enabled = true;
  std::string default_plan = "enterprise";  // one of domain::kRatePlans
};

// The route a request matched: a customer user (customer_scope.h) is told a route outside their
// view does not exist, and its name and path parameters say which it is.
struct RouteCalled {
  std::string_view name;
  const std::map<std::string, std::string, std::less<>>* params = nullptr;
};

class RequestGate {
 public:
  RequestGate(ApiKeyDirectory& keys, std::function<domain::Timestamp()> clock,
              RateLimitPolicy policy, UserCredentials users = {});

  // Whether `request` may run a route that needs `scope` (empty: a public route), its body JSON
  // (or a form, for a route that `accepts_forms`).
  [[nodiscard]] Admission Admit(const HttpRequest& request, std::string_view scope,
                                bool accepts_forms = false, RouteCalled route = {});

 private:
  // The API key, its scope and its rate limit; fills admission.grant and admission.rate.
  domain::Result<void> Authorize(const HttpRequest& request, std::string_view scope,
                                 RouteCalled route, Admission& admission);

  // The grant the Authorization header (and X-Org-Id) names. Errors: 401s, 404
  // `organization_not_found`.
  domain::Result<ApiKeyGrant> Authenticate(const HttpRequest& request) const;

  ApiKeyDirectory& keys_;
  UserCredentials users_;
  std::function<domain::Timestamp()> clock_;
  RateLimitPolicy policy_;
  RateLimiter rate_limiter_;
};

// X-RateLimit-Limit, -Remaining and -Reset, and Retry-After when the request was refused.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> RateHeaders(
    const RateDecision& rate);

}  // namespace factura::api
