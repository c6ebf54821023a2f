#include "api/identity/access_tokens.h"

#include <jwt.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <memory>
#include <optional>

#include "api/identity/jwt_support.h"
#include "api/private_files.h"
#include "eventstore/record.h"

namespace factura::api {
namespace {

using jwt_support::BioDeleter;
using jwt_support::BioText;
using jwt_support::InvalidToken;
using jwt_support::JwtPtr;
using jwt_support::kMicros;
using jwt_support::PkeyDeleter;

std::unexpected<domain::Error> Internal(std::string message) {
  return domain::Reject(domain::ErrorKind::kInternal, "signing_key_unavailable", "",
                        std::move(message));
}

domain::Result<SigningKey> KeyFromPrivatePem(std::string private_pem, const std::string& path) {
  std::unique_ptr<BIO, BioDeleter> in(
      BIO_new_mem_buf(private_pem.data(), static_cast<int>(private_pem.size())));
  std::unique_ptr<EVP_PKEY, PkeyDeleter> key(
      PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr));
  if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_EC) {
    return Internal(path + " does not hold a P-256 private key");
  }
  std::unique_ptr<BIO, BioDeleter> out(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_PUBKEY(out.get(), key.get()) != 1) return Internal("cannot derive public key");
  SigningKey signing{std::move(private_pem), BioText(out.get()), {}};
  signing.key_id = eventstore::HashToHex(eventstore::Sha256(signing.public_pem)).substr(0, 16);
  return signing;
}

int64_t Seconds(domain::Timestamp t) { return t.micros_since_epoch / kMicros; }

}  // namespace

domain::Result<SigningKey> LoadOrCreateSigningKey(const std::string& directory) {
  std::string path = directory + "/token-signing-key.pem";
  FACTURA_TRY(EnsurePrivateDirectory(directory));
  if (auto pem = ReadPrivateFile(path)) return KeyFromPrivatePem(std::move(*pem), path);
  std::unique_ptr<EVP_PKEY, PkeyDeleter> key(EVP_EC_gen("P-256"));
  if (!key) return Internal("cannot generate a P-256 key");
  std::unique_ptr<BIO, BioDeleter> out(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_PrivateKey(out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Internal("cannot encode the new key");
  }
  std::string pem = BioText(out.get());
  auto created = CreatePrivateFile(path, pem);
  if (!created) return std::unexpected(created.error());
  if (!*created) return LoadOrCreateSigningKey(directory);  // another process made it first
  return KeyFromPrivatePem(std::move(pem), path);
}

bool LooksLikeJwt(std::string_view credential) {
  return std::count(credential.begin(), credential.end(), '.') == 2 &&
         !credential.starts_with("sk_");
}

AccessTokens::AccessTokens(SigningKey key, TokenPolicy policy)
    : key_(std::move(key)), policy_(std::move(policy)) {
  policy_.clock_skew_seconds =
      std::clamp<int64_t>(policy_.clock_skew_seconds, 0, kMaxClockSkewSeconds);
}

domain::Result<std::string> AccessTokens::Issue(const AccessClaims& claims,
                                                domain::Timestamp now) const {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) return Internal("cannot make a token");
  JwtPtr jwt(raw);
  int64_t issued = Seconds(now);
  int failed = 0;
  failed |= jwt_add_header(jwt.get(), "kid", key_.key_id.c_str());
  failed |= jwt_add_grant(jwt.get(), "iss", policy_.issuer.c_str());
  failed |= jwt_add_grant(jwt.get(), "aud", policy_.audience.c_str());
  failed |= jwt_add_grant(jwt.get(), "sub", claims.user_id.c_str());
  if (!claims.session_id.empty()) {
    failed |= jwt_add_grant(jwt.get(), "sid", claims.session_id.c_str());
  }
  if (!claims.scope.empty()) failed |= jwt_add_grant(jwt.get(), "scope", claims.scope.c_str());
  if (!claims.client_id.empty()) {
    failed |= jwt_add_grant(jwt.get(), "client_id", claims.client_id.c_str());
  }
  failed |= jwt_add_grant_int(jwt.get(), "iat", issued);
  failed |= jwt_add_grant_int(jwt.get(), "nbf", issued);
  failed |= jwt_add_grant_int(jwt.get(), "exp", issued + policy_.lifetime_seconds);
  failed |= jwt_set_alg(jwt.get(), JWT_ALG_ES256,
                        reinterpret_cast<const unsigned char*>(key_.private_pem.data()),
                        static_cast<int>(key_.private_pem.size()));
  if (failed != 0) return Internal("cannot fill a token");
  char* encoded = jwt_encode_str(jwt.get());
  if (encoded == nullptr) return Internal("cannot sign a token");
  std::string token(encoded);
  std::free(encoded);
  return token;
}

domain::Result<AccessClaims> AccessTokens::CheckTimes(AccessClaims claims,
                                                      domain::Timestamp now) const {
  int64_t current = Seconds(now);
  int64_t skew = policy_.clock_skew_seconds;
  if (current >= Seconds(claims.expires_at) + skew) {
    return InvalidToken("token_expired", "The access token has expired");
  }
  if (current + skew < Seconds(claims.issued_at)) {
    return InvalidToken("token_not_yet_valid", "The access token is not valid yet");
  }
  return claims;
}

domain::Result<AccessClaims> AccessTokens::Verify(std::string_view token,
                                                  domain::Timestamp now) const {
  if (token.size() > 4096 || !LooksLikeJwt(token)) {
    return InvalidToken("invalid_token", "The access token is malformed");
  }
  std::string text(token);
  {
    std::lock_guard lock(mutex_);
    if (auto cached = verified_.find(text); cached != verified_.end()) {
      return CheckTimes(cached->second, now);
    }
  }
  jwt_t* raw = nullptr;
  int decoded =
      jwt_decode(&raw, text.c_str(), reinterpret_cast<const unsigned char*>(key_.public_pem.data()),
                 static_cast<int>(key_.public_pem.size()));
  JwtPtr jwt(raw);
  // The algorithm is ours to choose: a token that names another one is refused even when its
  // signature checks out under that algorithm (HS256 keyed with our public key, or none).
  if (decoded != 0 || !jwt || jwt_get_alg(jwt.get()) != JWT_ALG_ES256) {
    return InvalidToken("invalid_token", "The access token is not valid");
  }
  auto text_claim = [&](const char* name) -> std::string {
    const char* value = jwt_get_grant(jwt.get(), name);
    return value == nullptr ? std::string() : std::string(value);
  };
  auto int_claim = [&](const char* name) -> std::optional<int64_t> {
    errno = 0;
    long value = jwt_get_grant_int(jwt.get(), name);
    if (errno != 0) return std::nullopt;
    return static_cast<int64_t>(value);
  };
  if (text_claim("iss") != policy_.issuer || text_claim("aud") != policy_.audience) {
    return InvalidToken("invalid_token", "The access token is not for this server");
  }
  auto expires = int_claim("exp");
  auto not_before = int_claim("nbf");
  auto issued = int_claim("iat");
  if (!expires || !issued) return InvalidToken("invalid_token", "The access token is malformed");
  int64_t current = Seconds(now);
  int64_t skew = policy_.clock_skew_seconds;
  if (current >= *expires + skew) {
    return InvalidToken("token_expired", "The access token has expired");
  }
  if (current + skew < not_before.value_or(*issued)) {
    return InvalidToken("token_not_yet_valid", "The access token is not valid yet");
  }
  AccessClaims claims{text_claim("sub"),
                      text_claim("sid"),
                      text_claim("scope"),
                      text_claim("client_id"),
                      domain::Timestamp{*issued * kMicros},
                      domain::Timestamp{*expires * kMicros}};
  // A token of the client credentials grant has no session: the client is its subject.
  bool client_itself =
      claims.session_id.empty() && !claims.client_id.empty() && claims.user_id == claims.client_id;
  if (claims.user_id.empty() || (claims.session_id.empty() && !client_itself)) {
    return InvalidToken("invalid_token", "The access token is malformed");
  }
  // Only tokens this server signs have nbf == iat (CheckTimes checks iat on cached ones).
  if (not_before && *not_before != *issued) return claims;
  std::lock_guard lock(mutex_);
  if (verified_.size() >= kMaxCachedTokens) verified_.clear();
  verified_.emplace(std::move(text), claims);
  return claims;
}

}  // namespace factura::api
