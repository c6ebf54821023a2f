#pragma once
// Access tokens: JWTs (RFC 7519) signed ES256 with a key kept outside the log, made and checked
// through libjwt. The algorithm is fixed here, never taken from a token: one that names another
// (`none`, or HS256 keyed with the public key) is refused whatever its signature. `iss`, `aud`,
// `exp` and `nbf` are checked with a small, bounded clock skew.
//
//   auto keys = LoadOrCreateSigningKey(data_dir + "/keys");
//   AccessTokens tokens(*keys, {.issuer = "factura", .audience = "factura-api"});
//   std::string jwt = *tokens.Issue({.user_id = "usr_…", .session_id = "ses_…"}, now);
//   auto claims = tokens.Verify(jwt, now);   // 401 invalid_token / token_expired

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/date.h"
#include "domain/error.h"

namespace factura::api {

struct SigningKey {
  std::string private_pem;
  std::string public_pem;
  std::string key_id;  // `kid`: the first 16 hex digits of the public key's SHA-256
};

// Reads `<directory>/token-signing-key.pem`, or makes a new P-256 key there (the directory 0700,
// the file 0600) on first start. Errors: kInternal naming the file.
[[nodiscard]] domain::Result<SigningKey> LoadOrCreateSigningKey(const std::string& directory);

struct TokenPolicy {
  std::string issuer = "factura";
  std::string audience = "factura-api";
  int64_t lifetime_seconds = 900;
  int64_t clock_skew_seconds = 30;  // at most kMaxClockSkewSeconds
};

inline constexpr int64_t kMaxClockSkewSeconds = 300;

struct AccessClaims {
  std::string user_id;     // sub
  std::string session_id;  // sid
  std::string scope;       // space-separated; empty: the user's own permissions
  std::string client_id;   // set for tokens an OAuth client obtained
  domain::Timestamp issued_at;
  domain::Timestamp expires_at;
};

class AccessTokens {
 public:
  AccessTokens(SigningKey key, TokenPolicy policy);

  // Errors: kInternal when libjwt cannot sign.
  [[nodiscard]] domain::Result<std::string> Issue(const AccessClaims& claims,
                                                  domain::Timestamp now) const;
  // The claims of a token this server signed, unexpired. Errors: kUnauthenticated
  // `invalid_token` (malformed, another algorithm, bad signature, issuer or audience),
  // `token_expired`, `token_not_yet_valid`.
  [[nodiscard]] domain::Result<AccessClaims> Verify(std::string_view token,
                                                    domain::Timestamp now) const;

  const TokenPolicy& policy() const { return policy_; }
  const SigningKey& key() const { return key_; }

 private:
  // A signature check costs hundreds of microseconds (libjwt parses the PEM key each time): the
  // claims of tokens already verified are kept, by the whole token's text, until they expire.
  // Bounded: past kMaxCachedTokens the cache starts afresh.
  static constexpr size_t kMaxCachedTokens = 50'000;
  domain::Result<AccessClaims> CheckTimes(AccessClaims claims, domain::Timestamp now) const;

  SigningKey key_;
  TokenPolicy policy_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::string, AccessClaims> verified_;
};

// Whether a bearer credential has a JWT's shape (three dot-separated parts), as opposed to an
// API key (`sk_…`).
[[nodiscard]] bool LooksLikeJwt(std::string_view credential);

}  // namespace factura::api
