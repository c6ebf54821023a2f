#pragma once
// Lays a Document out on A4 pages and writes it as PDF, with cairo and pango: real text layout
// (any script the installed fonts cover; long cells wrapped), as many pages as the rows need with
// the table's header repeated, "page N of M" on each. The same document and style give the same
// bytes: the file's dates are the document's, nothing random is written.
//
// Thread-safe: each call uses its own surface; pango's font map is the calling thread's.
//
//   auto pdf = WritePdf(document, StyleFor("tmpl_modern", std::nullopt));

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/documents/document.h"
#include "domain/error.h"

namespace factura::api::documents {

struct DocumentStyle {
  std::string body_font;  // a pango family list: "DejaVu Sans"
  std::string heading_font;
  double body_size = 9;        // points
  double row_padding = 4;      // above and below a table row's text
  uint32_t accent = 0x1F3A5F;  // 0xRRGGBB
  bool banded = false;         // alternate rows shaded
  bool header_band = false;    // the title on a band of the accent colour
};

// The style of a template (tmpl_classic, tmpl_modern, tmpl_compact; any other: classic), in the
// organization's accent colour when it has one.
[[nodiscard]] DocumentStyle StyleFor(std::string_view template_id, std::optional<uint32_t> accent);

// The PDF. Errors: kInternal `render_failed` (cairo's status).
[[nodiscard]] domain::Result<std::string> WritePdf(const Document& document,
                                                   const DocumentStyle& style);

}  // namespace factura::api::documents
