#include "api/http/read_your_writes.h"

#include <algorithm>

namespace factura::api {

void ReadYourWrites::Wrote(const std::string& organization_id, uint64_t position) {
  std::lock_guard lock(mutex_);
  uint64_t& last = last_written_[organization_id];
  last = std::max(last, position);
}

uint64_t ReadYourWrites::LastWritten(const std::string& organization_id) {
  std::lock_guard lock(mutex_);
  auto it = last_written_.find(organization_id);
  return it == last_written_.end() ? 0 : it->second;
}

bool ReadYourWrites::WaitFor(projections::Projector& projector, const std::string& organization_id,
                             uint64_t min_position) {
  uint64_t wanted = std::max(LastWritten(organization_id), min_position);
  return projector.checkpoint() >= wanted || projector.WaitFor(wanted, kMaxWait);
}

}  // namespace factura::api
