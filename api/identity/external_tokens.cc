#include "api/identity/external_tokens.h"

#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cerrno>
#include <fstream>
#include <sstream>

#include "api/identity/access_tokens.h"
#include "api/identity/jwt_support.h"
#include "api/logging.h"

namespace factura::api {
namespace {

using jwt_support::InvalidToken;
using jwt_support::kMicros;

constexpr size_t kMaxJwksBytes = 1 << 20;

std::unexpected<domain::Error> BadJwks(std::string message) {
  return domain::Reject(domain::ErrorKind::kInvalidArgument, "invalid_jwks", "",
                        std::move(message));
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  std::string bytes(text.size(), '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                        text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return std::nullopt;
  }
  bytes.resize(length);
  return bytes;
}

struct ParamBldDeleter {
  void operator()(OSSL_PARAM_BLD* bld) const { OSSL_PARAM_BLD_free(bld); }
};
struct ParamDeleter {
  void operator()(OSSL_PARAM* params) const { OSSL_PARAM_free(params); }
};
struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct BnDeleter {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
using BnPtr = std::unique_ptr<BIGNUM, BnDeleter>;

BnPtr Bignum(const std::string& bytes) {
  return BnPtr(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                         static_cast<int>(bytes.size()), nullptr));
}

// The public key the parameters describe, as PEM (empty when OpenSSL refuses them).
std::string PublicPem(const char* type, OSSL_PARAM_BLD* bld) {
  std::unique_ptr<OSSL_PARAM, ParamDeleter> params(OSSL_PARAM_BLD_to_param(bld));
  EVP_PKEY_CTX* made = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> ctx(made);
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
    return "";
  }
  jwt_support::PkeyPtr key(raw);
  jwt_support::BioPtr out(BIO_new(BIO_s_mem()));
  if (!out || PEM_write_bio_PUBKEY(out.get(), key.get()) != 1) return "";
  return jwt_support::BioText(out.get());
}

std::string Member(const boost::json::object& object, std::string_view name) {
  const boost::json::value* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : "";
}

// An RSA key (RS256) or a P-256 key (ES256); nullopt for a key of another kind or use.
domain::Result<std::optional<JsonWebKey>> KeyOf(const boost::json::object& jwk) {
  std::string type = Member(jwk, "kty");
  std::string use = Member(jwk, "use");
  std::string algorithm = Member(jwk, "alg");
  if (!use.empty() && use != "sig") return std::optional<JsonWebKey>();
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> bld(OSSL_PARAM_BLD_new());
  if (type == "RSA" && (algorithm.empty() || algorithm == "RS256")) {
    auto n = Base64UrlDecode(Member(jwk, "n"));
    auto e = Base64UrlDecode(Member(jwk, "e"));
    if (!n || !e || n->size() < 256)
      return BadJwks("An RSA key needs n (2048 bits at least) and e");
    BnPtr modulus = Bignum(*n);
    BnPtr exponent = Bignum(*e);
    if (!modulus || !exponent ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()) != 1) {
      return BadJwks("An RSA key could not be read");
    }
    std::string pem = PublicPem("RSA", bld.get());
    if (pem.empty()) return BadJwks("An RSA key could not be read");
    return std::optional<JsonWebKey>(JsonWebKey{std::move(pem), "RS256"});
  }
  if (type == "EC" && Member(jwk, "crv") == "P-256" &&
      (algorithm.empty() || algorithm == "ES256")) {
    auto x = Base64UrlDecode(Member(jwk, "x"));
    auto y = Base64UrlDecode(Member(jwk, "y"));
    if (!x || !y || x->size() != 32 || y->size() != 32) {
      return BadJwks("A P-256 key needs x and y of 32 bytes");
    }
    std::string point = "\x04" + *x + *y;
    char group[] = "prime256v1";
    if (OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                         point.size()) != 1) {
      return BadJwks("A P-256 key could not be read");
    }
    std::string pem = PublicPem("EC", bld.get());
    if (pem.empty()) return BadJwks("A P-256 key is not on its curve");
    return std::optional<JsonWebKey>(JsonWebKey{std::move(pem), "ES256"});
  }
  return std::optional<JsonWebKey>();
}

// The JSON object a JWT's part encodes.
std::optional<boost::json::object> Part(std::string_view token, size_t index) {
  size_t start = 0;
  for (size_t i = 0; i < index; ++i) start = token.find('.', start) + 1;
  size_t end = token.find('.', start);
  auto bytes = Base64UrlDecode(token.substr(start, end - start));
  if (!bytes) return std::nullopt;
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(*bytes, error);
  if (error || !value.is_object()) return std::nullopt;
  return value.as_object();
}

std::optional<int64_t> IntegerClaim(const boost::json::object& claims, std::string_view name) {
  const boost::json::value* value = claims.if_contains(name);
  if (value == nullptr) return std::nullopt;
  if (value->is_int64()) return value->as_int64();
  if (value->is_uint64()) return static_cast<int64_t>(value->as_uint64());
  if (value->is_double()) return static_cast<int64_t>(value->as_double());
  return std::nullopt;
}

// `aud` is a string or an array of them (RFC 7519 §4.1.3).
bool HasAudience(const boost::json::object& claims, std::string_view audience) {
  const boost::json::value* value = claims.if_contains("aud");
  if (value == nullptr) return false;
  if (value->is_string()) return value->as_string() == audience;
  if (!value->is_array()) return false;
  const auto& list = value->as_array();
  return std::any_of(list.begin(), list.end(), [&](const boost::json::value& item) {
    return item.is_string() && item.as_string() == audience;
  });
}

}  // namespace

domain::Result<std::map<std::string, JsonWebKey>> ParseJwks(std::string_view json) {
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(json, error);
  if (error || !value.is_object() || !value.as_object().contains("keys") ||
      !value.as_object().at("keys").is_array()) {
    return BadJwks("A JWKS is an object with a \"keys\" array");
  }
  std::map<std::string, JsonWebKey> keys;
  for (const boost::json::value& item : value.as_object().at("keys").as_array()) {
    if (!item.is_object()) return BadJwks("A key is an object");
    auto key = KeyOf(item.as_object());
    if (!key) return std::unexpected(key.error());
    if (*key) keys[Member(item.as_object(), "kid")] = std::move(**key);
  }
  return keys;
}

ExternalTokens::ExternalTokens(ExternalIdpPolicy policy) : policy_(std::move(policy)) {
  policy_.clock_skew_seconds =
      std::clamp<int64_t>(policy_.clock_skew_seconds, 0, kMaxClockSkewSeconds);
  std::lock_guard lock(mutex_);
  Refresh();
}

void ExternalTokens::Refresh() const {
  auto now = std::chrono::steady_clock::now();
  if (!keys_.empty() && now - checked_at_ < std::chrono::seconds(1)) return;
  checked_at_ = now;
  std::error_code error;
  auto modified = std::filesystem::last_write_time(policy_.jwks_file, error);
  if (error || (!keys_.empty() && modified == loaded_at_)) return;
  std::ifstream file(policy_.jwks_file, std::ios::binary);
  std::string text(kMaxJwksBytes + 1, '\0');
  file.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(file.gcount()));
  auto keys =
      text.size() > kMaxJwksBytes ? BadJwks("The JWKS file is over 1 MiB") : ParseJwks(text);
  if (!keys) {
    Log(LogLevel::kError, "the identity provider's JWKS cannot be used; the keys read before stay",
        {{"file", policy_.jwks_file}, {"error", keys.error().message}});
    return;
  }
  keys_ = std::move(*keys);
  loaded_at_ = modified;
  verified_.clear();  // a key taken away takes its tokens with it
  ++generation_;
}

bool ExternalTokens::Names(std::string_view token) const {
  if (token.size() > 8192 || !LooksLikeJwt(token)) return false;
  auto claims = Part(token, 1);
  return claims && Member(*claims, "iss") == policy_.issuer;
}

domain::Result<ExternalClaims> ExternalTokens::Verify(std::string_view token,
                                                      domain::Timestamp now) const {
  if (token.size() > 8192 || !LooksLikeJwt(token)) {
    return InvalidToken("invalid_token", "The access token is malformed");
  }
  std::string text(token);
  int64_t current = now.micros_since_epoch / kMicros;
  int64_t skew = policy_.clock_skew_seconds;
  auto header = Part(token, 0);
  if (!header) return InvalidToken("invalid_token", "The access token is malformed");
  // Under the lock: the cache and the key; the signature is checked outside it, so that
  // requests on other I/O threads do not wait for this one's.
  JsonWebKey key;
  uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    Refresh();
    if (auto cached = verified_.find(text); cached != verified_.end()) {
      if (current >= cached->second.expires_at.micros_since_epoch / kMicros + skew) {
        return InvalidToken("token_expired", "The access token has expired");
      }
      return cached->second;
    }
    // The key named by `kid` (or the only one), and the algorithm is the key's.
    auto found = keys_.find(Member(*header, "kid"));
    if (found == keys_.end() && keys_.size() == 1 && !header->contains("kid")) {
      found = keys_.begin();
    }
    if (found == keys_.end() || Member(*header, "alg") != found->second.algorithm) {
      return InvalidToken("invalid_token", "The access token is not signed by a known key");
    }
    key = found->second;
    generation = generation_;
  }
  jwt_t* raw = nullptr;
  int decoded =
      jwt_decode(&raw, text.c_str(), reinterpret_cast<const unsigned char*>(key.pem.data()),
                 static_cast<int>(key.pem.size()));
  jwt_support::JwtPtr jwt(raw);
  jwt_alg_t expected = key.algorithm == "RS256" ? JWT_ALG_RS256 : JWT_ALG_ES256;
  if (decoded != 0 || !jwt || jwt_get_alg(jwt.get()) != expected) {
    return InvalidToken("invalid_token", "The access token is not valid");
  }
  auto claims = Part(token, 1);
  if (!claims || Member(*claims, "iss") != policy_.issuer ||
      !HasAudience(*claims, policy_.audience)) {
    return InvalidToken("invalid_token", "The access token is not for this server");
  }
  auto expires = IntegerClaim(*claims, "exp");
  if (!expires) return InvalidToken("invalid_token", "The access token has no expiry");
  if (current >= *expires + skew)
    return InvalidToken("token_expired", "The access token has expired");
  auto not_before = IntegerClaim(*claims, "nbf");
  if (not_before && current + skew < *not_before) {
    return InvalidToken("token_not_yet_valid", "The access token is not valid yet");
  }
  ExternalClaims verified{Member(*claims, "sub"), Member(*claims, policy_.email_claim),
                          Member(*claims, policy_.organization_claim),
                          domain::Timestamp{*expires * kMicros}};
  const boost::json::value* email_verified = claims->if_contains("email_verified");
  if (email_verified != nullptr && email_verified->is_bool() && !email_verified->as_bool()) {
    // The provider does not vouch for the address: it cannot name a Factura user.
    return InvalidToken("invalid_token", "The access token's e-mail address is not verified");
  }
  if (verified.email.empty()) {
    return InvalidToken("invalid_token", "The access token names no e-mail address");
  }
  std::lock_guard lock(mutex_);
  if (generation != generation_) return verified;  // its key may have gone meanwhile: not kept
  if (verified_.size() >= kMaxCachedTokens) verified_.clear();
  verified_.emplace(std::move(text), verified);
  return verified;
}

}  // namespace factura::api
