#include "api/http/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace factura::api {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kIdleMicros = 3600 * kMicrosPerSecond;

}  // namespace

RateDecision RateLimiter::Take(std::string_view key, domain::Timestamp now) {
  RateDecision decision{.limit = per_minute_};
  if (!enabled()) return decision;
  double capacity = static_cast<double>(per_minute_);
  double per_micro = capacity / (60.0 * kMicrosPerSecond);
  std::lock_guard lock(mutex_);
  if (buckets_.size() > kMaxIdleBuckets) {
    std::erase_if(buckets_, [&](const auto& entry) {
      return now.micros_since_epoch - entry.second.updated_micros > kIdleMicros;
    });
  }
  auto [it, inserted] =
      buckets_.try_emplace(std::string(key), Bucket{capacity, now.micros_since_epoch});
  Bucket& bucket = it->second;
  if (!inserted) {
    int64_t elapsed = std::max<int64_t>(0, now.micros_since_epoch - bucket.updated_micros);
    bucket.tokens = std::min(capacity, bucket.tokens + static_cast<double>(elapsed) * per_micro);
    bucket.updated_micros = now.micros_since_epoch;
  }
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
  } else {
    decision.allowed = false;
    decision.retry_after_seconds = static_cast<int64_t>(
        std::ceil((1.0 - bucket.tokens) / per_micro / static_cast<double>(kMicrosPerSecond)));
  }
  decision.remaining = static_cast<int64_t>(std::floor(bucket.tokens));
  double to_full_seconds = (capacity - bucket.tokens) / per_micro / kMicrosPerSecond;
  decision.reset_unix_seconds =
      now.micros_since_epoch / kMicrosPerSecond + static_cast<int64_t>(std::ceil(to_full_seconds));
  return decision;
}

}  // namespace factura::api
