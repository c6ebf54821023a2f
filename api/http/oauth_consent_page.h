#pragma once
// The page GET /oauth/authorize shows a person: which application asks for what, and a form to
// log in and allow or deny it. Server-rendered, no script; every value escaped. The form posts
// the authorization request back to /oauth/authorize with the person's answer.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/html.h"

namespace factura::api {

struct ConsentPage {
  std::string client_name;
  std::vector<std::string> scopes;
  // The authorization request's parameters, carried through the form as hidden fields.
  std::vector<std::pair<std::string, std::string>> request;
};

[[nodiscard]] std::string RenderConsentPage(const ConsentPage& page);

}  // namespace factura::api
