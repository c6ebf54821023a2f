#pragma once
// Read-your-writes (DESIGN.md §4): a query waits, bounded, until the read models hold the last
// position its organization wrote, so a client reads its own writes without doing anything.
//
//   positions.Wrote("org_1", reply.position);                 // when a write is answered
//   bool fresh = positions.WaitFor(projector, "org_1", 0);    // on the worker pool, before a query
//
// Thread safety: every method may be called from any thread.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "projections/projector.h"

namespace factura::api {

class ReadYourWrites {
 public:
  static constexpr std::chrono::milliseconds kMaxWait{2'000};

  // The last position `organization_id` wrote, as its write was answered.
  void Wrote(const std::string& organization_id, uint64_t position);
  [[nodiscard]] uint64_t LastWritten(const std::string& organization_id);

  // Blocks (at most kMaxWait) until `projector` has applied the organization's last write and
  // `min_position`; false when it had not by then (the answer is stale). Not on an I/O thread.
  [[nodiscard]] bool WaitFor(projections::Projector& projector, const std::string& organization_id,
                             uint64_t min_position);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, uint64_t> last_written_;  // organization → position
};

}  // namespace factura::api
