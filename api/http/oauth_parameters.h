#pragma once
// The parameters of OAuth's endpoints: a form (application/x-www-form-urlencoded, as RFC 6749
// §4.1.3 sends them), a JSON object of strings (as seed 000 §2.1 shows them), or for
// /oauth/authorize the query. Parameters the endpoint does not know are ignored (RFC 6749 §3.1);
// one sent twice is an error.
//
//   auto params = BodyParameters(context.request);
//   std::string grant = Parameter(*params, "grant_type");

#include <map>
#include <string>
#include <string_view>

#include "api/http/server.h"
#include "domain/error.h"

namespace factura::api {

using OAuthParameters = std::map<std::string, std::string, std::less<>>;

// Errors: 400 `invalid_request` (malformed, a name twice).
[[nodiscard]] domain::Result<OAuthParameters> FormParameters(std::string_view encoded);
// The body as a form or a JSON object (its string members; others are refused). Errors: 400
// `invalid_request`; 415 `unsupported_media_type` for another content type.
[[nodiscard]] domain::Result<OAuthParameters> BodyParameters(const HttpRequest& request);
// The request target's query as a form.
[[nodiscard]] domain::Result<OAuthParameters> QueryParameters(const HttpRequest& request);

// The value, or empty.
[[nodiscard]] std::string Parameter(const OAuthParameters& parameters, std::string_view name);

}  // namespace factura::api
