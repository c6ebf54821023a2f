#include "api/http/oauth_support.h"

#include <algorithm>
#include <sstream>

#include "api/http/json_writer.h"
#include "domain/api_key/api_key.h"

namespace factura::api {

ApiResponse OAuthError(unsigned status, std::string_view error, std::string_view description) {
  JsonWriter json;
  json.BeginObject()
      .Key("error")
      .String(error)
      .Key("error_description")
      .String(description)
      .EndObject();
  ApiResponse response{status, std::move(json).Take()};
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Pragma", "no-cache");
  return response;
}

std::vector<std::string> SplitScope(std::string_view text) {
  std::vector<std::string> words;
  std::istringstream in{std::string(text)};
  for (std::string word; in >> word;) {
    if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
  }
  return words;
}

std::string JoinScope(const std::vector<std::string>& scopes) {
  std::string joined;
  for (const std::string& scope : scopes) {
    if (!joined.empty()) joined += ' ';
    joined += scope;
  }
  return joined;
}

bool KnownScope(std::string_view scope) {
  return std::find(domain::kApiKeyScopes.begin(), domain::kApiKeyScopes.end(), scope) !=
         domain::kApiKeyScopes.end();
}

}  // namespace factura::api
