#include "domain/text.h"

namespace factura::domain {
namespace {

// Length in bytes of the UTF-8 sequence starting at text[i], or 0 if it is not well formed.
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  size_t length = lead < 0x80           ? 1
                  : (lead >> 5) == 0x6  ? 2
                  : (lead >> 4) == 0xE  ? 3
                  : (lead >> 3) == 0x1E ? 4
                                        : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  // Reject overlong encodings and surrogates.
  if (length == 2 && lead < 0xC2) return 0;
  if (length == 3 && lead == 0xE0 && byte(i + 1) < 0xA0) return 0;
  if (length == 3 && lead == 0xED && byte(i + 1) >= 0xA0) return 0;
  if (length == 4 && (lead > 0xF4 || (lead == 0xF0 && byte(i + 1) < 0x90) ||
                      (lead == 0xF4 && byte(i + 1) >= 0x90))) {
    return 0;
  }
  return length;
}

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

Result<void> ValidateOptionalText(std::string_view text, std::string_view param,
                                  size_t max_length) {
  if (text.size() > max_length) {
    return Invalid("text_too_long", std::string(param),
                   "At most " + std::to_string(max_length) + " characters are allowed");
  }
  for (size_t i = 0; i < text.size();) {
    size_t length = Utf8SequenceLength(text, i);
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (length == 0 || (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
      return Invalid("invalid_text", std::string(param),
                     "The text contains invalid UTF-8 or control characters");
    }
    i += length;
  }
  return {};
}

Result<void> ValidateRequiredText(std::string_view text, std::string_view param,
                                  size_t max_length) {
  if (IsBlank(text)) {
    return Invalid("missing_field", std::string(param), "This field is required");
  }
  return ValidateOptionalText(text, param, max_length);
}

Result<void> ValidateEmail(std::string_view email, std::string_view param) {
  auto bad = [&] {
    return Invalid("invalid_email", std::string(param),
                   "The email address '" + std::string(email.substr(0, 80)) + "' is invalid");
  };
  size_t at = email.find('@');
  if (email.size() > 254 || at == 0 || at == std::string_view::npos ||
      email.find('@', at + 1) != std::string_view::npos) {
    return bad();
  }
  std::string_view domain = email.substr(at + 1);
  size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= domain.size() ||
      domain.find("..") != std::string_view::npos) {
    return bad();
  }
  for (char c : email) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == '<' || c == '>' || c == ',' || c == ';' ||
        c == '"' || static_cast<unsigned char>(c) == 0x7F) {
      return bad();
    }
  }
  return {};
}

Result<void> ValidateCountryCode(std::string_view code, std::string_view param) {
  if (code.size() != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z') {
    return Invalid("invalid_country", std::string(param),
                   "Countries are ISO 3166-1 alpha-2 codes such as 'US'");
  }
  return {};
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (size_t i = 0; i < a.size(); ++i) difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  return difference == 0;
}

}  // namespace factura::domain
