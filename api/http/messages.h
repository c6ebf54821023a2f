#pragma once
// Error messages in the client's language (seed 003 §8): en-US, pt-BR and es-ES, chosen from
// Accept-Language, by error code, falling back to English. Codes and params never change with
// the language; only `message` does.

#include <string>
#include <string_view>

namespace factura::api {

enum class Locale { kEnUs, kPtBr, kEsEs };

[[nodiscard]] Locale PreferredLocale(std::string_view accept_language);
[[nodiscard]] std::string LocalizedMessage(std::string_view code, std::string_view english,
                                           Locale locale);
[[nodiscard]] std::string_view ContentLanguage(Locale locale);

}  // namespace factura::api
