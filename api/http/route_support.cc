#include "api/http/route_support.h"

#include <boost/url.hpp>

namespace factura::api {

domain::Result<std::optional<uint64_t>> IfMatch(const HttpRequest& request) {
  auto header = request.find(http::field::if_match);
  if (header == request.end()) return std::optional<uint64_t>{};
  std::string_view text = header->value();
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  uint64_t version = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (error != std::errc() || end != text.data() + text.size()) {
    return domain::Invalid("invalid_if_match", "If-Match", "If-Match takes a resource version");
  }
  return std::optional(version);
}

std::string LenientTarget(std::string_view target) {
  // Clients send filters as `issue_date[gte]=…` without percent-encoding the brackets, which
  // RFC 3986 does not allow in a query; encode them before parsing.
  std::string out;
  out.reserve(target.size());
  for (char c : target) {
    if (c == '[') {
      out += "%5B";
    } else if (c == ']') {
      out += "%5D";
    } else {
      out += c;
    }
  }
  return out;
}

domain::Result<void> RejectUnknownQueryParameters(
    const HttpRequest& request,
    std::initializer_list<const std::set<std::string, std::less<>>*> allowed) {
  std::string lenient = LenientTarget(request.target());
  auto target = boost::urls::parse_origin_form(lenient);
  if (!target) {
    return domain::Reject(domain::ErrorKind::kMalformed, "invalid_query", "",
                          "The query string is malformed");
  }
  for (const auto& param : target->params()) {
    bool known = false;
    for (const auto* names : allowed) known = known || names->contains(param.key);
    if (!known) {
      std::string name = std::string(param.key).substr(0, 80);
      return domain::Reject(domain::ErrorKind::kMalformed, "unknown_parameter", name,
                            "Unknown query parameter '" + name + "'");
    }
  }
  return {};
}

std::optional<std::string> QueryParameter(const HttpRequest& request, std::string_view name) {
  std::string lenient = LenientTarget(request.target());
  auto target = boost::urls::parse_origin_form(lenient);
  if (!target) return std::nullopt;
  auto params = target->params();
  auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  return std::string((*it).value);
}

}  // namespace factura::api
