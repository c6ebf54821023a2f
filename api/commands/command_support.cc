#include "api/commands/command_support.h"

#include <string>

namespace factura::api {

domain::Result<void> CheckVersion(std::optional<uint64_t> expected, uint64_t actual) {
  if (expected && *expected != actual) {
    return domain::Reject(domain::ErrorKind::kConflict, "version_mismatch", "If-Match",
                          "The resource is at version " + std::to_string(actual));
  }
  return {};
}

std::unexpected<domain::Error> NotFound(std::string_view what, std::string_view id) {
  return domain::Reject(
      domain::ErrorKind::kNotFound, "resource_not_found", "id",
      "No " + std::string(what) + " found with id '" + std::string(id.substr(0, 80)) + "'");
}

}  // namespace factura::api
