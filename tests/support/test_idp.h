#pragma once
// An external identity provider for the tests: its own RSA keys (OpenSSL, never the code under
// test), the JWKS file it publishes, and RS256 tokens it signs.

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <fstream>
#include <memory>
#include <string>

#include "tests/support/jwt_forgery.h"

namespace factura::testing {

class TestIdp {
 public:
  explicit TestIdp(std::string kid) : kid_(std::move(kid)), key_(EVP_RSA_gen(2048)) {}
  TestIdp(const TestIdp&) = delete;
  TestIdp& operator=(const TestIdp&) = delete;
  ~TestIdp() { EVP_PKEY_free(key_); }

  const std::string& kid() const { return kid_; }

  // This key as a JWK.
  std::string Jwk() const {
    return R"({"kty":"RSA","use":"sig","alg":"RS256","kid":")" + kid_ + R"(","n":")" +
           Base64Url(Param(OSSL_PKEY_PARAM_RSA_N)) + R"(","e":")" +
           Base64Url(Param(OSSL_PKEY_PARAM_RSA_E)) + R"("})";
  }

  // A compact JWT of `payload_json`, signed RS256 with this key; `header_json` as given.
  std::string Sign(const std::string& payload_json, const std::string& header_json = "") const {
    std::string header = header_json.empty()
                             ? R"({"alg":"RS256","typ":"JWT","kid":")" + kid_ + R"("})"
                             : header_json;
    std::string input = Base64Url(header) + "." + Base64Url(payload_json);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    size_t length = 0;
    EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_);
    EVP_DigestSign(ctx.get(), nullptr, &length,
                   reinterpret_cast<const unsigned char*>(input.data()), input.size());
    std::string signature(length, '\0');
    EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                   reinterpret_cast<const unsigned char*>(input.data()), input.size());
    signature.resize(length);
    return input + "." + Base64Url(signature);
  }

  // The public key as PEM (what an algorithm-confusion attacker would use as an HMAC key).
  std::string PublicPem() const {
    std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), &BIO_free);
    PEM_write_bio_PUBKEY(out.get(), key_);
    char* data = nullptr;
    long size = BIO_get_mem_data(out.get(), &data);
    return std::string(data, static_cast<size_t>(size));
  }

 private:
  std::string Param(const char* name) const {
    BIGNUM* value = nullptr;
    EVP_PKEY_get_bn_param(key_, name, &value);
    std::string bytes(static_cast<size_t>(BN_num_bytes(value)), '\0');
    BN_bn2bin(value, reinterpret_cast<unsigned char*>(bytes.data()));
    BN_free(value);
    return bytes;
  }

  std::string kid_;
  EVP_PKEY* key_;
};

// Writes a JWKS of the given JWKs to `path`.
inline void WriteJwks(const std::string& path, const std::string& jwks_members) {
  std::ofstream(path, std::ios::trunc) << R"({"keys":[)" << jwks_members << "]}";
}

}  // namespace factura::testing
