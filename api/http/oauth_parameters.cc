#include "api/http/oauth_parameters.h"

#include <boost/json.hpp>
#include <boost/url.hpp>

#include "api/http/route_support.h"

namespace factura::api {
namespace {

std::unexpected<domain::Error> InvalidRequest(std::string message) {
  return domain::Reject(domain::ErrorKind::kMalformed, "invalid_request", "", std::move(message));
}

}  // namespace

domain::Result<OAuthParameters> FormParameters(std::string_view encoded) {
  if (encoded.empty()) return OAuthParameters{};
  OAuthParameters parameters;
  // A copy of its own: Boost.URL 1.81 decodes the last value of a view that is not the end of
  // its buffer (a request target is) past the view's end.
  std::string text(encoded);
  try {
    boost::urls::encoding_opts options;
    options.space_as_plus = true;
    boost::urls::params_view view(text, options);
    for (const boost::urls::param& param : view) {
      if (!parameters.emplace(param.key, param.value).second) {
        return InvalidRequest("The parameter '" + param.key.substr(0, 60) + "' is given twice");
      }
    }
  } catch (const boost::system::system_error&) {
    return InvalidRequest("The form is malformed");
  }
  return parameters;
}

domain::Result<OAuthParameters> BodyParameters(const HttpRequest& request) {
  auto type = request.find(http::field::content_type);
  std::string_view content_type =
      type == request.end() ? std::string_view() : std::string_view(type->value());
  std::string_view body = request.body();
  if (content_type.starts_with("application/x-www-form-urlencoded")) return FormParameters(body);
  if (!content_type.starts_with("application/json")) {
    return domain::Reject(domain::ErrorKind::kUnsupportedMediaType, "unsupported_media_type", "",
                          "Send a form (application/x-www-form-urlencoded) or JSON");
  }
  boost::system::error_code error;
  boost::json::value value =
      boost::json::parse(boost::json::string_view(body.data(), body.size()), error);
  if (error || !value.is_object()) return InvalidRequest("The body is not a JSON object");
  OAuthParameters parameters;
  for (const auto& member : value.as_object()) {
    if (!member.value().is_string()) {
      return InvalidRequest("The parameter '" + std::string(member.key()).substr(0, 60) +
                            "' must be a string");
    }
    parameters.emplace(std::string(member.key()), std::string(member.value().as_string()));
  }
  return parameters;
}

domain::Result<OAuthParameters> QueryParameters(const HttpRequest& request) {
  std::string_view target = request.target();
  size_t question = target.find('?');
  if (question == std::string_view::npos) return OAuthParameters{};
  return FormParameters(target.substr(question + 1));
}

std::string Parameter(const OAuthParameters& parameters, std::string_view name) {
  auto it = parameters.find(name);
  return it == parameters.end() ? std::string() : it->second;
}

}  // namespace factura::api
