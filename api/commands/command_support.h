#pragma once
// Small pieces the command modules share (and the routes, for reads by id): not-found errors and
// the client's optimistic concurrency (a resource's `version`, from If-Match).

#include <cstdint>
#include <optional>
#include <string_view>

#include "domain/error.h"

namespace factura::api {

// kConflict `version_mismatch` naming the actual version when `expected` is given and differs.
[[nodiscard]] domain::Result<void> CheckVersion(std::optional<uint64_t> expected, uint64_t actual);

// kNotFound `resource_not_found` ("No invoice found with id '…'").
[[nodiscard]] std::unexpected<domain::Error> NotFound(std::string_view what, std::string_view id);

}  // namespace factura::api
