#include "api/webhooks/signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <cstdlib>

namespace factura::api {
namespace {

constexpr std::string_view kSecretPrefix = "whsec_";

std::string Base64(const unsigned char* bytes, size_t size) {
  std::string encoded(4 * ((size + 2) / 3), '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), bytes,
                               static_cast<int>(size));
  encoded.resize(static_cast<size_t>(length));
  return encoded;
}

// The key bytes of a "whsec_<base64>" secret; the secret's own bytes when it is not base64
// (never the case for secrets we generate, but a signature must never be computed with no key).
std::string KeyOf(std::string_view secret) {
  std::string_view encoded =
      secret.substr(secret.starts_with(kSecretPrefix) ? kSecretPrefix.size() : 0);
  if (encoded.empty() || encoded.size() % 4 != 0) return std::string(secret);
  std::string key(encoded.size() / 4 * 3, '\0');
  int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(key.data()),
                               reinterpret_cast<const unsigned char*>(encoded.data()),
                               static_cast<int>(encoded.size()));
  if (length < 0) return std::string(secret);
  // EVP_DecodeBlock counts padding as zero bytes.
  size_t padding = encoded.ends_with("==") ? 2 : encoded.ends_with('=') ? 1 : 0;
  key.resize(static_cast<size_t>(length) - padding);
  return key;
}

std::array<unsigned char, 32> HmacSha256(std::string_view key, std::string_view message) {
  std::array<unsigned char, 32> mac{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(),
           &length) == nullptr) {
    std::abort();  // OpenSSL cannot compute SHA-256: nothing can be signed
  }
  return mac;
}

}  // namespace

std::string GenerateWebhookSecret() {
  std::array<unsigned char, 32> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) std::abort();
  return std::string(kSecretPrefix) + Base64(random.data(), random.size());
}

std::string StandardWebhookSignature(const std::vector<std::string>& secrets, std::string_view id,
                                     int64_t timestamp, std::string_view body) {
  std::string message;
  message.reserve(id.size() + body.size() + 24);
  message.append(id).append(".").append(std::to_string(timestamp)).append(".").append(body);
  std::string header;
  for (const std::string& secret : secrets) {
    auto mac = HmacSha256(KeyOf(secret), message);
    if (!header.empty()) header += ' ';
    header += "v1," + Base64(mac.data(), mac.size());
  }
  return header;
}

std::string HexBodySignature(std::string_view secret, std::string_view body) {
  static constexpr char kHex[] = "0123456789abcdef";
  auto mac = HmacSha256(secret, body);
  std::string hex;
  for (unsigned char byte : mac) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 15];
  }
  return hex;
}

}  // namespace factura::api
