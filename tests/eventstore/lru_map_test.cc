#include "eventstore/lru_map.h"

#include <gtest/gtest.h>

namespace factura::eventstore {
namespace {

TEST(LruMapTest, ForgetsTheLeastRecentlyUsedEntryWhenFull) {
  LruMap<int> map(2);
  map.Put("a", 1);
  map.Put("b", 2);
  ASSERT_NE(map.Find("a"), nullptr);  // "a" is now the most recently used
  map.Put("c", 3);
  EXPECT_EQ(map.size(), 2u);
  EXPECT_EQ(map.Find("b"), nullptr);
  ASSERT_NE(map.Find("a"), nullptr);
  EXPECT_EQ(*map.Find("a"), 1);
  EXPECT_EQ(*map.Find("c"), 3);
}

TEST(LruMapTest, PutReplacesAndEraseForgets) {
  LruMap<int> map(4);
  map.Put("a", 1);
  map.Put("a", 5);
  EXPECT_EQ(map.size(), 1u);
  EXPECT_EQ(*map.Find("a"), 5);
  map.Erase("a");
  map.Erase("missing");
  EXPECT_EQ(map.Find("a"), nullptr);
  EXPECT_EQ(map.size(), 0u);
}

TEST(LruMapTest, StaysWithinItsCapacityUnderManyInserts) {
  LruMap<int> map(100);
  for (int i = 0; i < 10'000; ++i) map.Put("k" + std::to_string(i), i);
  EXPECT_EQ(map.size(), 100u);
  EXPECT_EQ(*map.Find("k9999"), 9999);
  EXPECT_EQ(map.Find("k9899"), nullptr);
}

}  // namespace
}  // namespace factura::eventstore
