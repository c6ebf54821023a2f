#pragma once
// Validation of the free-text fields people type: names, notes, emails, country codes.
// Each check returns an `invalid_*` error naming the given param.

#include <optional>
#include <string>
#include <string_view>

#include "domain/error.h"

namespace factura::domain {

inline constexpr size_t kMaxNameLength = 200;
inline constexpr size_t kMaxShortTextLength = 100;
inline constexpr size_t kMaxLongTextLength = 5000;

// Non-empty after trimming blanks, at most `max_length` bytes, valid UTF-8, no control
// characters other than newline and tab. Errors: `missing_field`, `text_too_long`, `invalid_text`.
[[nodiscard]] Result<void> ValidateRequiredText(std::string_view text, std::string_view param,
                                                size_t max_length);
// As above, but empty is allowed.
[[nodiscard]] Result<void> ValidateOptionalText(std::string_view text, std::string_view param,
                                                size_t max_length);
// A plausible address: local@domain.tld, no blanks, at most 254 bytes. Errors: `invalid_email`.
[[nodiscard]] Result<void> ValidateEmail(std::string_view email, std::string_view param);
// ISO 3166-1 alpha-2 shape: two upper-case letters. Errors: `invalid_country`.
[[nodiscard]] Result<void> ValidateCountryCode(std::string_view code, std::string_view param);

// Whether two secrets (or their hashes) are equal, in time that depends on their length only:
// how long it takes tells nothing of where they differ.
[[nodiscard]] bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace factura::domain
