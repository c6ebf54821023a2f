#pragma once
// A subscription to the log: catches up from a checkpoint, then follows the head, woken by the
// writer on each commit (no polling). Reading is always by position from the durable log, so
// the switch from catching up to following live can neither miss nor repeat an event.
//
//   Subscription subscription(store, /*after_position=*/checkpoint);
//   while (running) {
//     auto batch = subscription.Next(/*max_count=*/500, std::chrono::seconds(1));
//     for (const EventRecord& record : *batch) Apply(record);
//   }
//
// Not thread-safe: one subscription per consuming thread. The store must outlive it.

#include <chrono>
#include <vector>

#include "eventstore/event_store.h"

namespace factura::eventstore {

class Subscription {
 public:
  Subscription(const EventStore& store, uint64_t after_position)
      : store_(store), position_(after_position) {}

  // The next records after the last one returned, at most `max_count`; waits up to `wait` when
  // there are none yet (then returns an empty batch). Errors: those of EventStore::ReadLog.
  [[nodiscard]] domain::Result<std::vector<EventRecord>> Next(size_t max_count,
                                                              std::chrono::milliseconds wait);

  // The position of the last record returned (the checkpoint to resume from).
  uint64_t position() const { return position_; }

 private:
  const EventStore& store_;
  uint64_t position_;
};

}  // namespace factura::eventstore
