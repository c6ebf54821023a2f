#pragma once
// Tokens from an external identity provider (seed 003's gateway: single sign-on in front of
// Factura). A JWT its keys signed — RS256 or ES256, the keys read from a JWKS file (RFC 7517)
// that rotation replaces, picked by `kid` — with the configured issuer and audience, unexpired
// (bounded skew). Its e-mail claim names a Factura user (who must exist and be active); its
// organization claim, or X-Org-Id, one of their organizations. The algorithm comes from the key,
// never from the token: a token whose `alg` is not its key's is refused.
//
//   ExternalTokens idp({.issuer = "https://idp.example.com", .audience = "factura",
//                       .jwks_file = "/etc/factura/idp-jwks.json"});
//   if (idp.Names(token)) auto claims = idp.Verify(token, now);

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/date.h"
#include "domain/error.h"

namespace factura::api {

struct ExternalIdpPolicy {
  std::string issuer;
  std::string audience;
  std::string jwks_file;
  std::string email_claim = "email";
  std::string organization_claim = "org_id";
  int64_t clock_skew_seconds = 30;
};

struct ExternalClaims {
  std::string subject;
  std::string email;
  std::string organization_id;  // empty when the token names none
  domain::Timestamp expires_at;
};

// A JWKS's usable keys: kid → the public key as PEM and the one algorithm it signs with.
struct JsonWebKey {
  std::string pem;
  std::string algorithm;  // "RS256" or "ES256"
};
// Keys of other types, curves or uses are skipped. Errors: kInvalidArgument when the text is
// not a JWKS or a key in it is malformed.
[[nodiscard]] domain::Result<std::map<std::string, JsonWebKey>> ParseJwks(std::string_view json);

class ExternalTokens {
 public:
  explicit ExternalTokens(ExternalIdpPolicy policy);

  // Whether the token says this provider issued it (unverified: only to choose the verifier).
  [[nodiscard]] bool Names(std::string_view token) const;
  // Errors: kUnauthenticated `invalid_token` (malformed, unknown key, another algorithm, bad
  // signature, issuer or audience, no e-mail), `token_expired`, `token_not_yet_valid`.
  [[nodiscard]] domain::Result<ExternalClaims> Verify(std::string_view token,
                                                      domain::Timestamp now) const;

  const ExternalIdpPolicy& policy() const { return policy_; }

 private:
  // The keys as the file has them now: read again when its modification time changes, looked
  // at no more than once a second. A file that cannot be read keeps the keys last read.
  void Refresh() const;

  static constexpr size_t kMaxCachedTokens = 50'000;
  ExternalIdpPolicy policy_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, JsonWebKey> keys_;
  mutable std::filesystem::file_time_type loaded_at_{};
  mutable std::chrono::steady_clock::time_point checked_at_{};
  mutable std::unordered_map<std::string, ExternalClaims> verified_;
  mutable uint64_t generation_ = 0;  // counts key reloads
};

}  // namespace factura::api
