#include "api/documents/public_links.h"

#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace factura::api::documents {
namespace {

constexpr size_t kIdChars = 26;   // an id's characters after its prefix
constexpr size_t kMacChars = 26;  // 128 bits in base32 (5 bits a character; the last 3 unused)
constexpr std::string_view kAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";

bool IsIdChar(char c) { return kAlphabet.find(c) != std::string_view::npos; }

}  // namespace

PublicLinks::PublicLinks() { RAND_bytes(key_.data(), static_cast<int>(key_.size())); }

PublicLinks::PublicLinks(const std::array<uint8_t, 32>& key, std::string base_url)
    : key_(key), base_url_(std::move(base_url)) {
  while (base_url_.ends_with('/')) base_url_.pop_back();
}

std::string PublicLinks::Token(std::string_view organization_id, std::string_view invoice_id,
                               uint32_t generation) const {
  std::string message;
  message.append(organization_id).push_back('\0');
  message.append(invoice_id).push_back('\0');
  message.append(std::to_string(generation));
  unsigned char mac[32];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &length);
  std::string token;
  token.append(organization_id.substr(organization_id.size() - kIdChars));
  token.append(invoice_id.substr(invoice_id.size() - kIdChars));
  // The first 130 bits of the MAC, five at a time.
  for (size_t bit = 0; token.size() < 2 * kIdChars + kMacChars; bit += 5) {
    unsigned value = 0;
    for (size_t b = bit; b < bit + 5; ++b) {
      value = (value << 1) | ((mac[b / 8] >> (7 - b % 8)) & 1u);
    }
    token.push_back(kAlphabet[value]);
  }
  return token;
}

std::string PublicLinks::Url(std::string_view organization_id, std::string_view invoice_id,
                             uint32_t generation) const {
  return base_url_ + "/i/" + Token(organization_id, invoice_id, generation);
}

std::optional<PublicLinks::Target> PublicLinks::Parse(std::string_view token) {
  if (token.size() != 2 * kIdChars + kMacChars) return std::nullopt;
  for (char c : token) {
    if (!IsIdChar(c)) return std::nullopt;
  }
  return Target{"org_" + std::string(token.substr(0, kIdChars)),
                "inv_" + std::string(token.substr(kIdChars, kIdChars)), std::string(token)};
}

bool PublicLinks::Verify(const Target& target, uint32_t generation) const {
  std::string expected = Token(target.organization_id, target.invoice_id, generation);
  return expected.size() == target.token.size() &&
         CRYPTO_memcmp(expected.data(), target.token.data(), expected.size()) == 0;
}

std::optional<std::string> PublicUrl(const PublicLinks& links, std::string_view organization_id,
                                     const domain::InvoiceState& invoice) {
  if (!invoice.exists || invoice.deleted || !invoice.issued || !invoice.public_link_active) {
    return std::nullopt;
  }
  return links.Url(organization_id, invoice.id, invoice.public_link_generation);
}

}  // namespace factura::api::documents
