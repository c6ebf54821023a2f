#pragma once
// HTML for the pages Factura serves itself (the OAuth consent page, the hosted invoice page).

#include <string>
#include <string_view>

namespace factura::api {

// `text` with &, <, >, " and ' escaped for HTML text and attribute values.
[[nodiscard]] std::string EscapeHtml(std::string_view text);

}  // namespace factura::api
