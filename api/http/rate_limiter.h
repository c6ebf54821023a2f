#pragma once
// Rate limits (seed 000 §1, seed 001): token buckets, each refilled continuously up to its
// capacity. A request passes only when every bucket that applies to it holds a token, and then
// takes one from each: an organization's per-minute plan shared by its keys, a key's own
// narrower limit, and a per-second burst bound. Thread-safe; buckets idle for an hour are dropped
// once there are many, so memory stays bounded.
//
//   RateBucket buckets[] = {{RateBucket::kOrganizationMinute, "org_1", "", 1000, 1000.0 / 60},
//                           {RateBucket::kKeyBurst, "org_1", "ak_1", 100, 100}};
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

// Names a bucket (which limit, whose) without owning the names: building one per request costs
// no allocation, and the limiter copies the names only when it first meets a bucket.
struct RateBucket {
  // kAddressMinute: a client address's (in `api_key_id`), for pages anyone may open.
  enum Kind : uint8_t { kOrganizationMinute, kKeyMinute, kKeyBurst, kAddressMinute };
  Kind kind = kOrganizationMinute;
  std::string_view organization_id;
  std::string_view api_key_id;  // empty for the organization's own bucket
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

  struct Name {
    RateBucket::Kind kind;
    std::string organization_id;
    std::string api_key_id;
  };
  struct NameView {
    RateBucket::Kind kind;
    std::string_view organization_id;
    std::string_view api_key_id;
  };
  // Heterogeneous lookup: a bucket is found by views, never by a built string.
  struct NameHash {
    using is_transparent = void;
    size_t operator()(const NameView& name) const;
    size_t operator()(const Name& name) const {
      return (*this)(NameView{name.kind, name.organization_id, name.api_key_id});
    }
  };
  struct NameEqual {
    using is_transparent = void;
    static NameView View(const Name& name) {
      return {name.kind, name.organization_id, name.api_key_id};
    }
    static NameView View(const NameView& name) { return name; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      NameView x = View(a), y = View(b);
      return x.kind == y.kind && x.organization_id == y.organization_id &&
             x.api_key_id == y.api_key_id;
    }
  };

  std::mutex mutex_;
  std::unordered_map<Name, Tokens, NameHash, NameEqual> buckets_;
};

}  // namespace factura::api
