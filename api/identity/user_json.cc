#include "api/identity/user_json.h"

namespace factura::api {

void WriteUser(JsonWriter& json, const domain::UserState& user, std::string_view organization_id) {
  json.BeginObject()
      .Key("id")
      .String(user.id)
      .Key("object")
      .String("user")
      .Key("email")
      .String(user.email)
      .Key("name")
      .String(user.name)
      .Key("locale")
      .String(user.locale)
      .Key("status")
      .String(domain::UserStatusName(user.status));
  const domain::Membership* membership = user.MembershipIn(organization_id);
  json.Key("role");
  if (membership != nullptr) {
    json.String(membership->role);
  } else {
    json.Null();
  }
  json.Key("customer_id");
  if (membership != nullptr && membership->customer_id) {
    json.String(*membership->customer_id);
  } else {
    json.Null();
  }
  json.Key("created_at")
      .String(domain::FormatTimestamp(user.created_at))
      .Key("updated_at")
      .String(domain::FormatTimestamp(user.updated_at))
      .EndObject();
}

std::string UserJson(const domain::UserState& user, std::string_view organization_id) {
  JsonWriter json;
  WriteUser(json, user, organization_id);
  return std::move(json).Take();
}

}  // namespace factura::api
