#pragma once
// Rate limits (seed 000 §1, seed 001): token buckets, each refilled continuously up to its
// capacity. A request passes only when every bucket that applies to it holds a token, and then
// takes one from each: an organization's per-minute plan shared by its keys, a key's own
// narrower limit, and a per-second burst bound. Thread-safe; buckets idle for an hour are dropped
// once there are many, so memory stays bounded.
//
//   RateBucket buckets[] = {{"m/org_1", 1000, 1000.0 / 60}, {"b/org_1/ak_1", 100, 100}};
//   RateDecision d = limiter.Take(buckets, now);   // the first bucket is the one reported
//   // X-RateLimit-Limit: d.limit, -Remaining: d.remaining, -Reset: d.reset_unix_seconds
//   if (!d.allowed) → 429 with Retry-After: d.retry_after_seconds

#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/date.h"

namespace factura::api {

struct RateDecision {
  bool allowed = true;
  int64_t limit = 0;                // requests per minute
  int64_t remaining = 0;            // whole tokens left after this request
  int64_t reset_unix_seconds = 0;   // when the reported bucket is full again
  int64_t retry_after_seconds = 0;  // when refused: until every bucket has a token back
};

struct RateBucket {
  std::string key;  // names the bucket: whose it is and which limit
  int64_t capacity = 0;
  double refill_per_second = 0;
};

class RateLimiter {
 public:
  // The first bucket is reported (its capacity as `limit`, its tokens as `remaining`); it should
  // be the per-minute limit the caller is held to.
  RateDecision Take(std::span<const RateBucket> buckets, domain::Timestamp now);

 private:
  struct Tokens {
    double tokens = 0;
    int64_t updated_micros = 0;
  };
  static constexpr size_t kMaxIdleBuckets = 100'000;

  std::mutex mutex_;
  std::unordered_map<std::string, Tokens> buckets_;
};

}  // namespace factura::api
