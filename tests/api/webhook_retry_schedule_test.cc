#include <gtest/gtest.h>

#include "api/webhooks/retry_schedule.h"

namespace factura::api {
namespace {

constexpr int64_t kSecond = 1'000'000;  // micros

// A clock the test moves: each failed attempt happens at `now`, then time jumps to the retry.
TEST(WebhookRetryScheduleTest, FollowsTheScheduleWithinTenPercentAndThenGivesUp) {
  const std::vector<int64_t>& delays = DefaultRetryDelaysMs();
  ASSERT_EQ(delays.size(), 10u);
  int64_t now = 1'700'000'000 * kSecond;
  const int64_t start = now;
  for (int64_t attempts = 1; attempts < 10; ++attempts) {
    auto next = NextAttemptAt(delays, attempts, now, std::nullopt, /*jitter_seed=*/42);
    ASSERT_TRUE(next) << attempts;
    int64_t wait = *next - now;
    int64_t planned = delays[static_cast<size_t>(attempts)] * 1000;
    EXPECT_GE(wait, planned * 9 / 10) << attempts;
    EXPECT_LE(wait, planned * 11 / 10) << attempts;
    now = *next;
  }
  EXPECT_FALSE(NextAttemptAt(delays, 10, now, std::nullopt, 42));
  // About three days from the first attempt to the last.
  double days = static_cast<double>(now - start) / (86'400.0 * kSecond);
  EXPECT_GT(days, 2.7);
  EXPECT_LT(days, 3.3);
}

TEST(WebhookRetryScheduleTest, JitterDependsOnTheSeedAndIsRepeatable) {
  const std::vector<int64_t>& delays = DefaultRetryDelaysMs();
  auto a = NextAttemptAt(delays, 3, 0, std::nullopt, 1);
  auto b = NextAttemptAt(delays, 3, 0, std::nullopt, 2);
  EXPECT_EQ(a, NextAttemptAt(delays, 3, 0, std::nullopt, 1));
  EXPECT_NE(a, b);
}

TEST(WebhookRetryScheduleTest, RetryAfterIsAFloorCappedAtADay) {
  std::vector<int64_t> delays{0, 1'000, 2'000};
  auto honoured = NextAttemptAt(delays, 1, 0, 60'000, 7);
  ASSERT_TRUE(honoured);
  EXPECT_EQ(*honoured, 60 * kSecond);
  auto shorter = NextAttemptAt(delays, 1, 0, 10, 7);  // below the schedule: the schedule wins
  ASSERT_TRUE(shorter);
  EXPECT_GE(*shorter, 900'000);
  auto capped = NextAttemptAt(delays, 1, 0, 10LL * 86'400'000, 7);
  ASSERT_TRUE(capped);
  EXPECT_EQ(*capped, 86'400 * kSecond);
  EXPECT_FALSE(NextAttemptAt(delays, 3, 0, 1'000, 7));  // spent: Retry-After changes nothing
}

}  // namespace
}  // namespace factura::api
