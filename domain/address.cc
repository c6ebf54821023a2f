#include "domain/address.h"

#include "domain/text.h"

namespace factura::domain {

Result<void> ValidateOptional(const std::optional<std::string>& text, std::string_view param,
                              size_t max_length) {
  if (!text) return {};
  return ValidateRequiredText(*text, param, max_length);
}

Result<void> ValidateAddress(const Address& address, std::string_view param) {
  std::string prefix(param);
  FACTURA_TRY(ValidateRequiredText(address.street, prefix + ".street", kMaxNameLength));
  FACTURA_TRY(ValidateOptional(address.street2, prefix + ".street2", kMaxNameLength));
  FACTURA_TRY(ValidateRequiredText(address.city, prefix + ".city", kMaxShortTextLength));
  FACTURA_TRY(ValidateOptional(address.state, prefix + ".state", kMaxShortTextLength));
  FACTURA_TRY(ValidateOptional(address.postal_code, prefix + ".postal_code", kMaxShortTextLength));
  FACTURA_TRY(ValidateCountryCode(address.country, prefix + ".country"));
  return {};
}

}  // namespace factura::domain
