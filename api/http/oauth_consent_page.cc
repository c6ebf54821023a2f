#include "api/http/oauth_consent_page.h"

namespace factura::api {

std::string RenderConsentPage(const ConsentPage& page) {
  std::string name = EscapeHtml(page.client_name);
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"robots\" content=\"noindex\">"
      "<title>Authorize " +
      name +
      "</title><style>body{font-family:sans-serif;max-width:28em;margin:2em auto;padding:0 1em}"
      "label{display:block;margin:.6em 0}input[type=email],input[type=password],input[type=text]"
      "{width:100%;padding:.4em}button{margin:.8em .4em 0 0;padding:.5em 1.2em}</style></head>"
      "<body><h1>Authorize " +
      name + "</h1><p><strong>" + name +
      "</strong> asks to act for you with these permissions:</p><ul id=\"scopes\">";
  for (const std::string& scope : page.scopes) html += "<li>" + EscapeHtml(scope) + "</li>";
  html += "</ul><form method=\"post\" action=\"/oauth/authorize\">";
  for (const auto& [key, value] : page.request) {
    html += "<input type=\"hidden\" name=\"" + EscapeHtml(key) + "\" value=\"" + EscapeHtml(value) +
            "\">";
  }
  html +=
      "<label>E-mail <input type=\"email\" name=\"email\" autocomplete=\"username\" "
      "required></label><label>Password <input type=\"password\" name=\"password\" "
      "autocomplete=\"current-password\" required></label><label>Organization (its id; "
      "empty: your first) <input type=\"text\" name=\"organization_id\"></label>"
      "<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>"
      "<button type=\"submit\" name=\"decision\" value=\"deny\" formnovalidate>Deny</button>"
      "</form></body></html>\n";
  return html;
}

}  // namespace factura::api
