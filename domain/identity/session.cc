#include "domain/identity/session.h"

#include <algorithm>

#include "domain/aggregate.h"
#include "domain/overloaded.h"
#include "domain/text.h"

namespace factura::domain {
RefreshDecision Refresh(const SessionState& state, std::string_view presented,
                        std::string new_sha256_hex, Timestamp now) {
  if (!state.exists || state.revoked) return {};
  if (ConstantTimeEquals(state.refresh_sha256_hex, presented)) {
    if (!(now < state.expires_at)) return {};
    return {RefreshVerdict::kRotated,
            Events{SessionRefreshed{state.id, std::move(new_sha256_hex), now}}};
  }
  bool rotated =
      std::any_of(state.rotated_hashes.begin(), state.rotated_hashes.end(),
                  [&](const std::string& old) { return ConstantTimeEquals(old, presented); });
  if (!rotated) return {};
  return {RefreshVerdict::kReused, Events{SessionRevoked{state.id, "reuse", now}}};
}

CodeDecision RedeemCode(const SessionState& state, std::string_view presented,
                        const CodeRedemption& redemption, Timestamp now) {
  auto invalid = [](std::string reason) {
    return CodeDecision{CodeVerdict::kInvalid, {}, std::move(reason)};
  };
  if (!state.code_issued || !ConstantTimeEquals(state.code_sha256_hex, presented)) {
    return invalid("The authorization code is not valid");
  }
  if (state.client_id != redemption.client_id) {
    return invalid("The authorization code was given to another client");
  }
  if (state.exists) {
    // A code comes back only when someone else got hold of it: end what it gave.
    return {CodeVerdict::kReused, Revoke(state, "code_reuse", now), ""};
  }
  if (state.revoked || !(now < state.code_expires_at)) {
    return invalid("The authorization code has expired");
  }
  if (state.redirect_uri != redemption.redirect_uri) {
    return invalid("The redirect_uri is not the one the code was given for");
  }
  if (state.code_challenge.empty() != redemption.verifier_challenge.empty() ||
      !ConstantTimeEquals(state.code_challenge, redemption.verifier_challenge)) {
    return invalid(state.code_challenge.empty()
                       ? "This code was given without PKCE; send no code_verifier"
                       : "The code_verifier does not match the code_challenge");
  }
  return {CodeVerdict::kRedeemed,
          Events{SessionStarted{state.id, state.user_id, redemption.refresh_sha256_hex,
                                redemption.refresh_expires_at, now}},
          ""};
}

bool HadRefreshToken(const SessionState& state, std::string_view sha256_hex) {
  if (!state.exists) return false;
  bool found = ConstantTimeEquals(state.refresh_sha256_hex, sha256_hex);
  for (const std::string& old : state.rotated_hashes) found |= ConstantTimeEquals(old, sha256_hex);
  return found;
}

Events Revoke(const SessionState& state, std::string reason, Timestamp now) {
  if (!(state.exists || state.code_issued) || state.revoked) return {};
  return Events{SessionRevoked{state.id, std::move(reason), now}};
}

SessionState Evolve(SessionState state, const Event& event) {
  return FoldOwnEvent(std::move(state), event,
                      Overloaded{
                          [](SessionState& s, const OAuthCodeIssued& e) {
                            s.code_issued = true;
                            s.id = e.session_id;
                            s.user_id = e.user_id;
                            s.organization_id = e.organization_id;
                            s.client_id = e.client_id;
                            s.scopes = e.scopes;
                            s.redirect_uri = e.redirect_uri;
                            s.code_challenge = e.code_challenge;
                            s.code_sha256_hex = e.code_sha256_hex;
                            s.code_expires_at = e.code_expires_at;
                          },
                          [](SessionState& s, const SessionStarted& e) {
                            s.exists = true;
                            s.id = e.session_id;
                            s.user_id = e.user_id;
                            s.refresh_sha256_hex = e.refresh_sha256_hex;
                            s.expires_at = e.expires_at;
                            s.started_at = e.at;
                          },
                          [](SessionState& s, const SessionRefreshed& e) {
                            s.rotated_hashes.push_back(std::move(s.refresh_sha256_hex));
                            if (s.rotated_hashes.size() > kMaxRotatedRefreshHashes) {
                              s.rotated_hashes.erase(s.rotated_hashes.begin());
                            }
                            s.refresh_sha256_hex = e.refresh_sha256_hex;
                          },
                          [](SessionState& s, const SessionRevoked& e) {
                            s.revoked = true;
                            s.revoked_reason = e.reason;
                          },
                      });
}

}  // namespace factura::domain
