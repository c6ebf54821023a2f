#pragma once
// Opaque tokens of the form `<id>.<secret>`: refresh tokens (`ses_…`), password-reset tokens
// (`usr_…`), invitations (`invt_…`). The id says which aggregate to load; only the SHA-256 of the
// whole token is ever recorded, and compared in constant time.

#include <optional>
#include <string>
#include <string_view>

namespace factura::api {

inline constexpr size_t kTokenSecretCharacters = 52;  // base32: 260 random bits

// A new secret part.
[[nodiscard]] std::string NewTokenSecret();

// The id part of `<id>.<secret>` when it is an id of the `prefix` kind; nullopt otherwise.
[[nodiscard]] std::optional<std::string> IdOfToken(std::string_view token, std::string_view prefix);

}  // namespace factura::api
