#include "api/http/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace factura::api {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kIdleMicros = 3600 * kMicrosPerSecond;
constexpr size_t kMaxBucketsPerRequest = 4;

}  // namespace

size_t RateLimiter::NameHash::operator()(const NameView& name) const {
  std::hash<std::string_view> hash;
  size_t seed = hash(name.organization_id) ^ (static_cast<size_t>(name.kind) << 1);
  return seed ^ (hash(name.api_key_id) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

RateDecision RateLimiter::Take(std::span<const RateBucket> buckets, domain::Timestamp now) {
  RateDecision decision;
  if (buckets.empty()) return decision;
  buckets = buckets.first(std::min(buckets.size(), kMaxBucketsPerRequest));
  Tokens* held[kMaxBucketsPerRequest] = {};
  std::lock_guard lock(mutex_);
  if (buckets_.size() > kMaxIdleBuckets) {
    std::erase_if(buckets_, [&](const auto& entry) {
      return now.micros_since_epoch - entry.second.updated_micros > kIdleMicros;
    });
  }
  for (size_t i = 0; i < buckets.size(); ++i) {
    const RateBucket& bucket = buckets[i];
    double capacity = static_cast<double>(bucket.capacity);
    NameView name{bucket.kind, bucket.organization_id, bucket.api_key_id};
    auto it = buckets_.find(name);
    bool inserted = it == buckets_.end();
    if (inserted) {
      it = buckets_
               .emplace(Name{bucket.kind, std::string(bucket.organization_id),
                             std::string(bucket.api_key_id)},
                        Tokens{capacity, now.micros_since_epoch})
               .first;
    }
    Tokens& tokens = it->second;
    if (!inserted) {
      // Capped by today's capacity too: a plan may have shrunk since the bucket filled.
      int64_t elapsed = std::max<int64_t>(0, now.micros_since_epoch - tokens.updated_micros);
      tokens.tokens =
          std::min(capacity, tokens.tokens + static_cast<double>(elapsed) *
                                                 bucket.refill_per_second / kMicrosPerSecond);
      tokens.updated_micros = now.micros_since_epoch;
    }
    held[i] = &tokens;
    if (tokens.tokens < 1.0) {
      decision.allowed = false;
      double wait = (1.0 - tokens.tokens) / bucket.refill_per_second;
      decision.retry_after_seconds =
          std::max(decision.retry_after_seconds, static_cast<int64_t>(std::ceil(wait)));
    }
  }
  if (decision.allowed) {
    for (size_t i = 0; i < buckets.size(); ++i) held[i]->tokens -= 1.0;
  }
  const RateBucket& reported = buckets.front();
  double left = held[0]->tokens;
  decision.limit = reported.capacity;
  decision.remaining = static_cast<int64_t>(std::floor(std::max(0.0, left)));
  double to_full_seconds =
      (static_cast<double>(reported.capacity) - left) / reported.refill_per_second;
  decision.reset_unix_seconds =
      now.micros_since_epoch / kMicrosPerSecond + static_cast<int64_t>(std::ceil(to_full_seconds));
  return decision;
}

}  // namespace factura::api
