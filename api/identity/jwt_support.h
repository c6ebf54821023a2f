#pragma once
// What the token verifiers (access_tokens.cc, external_tokens.cc) share: owners for libjwt's and
// OpenSSL's objects, a memory BIO's text, and the 401 a bad token gets.

#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/evp.h>

#include <memory>
#include <string>

#include "domain/error.h"

namespace factura::api::jwt_support {

inline constexpr int64_t kMicros = 1'000'000;

struct JwtDeleter {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;
struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

inline std::string BioText(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(size));
}

inline std::unexpected<domain::Error> InvalidToken(std::string code, std::string message) {
  return domain::Reject(domain::ErrorKind::kUnauthenticated, std::move(code), "",
                        std::move(message));
}

}  // namespace factura::api::jwt_support
