#pragma once
// Tokens an attacker could make, for the security tests: unsigned (`alg: none`), HS256 keyed
// with the server's public key (the algorithm-confusion attack), a real token with its payload
// changed. Built with OpenSSL directly, never through the code under test.

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>

namespace factura::testing {

inline std::string Base64Url(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return out;
}

inline std::string Base64UrlDecode(std::string text) {
  for (char& c : text) c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (text.size() % 4 != 0) text.push_back('=');
  std::string out(text.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  out.resize(n < 0 ? 0 : static_cast<size_t>(n));
  while (!out.empty() && out.back() == '\0') out.pop_back();  // the padding's zero bytes
  return out;
}

// The payload (JSON) of a compact JWT.
inline std::string JwtPayload(const std::string& token) {
  size_t first = token.find('.');
  size_t second = token.find('.', first + 1);
  return Base64UrlDecode(token.substr(first + 1, second - first - 1));
}

inline std::string UnsignedJwt(const std::string& payload_json) {
  return Base64Url(R"({"alg":"none","typ":"JWT"})") + "." + Base64Url(payload_json) + ".";
}

inline std::string Hs256Jwt(const std::string& payload_json, const std::string& key) {
  std::string input = Base64Url(R"({"alg":"HS256","typ":"JWT"})") + "." + Base64Url(payload_json);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &length);
  return input + "." + Base64Url(std::string(reinterpret_cast<char*>(mac), length));
}

// The token with its payload replaced, its header and signature kept.
inline std::string WithPayload(const std::string& token, const std::string& payload_json) {
  size_t first = token.find('.');
  size_t second = token.find('.', first + 1);
  return token.substr(0, first) + "." + Base64Url(payload_json) + token.substr(second);
}

}  // namespace factura::testing
