#include "api/documents/invoice_page.h"

#include <algorithm>

#include "api/html.h"

namespace factura::api::documents {
namespace {

constexpr std::string_view kStyle =
    "body{font-family:-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;margin:0;"
    "background:#f4f5f7;color:#222}main{max-width:860px;margin:0 auto;background:#fff;"
    "padding:24px}header{display:flex;flex-wrap:wrap;justify-content:space-between;gap:16px}"
    "h1{margin:0;font-size:1.6em;color:#1f3a5f}.muted{color:#666}.stamp{display:inline-block;"
    "border:2px solid #b33;color:#b33;padding:2px 8px;font-weight:bold;margin-top:8px}"
    "table{width:100%;border-collapse:collapse;margin:20px 0}th,td{padding:6px;text-align:left;"
    "border-bottom:1px solid #e3e3e3;vertical-align:top}th{background:#eef1f5}"
    "td.n,th.n{text-align:right;white-space:nowrap}.totals{margin-left:auto;max-width:380px}"
    ".totals td{border:none}.totals .em td{font-weight:bold;border-top:2px solid #1f3a5f}"
    ".actions{display:flex;gap:12px;margin:20px 0}.actions a{padding:10px 18px;"
    "border-radius:6px;text-decoration:none;border:1px solid #1f3a5f;color:#1f3a5f}"
    ".actions a.pay{background:#1f3a5f;color:#fff}"
    "@media(max-width:600px){main{padding:12px}table.lines th:nth-child(n+2):not(:last-child),"
    "table.lines td:nth-child(n+2):not(:last-child){display:none}}";

void WriteParty(std::string& html, const Party& party) {
  html += "<section><div class=\"muted\">" + EscapeHtml(party.heading) + "</div><strong>" +
          EscapeHtml(party.name) + "</strong>";
  for (const std::string& line : party.lines) html += "<br>" + EscapeHtml(line);
  html += "</section>";
}

}  // namespace

std::string RenderInvoicePage(const Document& d, std::string_view lang, const PageLinks& links) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"" + EscapeHtml(lang) +
                     "\"><head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                     "<meta name=\"robots\" content=\"noindex, nofollow\">"
                     "<meta name=\"referrer\" content=\"no-referrer\"><title>" +
                     EscapeHtml(d.title + " " + d.number + " — " + d.seller.name) +
                     "</title><style>" + std::string(kStyle) + "</style></head><body><main>";
  html += "<header>";
  WriteParty(html, d.seller);
  html += "<section><h1>" + EscapeHtml(d.title) + "</h1><div id=\"number\">" +
          EscapeHtml(d.number) + "</div>";
  for (const auto& [label, value] : d.facts) {
    html += "<div><span class=\"muted\">" + EscapeHtml(label) + ":</span> " + EscapeHtml(value) +
            "</div>";
  }
  if (d.stamp) html += "<div class=\"stamp\">" + EscapeHtml(*d.stamp) + "</div>";
  html += "</section></header>";
  WriteParty(html, d.buyer);
  html += "<table class=\"lines\"><thead><tr>";
  for (const TableColumn& column : d.columns) {
    html += std::string(column.numeric ? "<th class=\"n\">" : "<th>") + EscapeHtml(column.title) +
            "</th>";
  }
  html += "</tr></thead><tbody>";
  for (const std::vector<std::string>& row : d.rows) {
    html += "<tr>";
    for (size_t c = 0; c < d.columns.size() && c < row.size(); ++c) {
      html += std::string(d.columns[c].numeric ? "<td class=\"n\">" : "<td>") + EscapeHtml(row[c]) +
              "</td>";
    }
    html += "</tr>";
  }
  html += "</tbody></table><table class=\"totals\">";
  for (const TotalLine& line : d.totals) {
    std::string id = line.key;
    std::replace(id.begin(), id.end(), '_', '-');
    html += std::string(line.emphasized ? "<tr class=\"em\">" : "<tr>") + "<td>" +
            EscapeHtml(line.label) + "</td><td class=\"n\"" +
            (id.empty() ? "" : " id=\"" + id + "\"") + ">" + EscapeHtml(line.value) + "</td></tr>";
  }
  html += "</table><div class=\"actions\">";
  if (links.pay) {
    html += "<a class=\"pay\" href=\"" + EscapeHtml(*links.pay) + "\">" +
            EscapeHtml(links.pay_label) + "</a>";
  }
  html += "<a href=\"" + EscapeHtml(links.pdf) + "\" id=\"download\">" +
          EscapeHtml(links.download_label) + "</a></div>";
  for (const auto& [heading, text] : d.sections) {
    html +=
        "<section><h3>" + EscapeHtml(heading) + "</h3><p>" + EscapeHtml(text) + "</p></section>";
  }
  html += "</main></body></html>\n";
  return html;
}

}  // namespace factura::api::documents
