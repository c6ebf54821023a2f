#pragma once
// What OAuth's endpoints (oauth_authorize_routes.cc, oauth_routes.cc) share: their error shape
// (RFC 6749 §5.2, not the API's envelope) and scope lists (space-separated, RFC 6749 §3.3).

#include <string>
#include <string_view>
#include <vector>

#include "api/http/app.h"

namespace factura::api {

// `{"error", "error_description"}` with Cache-Control: no-store.
[[nodiscard]] ApiResponse OAuthError(unsigned status, std::string_view error,
                                     std::string_view description);

// The words of a `scope` parameter, each once, in order.
[[nodiscard]] std::vector<std::string> SplitScope(std::string_view text);
[[nodiscard]] std::string JoinScope(const std::vector<std::string>& scopes);

// One of the API's scopes (the API-key vocabulary).
[[nodiscard]] bool KnownScope(std::string_view scope);

}  // namespace factura::api
