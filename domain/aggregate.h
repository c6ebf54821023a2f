#pragma once
// What every aggregate's Evolve shares: apply the event if it is one of the aggregate's own,
// then count the version and stamp the time; leave the state untouched otherwise.
//
//   return FoldOwnEvent(std::move(state), event, Overloaded{
//       [](CustomerState& s, const CustomerCreated& e) { s.exists = true; ... },
//       [](CustomerState& s, const CustomerDeleted&) { s.deleted = true; },
//   });

#include <type_traits>
#include <utility>
#include <variant>

#include "domain/events.h"

namespace factura::domain {

template <typename State, typename Apply>
State FoldOwnEvent(State state, const Event& event, Apply&& apply) {
  bool applied = std::visit(
      [&](const auto& e) {
        if constexpr (std::is_invocable_v<Apply&, State&, decltype(e)>) {
          apply(state, e);
          return true;
        } else {
          return false;  // another aggregate's event
        }
      },
      event);
  if (applied) {
    ++state.version;
    state.updated_at = OccurredAt(event);
  }
  return state;
}

}  // namespace factura::domain
