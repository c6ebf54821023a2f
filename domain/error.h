#pragma once
// Errors as values for the whole domain.
//
// Every rejection a decision can make is an `Error` with a kind (what the caller should do), a
// stable machine code (`invoice_not_draft`), the request field it concerns
// (`line_items[2].quantity`, empty when none) and an English message. The HTTP layer maps kinds to
// statuses in one place.
//
//   Result<Money> total = Add(a, b);
//   if (!total) return std::unexpected(total.error());

#include <expected>
#include <string>
#include <utility>

namespace factura::domain {

// Chosen by what the caller should do about it (Abseil's status codes, narrowed).
enum class ErrorKind {
  kInvalidArgument,     // the request is wrong: fix it (HTTP 422)
  kNotFound,            // a referenced thing does not exist in this organization (404)
  kFailedPrecondition,  // the state forbids it now; do not retry until the state changes (409)
  kAlreadyExists,       // a unique value is taken (409)
  kOutOfRange,          // arithmetic would overflow: the amounts are too large (422)
  // Raised by storage and transport rather than by decisions:
  kConflict,     // a stream's version is not the one expected: reload and retry (409)
  kUnavailable,  // overloaded or shutting down: retry the call later (503)
  kDataLoss,     // stored data is corrupt: an operator must look (500)
  kInternal,     // a broken invariant or I/O failure (500)
  // Raised by the API's gatekeeping:
  kUnauthenticated,    // no credentials, or not valid ones (401)
  kPermissionDenied,   // valid credentials without the needed scope (403)
  kMalformed,          // the request cannot be read at all: bad JSON, unknown field (400)
  kResourceExhausted,  // the caller's rate limit is spent: retry after a while (429)
  // Raised by the HTTP transport, about the request's form rather than its content:
  kMethodNotAllowed,      // the path exists, the method does not (405)
  kUnsupportedMediaType,  // a body that is not JSON (415)
  kRequestTimeout,        // the request did not arrive in time (408)
  kBodyTooLarge,          // the body is over the limit (413)
  kHeadersTooLarge,       // the header block is over the limit (431)
};

struct Error {
  ErrorKind kind = ErrorKind::kInvalidArgument;
  std::string code;     // stable, snake_case: clients branch on it
  std::string param;    // the request field concerned, dotted/indexed; empty if none
  std::string message;  // English; the API may localize by `code`

  friend bool operator==(const Error&, const Error&) = default;
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> Reject(ErrorKind kind, std::string code, std::string param,
                                     std::string message) {
  return std::unexpected(Error{kind, std::move(code), std::move(param), std::move(message)});
}

inline std::unexpected<Error> Invalid(std::string code, std::string param, std::string message) {
  return Reject(ErrorKind::kInvalidArgument, std::move(code), std::move(param), std::move(message));
}

// Re-targets an error at a more specific request field, e.g. "quantity" ->
// "line_items[1].quantity".
inline Error WithParamPrefix(Error error, std::string_view prefix) {
  if (error.param.empty()) {
    error.param = std::string(prefix);
  } else {
    error.param = std::string(prefix) + "." + error.param;
  }
  return error;
}

}  // namespace factura::domain

// Returns the error of a failed `Result` from the enclosing function (Abseil's RETURN_IF_ERROR).
#define FACTURA_TRY(expression)                                      \
  if (auto factura_try_result = (expression); !factura_try_result) { \
    return std::unexpected(std::move(factura_try_result).error());   \
  }
