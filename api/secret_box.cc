#include "api/secret_box.h"

#include <sodium.h>

#include <cstdlib>
#include <mutex>
#include <vector>

#include "api/private_files.h"

namespace factura::api {
namespace {

constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr int kBase64 = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

void InitializeSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();
  });
}

std::unexpected<domain::Error> Internal(std::string message) {
  return domain::Reject(domain::ErrorKind::kInternal, "master_key_unavailable", "",
                        std::move(message));
}

domain::Result<std::array<uint8_t, 32>> FromHex(std::string_view hex, const std::string& where) {
  std::array<uint8_t, 32> key{};
  size_t length = 0;
  if (hex.size() != 64 ||
      sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr, &length, nullptr) !=
          0 ||
      length != key.size()) {
    return Internal(where + " does not hold a 256-bit key as 64 hex digits");
  }
  return key;
}

}  // namespace

SecretBox::SecretBox(const std::array<uint8_t, 32>& key) : key_(key) { InitializeSodium(); }

std::array<uint8_t, 32> SecretBox::DeriveKey(std::string_view purpose) const {
  static_assert(crypto_auth_hmacsha256_BYTES == 32 && crypto_auth_hmacsha256_KEYBYTES == 32);
  std::array<uint8_t, 32> derived;
  crypto_auth_hmacsha256(derived.data(), reinterpret_cast<const uint8_t*>(purpose.data()),
                         purpose.size(), key_.data());
  return derived;
}

domain::Result<SecretBox> SecretBox::LoadOrCreate(const std::string& directory) {
  InitializeSodium();
  if (const char* variable = std::getenv("FACTURA_MASTER_KEY"); variable != nullptr) {
    auto key = FromHex(variable, "FACTURA_MASTER_KEY");
    if (!key) return std::unexpected(key.error());
    return SecretBox(*key);
  }
  std::string path = directory + "/master.key";
  FACTURA_TRY(EnsurePrivateDirectory(directory));
  if (auto text = ReadPrivateFile(path)) {
    std::string hex = text->substr(0, text->find_first_of(" \n"));
    auto key = FromHex(hex, path);
    sodium_memzero(text->data(), text->size());
    if (!key) return std::unexpected(key.error());
    return SecretBox(*key);
  }
  std::array<uint8_t, 32> key{};
  randombytes_buf(key.data(), key.size());
  std::string hex(64 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), key.data(), key.size());
  hex.resize(64);
  hex.push_back('\n');
  auto created = CreatePrivateFile(path, hex);
  sodium_memzero(hex.data(), hex.size());
  if (!created) return std::unexpected(created.error());
  if (!*created) return LoadOrCreate(directory);  // another process made it first
  return SecretBox(key);
}

std::string SecretBox::Seal(std::string_view plaintext, std::string_view context) const {
  std::vector<uint8_t> sealed(kNonceBytes + plaintext.size() + kTagBytes);
  randombytes_buf(sealed.data(), kNonceBytes);
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      sealed.data() + kNonceBytes, &length, reinterpret_cast<const uint8_t*>(plaintext.data()),
      plaintext.size(), reinterpret_cast<const uint8_t*>(context.data()), context.size(), nullptr,
      sealed.data(), key_.data());
  sealed.resize(kNonceBytes + length);
  std::string text(sodium_base64_ENCODED_LEN(sealed.size(), kBase64), '\0');
  sodium_bin2base64(text.data(), text.size(), sealed.data(), sealed.size(), kBase64);
  text.resize(text.find('\0'));
  return std::string(kPrefix) + text;
}

domain::Result<std::string> SecretBox::Open(std::string_view stored,
                                            std::string_view context) const {
  if (!IsSealed(stored)) return std::string(stored);
  std::string_view encoded = stored.substr(kPrefix.size());
  std::vector<uint8_t> sealed(encoded.size());
  size_t length = 0;
  auto unreadable = domain::Reject(domain::ErrorKind::kDataLoss, "secret_unreadable", "",
                                   "A sealed secret does not open with this master key");
  if (sodium_base642bin(sealed.data(), sealed.size(), encoded.data(), encoded.size(), nullptr,
                        &length, nullptr, kBase64) != 0 ||
      length < kNonceBytes + kTagBytes) {
    return unreadable;
  }
  std::string plaintext(length - kNonceBytes - kTagBytes, '\0');
  unsigned long long opened = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<uint8_t*>(plaintext.data()),
                                                 &opened, nullptr, sealed.data() + kNonceBytes,
                                                 length - kNonceBytes,
                                                 reinterpret_cast<const uint8_t*>(context.data()),
                                                 context.size(), sealed.data(), key_.data()) != 0) {
    return unreadable;
  }
  plaintext.resize(opened);
  return plaintext;
}

}  // namespace factura::api
