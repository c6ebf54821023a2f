#pragma once
// Bodies of the /v1/auth and /v1/users routes. Passwords are carried as given: they are checked
// and hashed by the route, on the worker pool.

#include <optional>
#include <string>
#include <string_view>

#include "domain/error.h"

namespace factura::api {

struct RegisterBody {
  std::string email;
  std::string password;
  std::string name;
  std::string locale;
  std::optional<std::string> organization_id;  // join it (pending); absent: create one's own
  std::optional<std::string> role;             // asked for when joining (default viewer)
  std::optional<std::string> organization_name;
  std::optional<std::string> default_currency;
};

struct LoginBody {
  std::string email;
  std::string password;
};

struct PasswordChangeBody {
  std::string current_password;
  std::string new_password;
};

struct PasswordResetBody {
  std::string token;
  std::string new_password;
};

struct UserUpdateBody {
  std::optional<std::string> name;
  std::optional<std::string> locale;
  std::optional<std::string> role;
  std::optional<std::string> customer_id;  // with role `customer`
};

// Errors: 400 `malformed_json`, `unknown_parameter`; 422 `missing_field`, `invalid_type`.
[[nodiscard]] domain::Result<RegisterBody> ParseRegister(std::string_view body);
[[nodiscard]] domain::Result<LoginBody> ParseLogin(std::string_view body);
// `{"refresh_token": "…"}` (also RFC 7009's `token`, for logout).
[[nodiscard]] domain::Result<std::string> ParseRefreshToken(std::string_view body);
[[nodiscard]] domain::Result<PasswordChangeBody> ParsePasswordChange(std::string_view body);
[[nodiscard]] domain::Result<PasswordResetBody> ParsePasswordReset(std::string_view body);
// PATCH /v1/users/{id}; for approve, only `role` (an empty body is allowed).
[[nodiscard]] domain::Result<UserUpdateBody> ParseUserUpdate(std::string_view body);
[[nodiscard]] domain::Result<std::optional<std::string>> ParseApproval(std::string_view body);

}  // namespace factura::api
