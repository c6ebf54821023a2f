#pragma once
// Per-API-key rate limits: a token bucket per key, refilled continuously at `per_minute / 60`
// tokens a second up to `per_minute` (so a quiet key may burst a minute's worth). Thread-safe;
// buckets idle for an hour are dropped once there are many, so memory stays bounded.
//
//   RateDecision d = limiter.Take("ak_…", now);
//   // X-RateLimit-Limit: d.limit, -Remaining: d.remaining, -Reset: d.reset_unix_seconds
//   if (!d.allowed) → 429 with Retry-After: d.retry_after_seconds

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/date.h"

namespace factura::api {

struct RateDecision {
  bool allowed = true;
  int64_t limit = 0;                // requests per minute
  int64_t remaining = 0;            // whole tokens left after this request
  int64_t reset_unix_seconds = 0;   // when the bucket is full again
  int64_t retry_after_seconds = 0;  // when refused: until one token is back
};

class RateLimiter {
 public:
  explicit RateLimiter(int64_t per_minute) : per_minute_(per_minute) {}

  // per_minute <= 0 disables limiting (every request allowed, no headers needed).
  bool enabled() const { return per_minute_ > 0; }
  RateDecision Take(std::string_view key, domain::Timestamp now);

 private:
  struct Bucket {
    double tokens = 0;
    int64_t updated_micros = 0;
  };
  static constexpr size_t kMaxIdleBuckets = 100'000;

  int64_t per_minute_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace factura::api
