#include "api/documents/pdf_writer.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <algorithm>
#include <memory>

#include "api/documents/document_locale.h"

namespace factura::api::documents {
namespace {

constexpr double kPageWidth = 595.276;  // A4, in points
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 42;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kFooterHeight = 24;
constexpr double kBottom = kPageHeight - kMargin - kFooterHeight;
constexpr double kQrSize = 84;

struct Rgb {
  double r, g, b;
};
Rgb ColourOf(uint32_t rgb) {
  return {((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0, (rgb & 0xFF) / 255.0};
}
Rgb Lighter(Rgb c, double white) {
  return {c.r + (1 - c.r) * white, c.g + (1 - c.g) * white, c.b + (1 - c.b) * white};
}
constexpr Rgb kInk{0.13, 0.13, 0.13};
constexpr Rgb kMuted{0.42, 0.42, 0.42};
constexpr Rgb kWhite{1, 1, 1};

struct FontDeleter {
  void operator()(PangoFontDescription* font) const { pango_font_description_free(font); }
};
using Font = std::unique_ptr<PangoFontDescription, FontDeleter>;

Font MakeFont(const std::string& family, double size, bool bold) {
  Font font(pango_font_description_new());
  pango_font_description_set_family(font.get(), family.c_str());
  pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
  pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  return font;
}

enum class Align { kLeft, kRight, kCenter };

// Measures and (when drawing) paints text; one pass counts the pages, the next draws them.
class Painter {
 public:
  Painter(cairo_t* cr, const DocumentStyle& style, bool draw)
      : cr_(cr),
        draw_(draw),
        accent_(ColourOf(style.accent)),
        body_(MakeFont(style.body_font, style.body_size, false)),
        bold_(MakeFont(style.body_font, style.body_size, true)),
        small_(MakeFont(style.body_font, style.body_size * 0.85, false)),
        heading_(MakeFont(style.heading_font, style.body_size * 1.35, true)),
        title_(MakeFont(style.heading_font, style.body_size * 2.3, true)),
        stamp_(MakeFont(style.heading_font, style.body_size * 2, true)) {}

  bool drawing() const { return draw_; }
  cairo_t* cr() const { return cr_; }
  Rgb accent() const { return accent_; }
  const PangoFontDescription* body() const { return body_.get(); }
  const PangoFontDescription* bold() const { return bold_.get(); }
  const PangoFontDescription* small() const { return small_.get(); }
  const PangoFontDescription* heading() const { return heading_.get(); }
  const PangoFontDescription* title() const { return title_.get(); }
  const PangoFontDescription* stamp() const { return stamp_.get(); }

  // The height `text` takes in `width` points, never drawn.
  double Measure(double width, std::string_view text, const PangoFontDescription* font) {
    return Lay(0, 0, width, text, font, Align::kLeft, kInk, false);
  }

  // The height `text` takes in `width` points; drawn at (x, y) when drawing.
  double Text(double x, double y, double width, std::string_view text,
              const PangoFontDescription* font, Align align = Align::kLeft, Rgb colour = kInk) {
    return Lay(x, y, width, text, font, align, colour, draw_);
  }

  void Fill(double x, double y, double width, double height, Rgb colour) {
    if (!draw_) return;
    cairo_set_source_rgb(cr_, colour.r, colour.g, colour.b);
    cairo_rectangle(cr_, x, y, width, height);
    cairo_fill(cr_);
  }

  void Rule(double x, double y, double width, Rgb colour, double thickness = 0.6) {
    Fill(x, y, width, thickness, colour);
  }

 private:
  double Lay(double x, double y, double width, std::string_view text,
             const PangoFontDescription* font, Align align, Rgb colour, bool draw) {
    if (text.empty()) return 0;
    PangoLayout* layout = pango_cairo_create_layout(cr_);
    pango_layout_set_font_description(layout, font);
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout, align == Align::kRight    ? PANGO_ALIGN_RIGHT
                                       : align == Align::kCenter ? PANGO_ALIGN_CENTER
                                                                 : PANGO_ALIGN_LEFT);
    pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
    PangoRectangle logical;
    pango_layout_get_extents(layout, nullptr, &logical);
    if (draw) {
      cairo_set_source_rgb(cr_, colour.r, colour.g, colour.b);
      cairo_move_to(cr_, x, y);
      pango_cairo_show_layout(cr_, layout);
    }
    g_object_unref(layout);
    return static_cast<double>(logical.height) / PANGO_SCALE;
  }

  cairo_t* cr_;
  bool draw_;
  Rgb accent_;
  Font body_, bold_, small_, heading_, title_, stamp_;
};

void DrawQr(Painter& painter, double x, double y, const std::string& payload) {
  if (!painter.drawing()) return;
  QRcode* code = QRcode_encodeString(payload.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == nullptr) return;
  double module = kQrSize / code->width;
  cairo_t* cr = painter.cr();
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int row = 0; row < code->width; ++row) {
    for (int column = 0; column < code->width; ++column) {
      if ((code->data[row * code->width + column] & 1) != 0) {
        cairo_rectangle(cr, x + column * module, y + row * module, module, module);
      }
    }
  }
  cairo_fill(cr);
  QRcode_free(code);
}

// The whole document on pages; returns how many it took. `pages` is the count to print in the
// footers (0 while counting).
int LayOut(Painter& p, const Document& d, const DocumentStyle& style, int pages) {
  int page = 1;
  double y = kMargin;
  std::vector<double> widths;
  double shares = 0;
  for (const TableColumn& column : d.columns) shares += column.share;
  for (const TableColumn& column : d.columns) {
    widths.push_back(kContentWidth * column.share / shares);
  }
  constexpr double kCellGap = 6;

  auto footer = [&] {
    std::string text = Fill(Fill(d.page_of, "{n}", std::to_string(page)), "{m}",
                            std::to_string(std::max(pages, page)));
    p.Text(kMargin, kPageHeight - kMargin - 10, kContentWidth, text, p.small(), Align::kCenter,
           kMuted);
  };
  auto table_header = [&] {
    double height = 0;
    for (size_t c = 0; c < d.columns.size(); ++c) {
      height = std::max(height, p.Measure(widths[c] - kCellGap, d.columns[c].title, p.bold()));
    }
    height += 2 * style.row_padding;
    p.Fill(kMargin, y, kContentWidth, height, Lighter(p.accent(), style.banded ? 0 : 0.85));
    double x = kMargin;
    Rgb ink = style.banded ? kWhite : kInk;
    for (size_t c = 0; c < d.columns.size(); ++c) {
      p.Text(x + kCellGap / 2, y + style.row_padding, widths[c] - kCellGap, d.columns[c].title,
             p.bold(), d.columns[c].numeric ? Align::kRight : Align::kLeft, ink);
      x += widths[c];
    }
    y += height;
  };
  auto new_page = [&] {
    footer();
    if (p.drawing()) cairo_show_page(p.cr());
    ++page;
    y = kMargin;
    // A running head: whose document this page belongs to.
    double height = p.Text(kMargin, y, kContentWidth, d.title + " " + d.number, p.small(),
                           Align::kRight, kMuted);
    y += height + 8;
  };
  auto ensure = [&](double height) {
    if (y + height > kBottom && y > kMargin + 40) new_page();
  };

  // --- The head: who sends it (left), what it is (right).
  double top = y;
  if (style.header_band) {
    p.Fill(0, 0, kPageWidth, kMargin + 58, p.accent());
  }
  Rgb head_ink = style.header_band ? kWhite : p.accent();
  double right_x = kMargin + kContentWidth * 0.5;
  double right_width = kContentWidth * 0.5;
  double right = top;
  right += p.Text(right_x, right, right_width, d.title, p.title(), Align::kRight, head_ink);
  right += p.Text(right_x, right, right_width, d.number, p.heading(), Align::kRight,
                  style.header_band ? kWhite : kInk);
  double left = top;
  left += p.Text(kMargin, left, kContentWidth * 0.5, d.seller.name, p.heading(), Align::kLeft,
                 style.header_band ? kWhite : kInk);
  if (style.header_band) {
    left = std::max(left, kMargin + 58.0) + 8;
    right = std::max(right, kMargin + 58.0) + 8;
  }
  for (const std::string& line : d.seller.lines) {
    left += p.Text(kMargin, left, kContentWidth * 0.5, line, p.body(), Align::kLeft, kMuted);
  }
  right += 6;
  for (const auto& [label, value] : d.facts) {
    double label_height =
        p.Text(right_x, right, right_width * 0.55 - 6, label, p.body(), Align::kRight, kMuted);
    double value_height = p.Text(right_x + right_width * 0.55, right, right_width * 0.45, value,
                                 p.bold(), Align::kRight);
    right += std::max(label_height, value_height);
  }
  if (d.stamp) {
    // DRAFT, VOID, PAID: under the facts, in the accent colour, where the eye lands first.
    right += 6;
    right += p.Text(right_x, right, right_width, *d.stamp, p.stamp(), Align::kRight,
                    Lighter(p.accent(), 0.35));
  }
  y = std::max(left, right) + 18;

  // --- To whom.
  y += p.Text(kMargin, y, kContentWidth, d.buyer.heading, p.small(), Align::kLeft, p.accent());
  y += p.Text(kMargin, y, kContentWidth * 0.6, d.buyer.name, p.bold());
  for (const std::string& line : d.buyer.lines) {
    y += p.Text(kMargin, y, kContentWidth * 0.6, line, p.body(), Align::kLeft, kMuted);
  }
  y += 16;

  // --- The table, its header again on every page it continues on.
  table_header();
  for (size_t r = 0; r < d.rows.size(); ++r) {
    const std::vector<std::string>& row = d.rows[r];
    double height = 0;
    for (size_t c = 0; c < d.columns.size() && c < row.size(); ++c) {
      height = std::max(height, p.Measure(widths[c] - kCellGap, row[c], p.body()));
    }
    height += 2 * style.row_padding;
    if (y + height > kBottom) {
      new_page();
      table_header();
    }
    if (style.banded && r % 2 == 1) {
      p.Fill(kMargin, y, kContentWidth, height, Lighter(p.accent(), 0.93));
    }
    double x = kMargin;
    for (size_t c = 0; c < d.columns.size() && c < row.size(); ++c) {
      p.Text(x + kCellGap / 2, y + style.row_padding, widths[c] - kCellGap, row[c], p.body(),
             d.columns[c].numeric ? Align::kRight : Align::kLeft);
      x += widths[c];
    }
    y += height;
    if (!style.banded) p.Rule(kMargin, y - 0.3, kContentWidth, Lighter(kInk, 0.85));
  }
  y += 10;

  // --- The totals (right), the QR code and its caption (left).
  double totals_height = 0;
  for (const TotalLine& line : d.totals) {
    totals_height += p.Measure(kContentWidth * 0.25, line.value, p.bold()) + 4;
  }
  double qr_height = d.qr_payload ? kQrSize + 24 : 0;
  ensure(std::max(totals_height, qr_height));
  double block_top = y;
  double label_x = kMargin + kContentWidth * 0.45;
  for (const TotalLine& line : d.totals) {
    const PangoFontDescription* font = line.emphasized ? p.bold() : p.body();
    if (line.emphasized) p.Rule(label_x, y, kContentWidth * 0.55, p.accent(), 0.8);
    double label_height = p.Text(label_x, y + 2, kContentWidth * 0.33, line.label, font,
                                 Align::kLeft, line.emphasized ? kInk : kMuted);
    double value_height = p.Text(label_x + kContentWidth * 0.33, y + 2, kContentWidth * 0.22,
                                 line.value, font, Align::kRight);
    y += std::max(label_height, value_height) + 4;
  }
  if (d.qr_payload) {
    DrawQr(p, kMargin, block_top, *d.qr_payload);
    p.Text(kMargin, block_top + kQrSize + 4, kContentWidth * 0.4, d.qr_caption, p.small(),
           Align::kLeft, kMuted);
  }
  y = std::max(y, block_top + qr_height) + 14;

  // --- Notes, terms, how to pay.
  for (const auto& [heading, text] : d.sections) {
    double height =
        p.Measure(kContentWidth, heading, p.bold()) + p.Measure(kContentWidth, text, p.body()) + 10;
    ensure(height);
    y += p.Text(kMargin, y, kContentWidth, heading, p.bold(), Align::kLeft, p.accent());
    y += p.Text(kMargin, y, kContentWidth, text, p.body()) + 10;
  }
  footer();
  if (p.drawing()) cairo_show_page(p.cr());
  return page;
}

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// PDF's date: "2025-01-15T10:30:00Z" (cairo takes ISO 8601).
std::string IsoInstant(domain::Timestamp at) {
  std::string text = domain::FormatTimestamp(at);  // may carry fractions
  if (size_t dot = text.find('.'); dot != std::string::npos) text = text.substr(0, dot) + "Z";
  return text;
}

}  // namespace

DocumentStyle StyleFor(std::string_view template_id, std::optional<uint32_t> accent) {
  DocumentStyle style;
  if (template_id == "tmpl_modern") {
    style = {.body_font = "DejaVu Sans",
             .heading_font = "DejaVu Sans",
             .body_size = 9,
             .row_padding = 5,
             .accent = 0x0E7C66,
             .banded = true,
             .header_band = true};
  } else if (template_id == "tmpl_compact") {
    style = {.body_font = "DejaVu Sans Condensed",
             .heading_font = "DejaVu Sans Condensed",
             .body_size = 7.5,
             .row_padding = 2,
             .accent = 0x333333,
             .banded = false,
             .header_band = false};
  } else {
    style = {.body_font = "DejaVu Serif",
             .heading_font = "DejaVu Serif",
             .body_size = 9,
             .row_padding = 4,
             .accent = 0x1F3A5F,
             .banded = false,
             .header_band = false};
  }
  if (accent) style.accent = *accent;
  return style;
}

domain::Result<std::string> WritePdf(const Document& document, const DocumentStyle& style) {
  std::string pdf;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(Append, &pdf, kPageWidth, kPageHeight);
  std::string created = IsoInstant(document.created);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, created.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, created.c_str());
  std::string title = document.title + " " + document.number;
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, document.author.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Factura");
  cairo_t* cr = cairo_create(surface);
  int pages = 0;
  {
    Painter counting(cr, style, false);
    pages = LayOut(counting, document, style, 0);
    Painter drawing(cr, style, true);
    LayOut(drawing, document, style, pages);
  }
  cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return domain::Reject(
        domain::ErrorKind::kInternal, "render_failed", "",
        std::string("The document could not be rendered: ") + cairo_status_to_string(status));
  }
  return pdf;
}

}  // namespace factura::api::documents
