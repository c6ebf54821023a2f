#pragma once
// The Session aggregate: one login, its family of refresh tokens, and its end. Refresh tokens
// rotate on every use; the SHA-256 of every token the family has had is kept (bounded), so a
// rotated one that comes back is told apart from a made-up one — and burns the family (RFC 6819
// §5.2.2.3, OAuth 2.0 Security BCP §4.14).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"
#include "domain/events.h"
#include "domain/identity/identity_events.h"

namespace factura::domain {

inline constexpr size_t kMaxRotatedRefreshHashes = 256;

struct SessionState {
  bool exists = false;
  uint64_t version = 0;
  std::string id;
  std::string user_id;
  std::string refresh_sha256_hex;           // the current token's
  std::vector<std::string> rotated_hashes;  // earlier tokens', the newest last
  Timestamp expires_at;
  bool revoked = false;
  std::string revoked_reason;
  Timestamp started_at;
  Timestamp updated_at;

  // A session an OAuth client holds: begun by an authorization code (OAuthCodeIssued), bound to
  // one organization and the scopes the user consented to. Empty for a user's own login.
  std::string client_id;
  std::string organization_id;
  std::vector<std::string> scopes;
  bool code_issued = false;
  std::string code_sha256_hex;
  Timestamp code_expires_at;
  std::string redirect_uri;
  std::string code_challenge;

  bool LiveAt(Timestamp now) const { return exists && !revoked && now < expires_at; }
};

// What presenting a refresh token decides.
enum class RefreshVerdict : uint8_t {
  kRotated,  // good: the family moves on to the new token
  kReused,   // an already-rotated token: the family is revoked
  kInvalid,  // unknown, expired or revoked: nothing changes
};

struct RefreshDecision {
  RefreshVerdict verdict = RefreshVerdict::kInvalid;
  Events events;
};

// `presented_sha256_hex` is compared in constant time.
[[nodiscard]] RefreshDecision Refresh(const SessionState& state,
                                      std::string_view presented_sha256_hex,
                                      std::string new_sha256_hex, Timestamp now);

// What redeeming an authorization code decides (RFC 6749 §4.1.3, RFC 7636 §4.6).
enum class CodeVerdict : uint8_t {
  kRedeemed,  // good: the session starts
  kReused,    // redeemed before: the session and every token it gave are revoked (§4.1.2)
  kInvalid,   // unknown, expired, another client's or redirect URI, a wrong verifier
};

struct CodeRedemption {
  std::string client_id;
  std::string redirect_uri;
  std::string verifier_challenge;  // base64url(SHA-256(code_verifier)); empty when none was sent
  std::string refresh_sha256_hex;
  Timestamp refresh_expires_at;
};

struct CodeDecision {
  CodeVerdict verdict = CodeVerdict::kInvalid;
  Events events;
  std::string reason;  // for kInvalid: what was wrong, for the error_description
};

// `presented_sha256_hex` and the verifier's challenge are compared in constant time.
[[nodiscard]] CodeDecision RedeemCode(const SessionState& state,
                                      std::string_view presented_sha256_hex,
                                      const CodeRedemption& redemption, Timestamp now);

// Whether `sha256_hex` is the session's current refresh token or one rotated before it.
[[nodiscard]] bool HadRefreshToken(const SessionState& state, std::string_view sha256_hex);

// Nothing when it is revoked already.
[[nodiscard]] Events Revoke(const SessionState& state, std::string reason, Timestamp now);

SessionState Evolve(SessionState state, const Event& event);

}  // namespace factura::domain
