#include "api/webhooks/retry_schedule.h"

#include <algorithm>

namespace factura::api {
namespace {

constexpr int64_t kMaxRetryAfterMs = 24LL * 3600 * 1000;

// SplitMix64: a well-mixed value from a seed, so jitter differs between deliveries.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::optional<int64_t> NextAttemptAt(const std::vector<int64_t>& delays_ms, int64_t attempts_made,
                                     int64_t now_micros, std::optional<int64_t> retry_after_ms,
                                     uint64_t jitter_seed) {
  if (attempts_made < 0 || static_cast<size_t>(attempts_made) >= delays_ms.size()) {
    return std::nullopt;
  }
  int64_t delay = delays_ms[static_cast<size_t>(attempts_made)];
  // ±10%: a fraction in [-1000, 1000] ten-thousandths.
  int64_t spread =
      static_cast<int64_t>(Mix(jitter_seed ^ static_cast<uint64_t>(attempts_made)) % 2001) - 1000;
  delay += delay * spread / 10'000;
  if (retry_after_ms) delay = std::max(delay, std::min(*retry_after_ms, kMaxRetryAfterMs));
  return now_micros + std::max<int64_t>(delay, 0) * 1000;
}

const std::vector<int64_t>& DefaultRetryDelaysMs() {
  static const std::vector<int64_t> kDelays{0,          5'000,      300'000,    1'800'000,
                                            7'200'000,  18'000'000, 36'000'000, 50'400'000,
                                            72'000'000, 86'400'000};
  return kDelays;
}

}  // namespace factura::api
