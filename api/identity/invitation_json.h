#pragma once
// How an invitation appears in answers: never its token's hash; the token itself only in the
// creation's answer (until e-mail delivers it).

#include <optional>
#include <string>

#include "api/http/json_writer.h"
#include "domain/identity/invitation.h"

namespace factura::api {

void WriteInvitation(JsonWriter& json, const domain::InvitationState& invitation,
                     domain::Timestamp now, const std::optional<std::string>& token);
[[nodiscard]] std::string InvitationJson(const domain::InvitationState& invitation,
                                         domain::Timestamp now,
                                         const std::optional<std::string>& token);

}  // namespace factura::api
