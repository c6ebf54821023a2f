#include "api/identity/invitation_json.h"

namespace factura::api {

void WriteInvitation(JsonWriter& json, const domain::InvitationState& invitation,
                     domain::Timestamp now, const std::optional<std::string>& token) {
  json.BeginObject()
      .Key("id")
      .String(invitation.id)
      .Key("object")
      .String("invitation")
      .Key("organization_id")
      .String(invitation.organization_id)
      .Key("email")
      .String(invitation.email)
      .Key("role")
      .String(invitation.role)
      .Key("customer_id");
  if (invitation.customer_id) {
    json.String(*invitation.customer_id);
  } else {
    json.Null();
  }
  json.Key("status")
      .String(invitation.StatusAt(now))
      .Key("invited_by")
      .String(invitation.invited_by)
      .Key("expires_at")
      .String(domain::FormatTimestamp(invitation.expires_at))
      .Key("created_at")
      .String(domain::FormatTimestamp(invitation.created_at));
  if (token) json.Key("token").String(*token);
  json.EndObject();
}

std::string InvitationJson(const domain::InvitationState& invitation, domain::Timestamp now,
                           const std::optional<std::string>& token) {
  JsonWriter json;
  WriteInvitation(json, invitation, now, token);
  return std::move(json).Take();
}

}  // namespace factura::api
