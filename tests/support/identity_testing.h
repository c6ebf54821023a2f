#pragma once
// What the end-to-end tests of people share: the password their users register with, and the
// header that carries a bearer token.

#include <map>
#include <string>

namespace factura::e2e {

inline constexpr char kPassword[] = "correct horse battery staple";

inline std::map<std::string, std::string> Bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

}  // namespace factura::e2e
