#pragma once
// The one place outcomes and errors become HTTP: status codes, seed 000's error body, localized
// messages.
//
//   {"error":{"type":"validation_error","code":"invalid_email","message":"…","param":"email",
//             "doc_url":"https://docs.factura.dev/errors/invalid_email"},"request_id":"req_…"}

#include <optional>
#include <string>
#include <string_view>

#include "api/commands/outcome.h"
#include "api/http/messages.h"
#include "domain/error.h"

namespace factura::api {

// 201 for a created resource, 204 for a deleted one, 200 otherwise.
[[nodiscard]] unsigned HttpStatusFor(Effect effect);

// 422 for invalid values, 404, 409 for preconditions and conflicts, 503 for unavailable, 500.
[[nodiscard]] unsigned HttpStatusFor(const domain::Error& error);
// The error type of a status: seed 000 §3.3 (validation_error, authentication_error, ...).
[[nodiscard]] std::string_view ErrorTypeFor(unsigned status);

// The response body for an error. Internal errors never leak their message: they say that
// something went wrong and give the request id to quote. `retry_after` (seconds; a 429's) is
// given in the error as well as in the Retry-After header.
[[nodiscard]] std::string ErrorBody(const domain::Error& error, unsigned status,
                                    std::string_view request_id, Locale locale,
                                    std::optional<int64_t> retry_after = std::nullopt);

// A request the transport refused before routing (408, 413, 431, otherwise 400), as the error
// whose status HttpStatusFor gives back.
[[nodiscard]] domain::Error TransportError(unsigned status, std::string code, std::string message);

}  // namespace factura::api
