#include "api/durable_states.h"

#include <gtest/gtest.h>

namespace factura::api {
namespace {

DurableStates::State Customer(std::string name, uint64_t version) {
  domain::CustomerState state;
  state.exists = true;
  state.version = version;
  state.profile.name = std::move(name);
  return std::make_shared<const domain::AnyState>(std::move(state));
}

std::string NameOf(const DurableStates::State& state) {
  return std::get<domain::CustomerState>(*state).profile.name;
}

TEST(DurableStatesTest, APutStateIsReadBackUntilInvalidated) {
  DurableStates states;
  uint64_t epoch = states.EpochOf("org_1/cus_1");
  states.Put("org_1/cus_1", Customer("ACME", 1), epoch);
  ASSERT_NE(states.Get("org_1/cus_1"), nullptr);
  EXPECT_EQ(NameOf(states.Get("org_1/cus_1")), "ACME");
  EXPECT_EQ(states.Get("org_2/cus_1"), nullptr);  // another organization's stream
  states.Invalidate("org_1/cus_1");
  EXPECT_EQ(states.Get("org_1/cus_1"), nullptr);
}

TEST(DurableStatesTest, AFoldOverlappingAWriteIsNotCached) {
  DurableStates states;
  // A reader takes the epoch, folds version 1 from the log; meanwhile version 2 becomes durable.
  uint64_t epoch = states.EpochOf("org_1/cus_1");
  states.Invalidate("org_1/cus_1");
  states.Put("org_1/cus_1", Customer("old", 1), epoch);
  EXPECT_EQ(states.Get("org_1/cus_1"), nullptr);
  // A fold that started after the write is cached.
  uint64_t later = states.EpochOf("org_1/cus_1");
  states.Put("org_1/cus_1", Customer("new", 2), later);
  ASSERT_NE(states.Get("org_1/cus_1"), nullptr);
  EXPECT_EQ(NameOf(states.Get("org_1/cus_1")), "new");
}

TEST(DurableStatesTest, HoldsAtMostAboutItsCapacity) {
  DurableStates states(160);
  for (int i = 0; i < 5'000; ++i) {
    std::string stream = "org_1/cus_" + std::to_string(i);
    states.Put(stream, Customer("c", 1), states.EpochOf(stream));
  }
  int cached = 0;
  for (int i = 0; i < 5'000; ++i) cached += states.Get("org_1/cus_" + std::to_string(i)) != nullptr;
  EXPECT_GT(cached, 0);
  EXPECT_LE(cached, 160 + 16);  // one entry of rounding per shard
}

}  // namespace
}  // namespace factura::api
