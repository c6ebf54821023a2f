#pragma once
// How a user appears in answers: `/v1/users`, `/v1/auth/*`'s `user`, `/v1/me`. Never the
// password hash.

#include <string>
#include <string_view>

#include "api/http/json_writer.h"
#include "domain/identity/user.h"

namespace factura::api {

// With `organization_id`, the user's `role` there.
void WriteUser(JsonWriter& json, const domain::UserState& user, std::string_view organization_id);
[[nodiscard]] std::string UserJson(const domain::UserState& user, std::string_view organization_id);

}  // namespace factura::api
