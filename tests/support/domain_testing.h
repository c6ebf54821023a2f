#pragma once
// Given / when / then helpers for aggregate tests:
//
//   auto state = Given<InvoiceState>({drafted, issued});
//   auto result = Decide(state, VoidInvoice{}, context);
//   EXPECT_THAT(result, IsRejected("invoice_has_payments"));

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <initializer_list>
#include <map>
#include <set>
#include <string>

#include "domain/events.h"
#include "domain/organization/organization.h"

namespace factura::domain::testing {

// Folds events into a fresh state with the aggregate's Evolve.
template <typename State>
State Given(const Events& events) {
  State state;
  for (const Event& e : events) state = Evolve(std::move(state), e);
  return state;
}

// Applies a successful decision's events to a state.
template <typename State>
State Then(State state, const Result<Events>& decided) {
  EXPECT_TRUE(decided.has_value()) << (decided ? "" : decided.error().code);
  if (!decided) return state;
  for (const Event& e : *decided) state = Evolve(std::move(state), e);
  return state;
}

MATCHER_P(IsRejected, code, "is rejected with code " + std::string(code)) {
  if (arg.has_value()) {
    *result_listener << "which succeeded";
    return false;
  }
  *result_listener << "which was rejected with " << arg.error().code << " (param '"
                   << arg.error().param << "')";
  return arg.error().code == code;
}

MATCHER_P2(IsRejectedOn, code, param,
           "is rejected with code " + std::string(code) + " on " + std::string(param)) {
  if (arg.has_value()) {
    *result_listener << "which succeeded";
    return false;
  }
  *result_listener << "which was rejected with " << arg.error().code << " (param '"
                   << arg.error().param << "')";
  return arg.error().code == code && arg.error().param == param;
}

// The event of type T at `index` of a successful decision (fails the test otherwise).
template <typename T>
const T& EventAt(const Result<Events>& decided, size_t index) {
  static const T kEmpty{};
  if (!decided || index >= decided->size() || !std::holds_alternative<T>((*decided)[index])) {
    ADD_FAILURE() << "no " << T::kType << " at index " << index;
    return kEmpty;
  }
  return std::get<T>((*decided)[index]);
}

inline std::vector<std::string_view> TypesOf(const Result<Events>& decided) {
  std::vector<std::string_view> types;
  if (decided) {
    for (const Event& e : *decided) types.push_back(EventType(e));
  }
  return types;
}

// Sequential ids per prefix: "li_1", "li_2", ... Deterministic, so tests can name them.
class CountingIds {
 public:
  std::string operator()(std::string_view prefix) {
    return std::string(prefix) + "_" + std::to_string(++counters_[std::string(prefix)]);
  }

 private:
  std::map<std::string, int> counters_;
};

class SetRegistry : public InvoiceNumberRegistry {
 public:
  bool InUse(std::string_view number) const override {
    return numbers.count(std::string(number)) > 0;
  }
  std::set<std::string> numbers;
};

}  // namespace factura::domain::testing
