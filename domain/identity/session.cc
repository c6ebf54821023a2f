#include "domain/identity/session.h"

#include <algorithm>

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

Events Revoke(const SessionState& state, std::string reason, Timestamp now) {
  if (!state.exists || state.revoked) return {};
  return Events{SessionRevoked{state.id, std::move(reason), now}};
}

SessionState Evolve(SessionState state, const Event& event) {
  bool mine = std::visit(Overloaded{
                             [&](const SessionStarted& e) {
                               state.exists = true;
                               state.id = e.session_id;
                               state.user_id = e.user_id;
                               state.refresh_sha256_hex = e.refresh_sha256_hex;
                               state.expires_at = e.expires_at;
                               state.started_at = e.at;
                               return true;
                             },
                             [&](const SessionRefreshed& e) {
                               state.rotated_hashes.push_back(std::move(state.refresh_sha256_hex));
                               if (state.rotated_hashes.size() > kMaxRotatedRefreshHashes) {
                                 state.rotated_hashes.erase(state.rotated_hashes.begin());
                               }
                               state.refresh_sha256_hex = e.refresh_sha256_hex;
                               return true;
                             },
                             [&](const SessionRevoked& e) {
                               state.revoked = true;
                               state.revoked_reason = e.reason;
                               return true;
                             },
                             [](const auto&) { return false; },
                         },
                         event);
  if (mine) {
    ++state.version;
    state.updated_at = OccurredAt(event);
  }
  return state;
}

}  // namespace factura::domain
