#pragma once
// When a failed webhook delivery is tried again: exponential backoff with jitter over about
// three days (DESIGN.md §5), a receiver's Retry-After honoured. Pure: the caller passes the
// clock's reading, so tests move time.
//
//   auto next = NextAttemptAt(delays, /*attempts_made=*/1, now, std::nullopt, delivery_id);
//   // now + 5 s (± 10%), then 5 min, 30 min, ...; nullopt once the schedule is spent

#include <cstdint>
#include <optional>
#include <vector>

namespace factura::api {

// `delays_ms[n]` is the wait before attempt n + 1 (delays_ms[0] before the first, normally 0),
// so the schedule allows delays_ms.size() attempts. Each wait is jittered by ±10%, from
// `jitter_seed` (the same seed, the same jitter). `retry_after_ms` (from a 429 or 503) is a
// floor. Returns the instant (micros) of the next attempt, or nullopt when `attempts_made`
// attempts spent the schedule.
[[nodiscard]] std::optional<int64_t> NextAttemptAt(const std::vector<int64_t>& delays_ms,
                                                   int64_t attempts_made, int64_t now_micros,
                                                   std::optional<int64_t> retry_after_ms,
                                                   uint64_t jitter_seed);

// The default schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h.
[[nodiscard]] const std::vector<int64_t>& DefaultRetryDelaysMs();

}  // namespace factura::api
