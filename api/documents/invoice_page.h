#pragma once
// The hosted invoice page (/i/{token}): the same Document the PDF prints, as one server-rendered
// HTML page readable on a phone. No script, nothing loaded from elsewhere, every value escaped.
// The totals carry ids (`total`, `amount-due`) for whoever reads the page by machine.

#include <optional>
#include <string>
#include <string_view>

#include "api/documents/document.h"

namespace factura::api::documents {

struct PageLinks {
  std::string pdf;                 // the PDF's address, relative to the page
  std::optional<std::string> pay;  // "Pay now", once online payment exists
  std::string download_label = "Download PDF";
  std::string pay_label = "Pay now";
};

[[nodiscard]] std::string RenderInvoicePage(const Document& document, std::string_view lang,
                                            const PageLinks& links);

// The page's headers' policy: nothing from elsewhere, no framing.
inline constexpr std::string_view kPageSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

}  // namespace factura::api::documents
