#include "api/http/auth_bodies.h"

#include "api/http/json_input.h"

namespace factura::api {
namespace {

domain::Result<void> Required(JsonFields& f,
                              std::initializer_list<std::pair<const char*, std::string*>> fields) {
  for (const auto& [key, target] : fields) {
    auto value = f.RequiredString(key);
    if (!value) return std::unexpected(value.error());
    *target = std::move(*value);
  }
  return {};
}

}  // namespace

domain::Result<RegisterBody> ParseRegister(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  RegisterBody out;
  FACTURA_TRY(
      Required(f, {{"email", &out.email}, {"password", &out.password}, {"name", &out.name}}));
  std::optional<std::string> locale;
  FACTURA_TRY(f.ReadStrings({{"locale", &locale},
                             {"organization_id", &out.organization_id},
                             {"role", &out.role},
                             {"organization_name", &out.organization_name},
                             {"default_currency", &out.default_currency}}));
  out.locale = locale.value_or("");
  FACTURA_TRY(f.RejectUnknownFields());
  return out;
}

domain::Result<LoginBody> ParseLogin(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  LoginBody out;
  FACTURA_TRY(Required(f, {{"email", &out.email}, {"password", &out.password}}));
  FACTURA_TRY(f.RejectUnknownFields());
  return out;
}

domain::Result<std::string> ParseRefreshToken(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  std::string token;
  FACTURA_TRY(Required(f, {{"refresh_token", &token}}));
  FACTURA_TRY(f.RejectUnknownFields());
  return token;
}

domain::Result<PasswordChangeBody> ParsePasswordChange(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  PasswordChangeBody out;
  FACTURA_TRY(Required(
      f, {{"current_password", &out.current_password}, {"new_password", &out.new_password}}));
  FACTURA_TRY(f.RejectUnknownFields());
  return out;
}

domain::Result<PasswordResetBody> ParsePasswordReset(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  PasswordResetBody out;
  FACTURA_TRY(Required(f, {{"token", &out.token}, {"new_password", &out.new_password}}));
  FACTURA_TRY(f.RejectUnknownFields());
  return out;
}

domain::Result<UserUpdateBody> ParseUserUpdate(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  UserUpdateBody out;
  FACTURA_TRY(f.ReadStrings({{"name", &out.name},
                             {"locale", &out.locale},
                             {"role", &out.role},
                             {"customer_id", &out.customer_id}}));
  FACTURA_TRY(f.RejectUnknownFields());
  return out;
}

domain::Result<std::optional<std::string>> ParseApproval(std::string_view body) {
  auto parsed = JsonBody::ParseOptional(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  std::optional<std::string> role;
  FACTURA_TRY(f.ReadStrings({{"role", &role}}));
  FACTURA_TRY(f.RejectUnknownFields());
  return role;
}

}  // namespace factura::api
