#pragma once
// Small pieces every resource's routes share: If-Match, query parameters (and, through
// command_support.h, not-found errors).

#include <charconv>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "api/commands/command_support.h"
#include "api/http/server.h"
#include "domain/error.h"

namespace factura::api {

// If-Match carries a resource's `version` (quoted or not) for the client's own optimistic
// concurrency. Errors: 422 `invalid_if_match`.
[[nodiscard]] domain::Result<std::optional<uint64_t>> IfMatch(const HttpRequest& request);

// The request target with `[` and `]` percent-encoded, ready for boost::urls parsing.
[[nodiscard]] std::string LenientTarget(std::string_view target);

// 400 `unknown_parameter` naming the first query parameter in none of `allowed`.
[[nodiscard]] domain::Result<void> RejectUnknownQueryParameters(
    const HttpRequest& request,
    std::initializer_list<const std::set<std::string, std::less<>>*> allowed);

// A decoded query parameter of the request target, if present.
[[nodiscard]] std::optional<std::string> QueryParameter(const HttpRequest& request,
                                                        std::string_view name);

}  // namespace factura::api
