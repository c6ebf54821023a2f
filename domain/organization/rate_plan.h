#pragma once
// Rate-limit plans (seed 000 §1) and the burst allowance that goes with a per-minute limit
// (seed 001: a 100-a-minute key may send up to 10 requests in one second).
//
//   const RatePlan* plan = FindRatePlan("professional");   // 1,000 a minute
//   int64_t burst = BurstPerSecond(plan->requests_per_minute);   // 100 a second

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

namespace factura::domain {

struct RatePlan {
  std::string_view name;
  int64_t requests_per_minute;
};

inline constexpr std::array<RatePlan, 3> kRatePlans{{
    {"starter", 100},
    {"professional", 1'000},
    {"enterprise", 10'000},
}};

inline constexpr int64_t kMaxRateLimitPerMinute = 1'000'000;

// Null for an unknown name.
constexpr const RatePlan* FindRatePlan(std::string_view name) {
  for (const RatePlan& plan : kRatePlans) {
    if (plan.name == name) return &plan;
  }
  return nullptr;
}

// A tenth of the minute's allowance in any one second, and never fewer than 10.
constexpr int64_t BurstPerSecond(int64_t requests_per_minute) {
  return std::max<int64_t>(10, requests_per_minute / 10);
}

}  // namespace factura::domain
