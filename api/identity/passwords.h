#pragma once
// Passwords: Argon2id hashes (libsodium's crypto_pwhash_str, salt and parameters inside the
// encoded string) and the rules a new password must meet. Hashing takes tens of milliseconds and
// 64 MiB by design: call these on the worker pool, never on an I/O thread or the command
// processor.
//
//   FACTURA_TRY(ValidateNewPassword(password, email, "password"));
//   std::string hash = *HashPassword(password);
//   bool ok = VerifyPassword(hash, attempt);

#include <string>
#include <string_view>

#include "domain/error.h"

namespace factura::api {

inline constexpr size_t kMinPasswordLength = 10;
inline constexpr size_t kMaxPasswordLength = 256;  // bounds the work one request can ask for

// At least kMinPasswordLength characters, at most kMaxPasswordLength bytes, not one of the most
// common passwords, not the e-mail address. Errors (param `param`): `password_too_short`,
// `password_too_long`, `password_too_common`.
[[nodiscard]] domain::Result<void> ValidateNewPassword(std::string_view password,
                                                       std::string_view email,
                                                       std::string_view param);

// Errors: kInternal when libsodium cannot (out of memory).
[[nodiscard]] domain::Result<std::string> HashPassword(std::string_view password);

// Whether `password` matches `hash`. With an empty hash (no such user) it still spends the time
// one verification takes, so the answer's timing does not tell whether the account exists.
[[nodiscard]] bool VerifyPassword(std::string_view hash, std::string_view password);

}  // namespace factura::api
