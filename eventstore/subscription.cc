#include "eventstore/subscription.h"

namespace factura::eventstore {

domain::Result<std::vector<EventRecord>> Subscription::Next(size_t max_count,
                                                            std::chrono::milliseconds wait) {
  if (store_.HeadPosition() <= position_ && store_.WaitForHead(position_, wait) <= position_) {
    return std::vector<EventRecord>{};
  }
  auto records = store_.ReadLog(position_ + 1, max_count);
  if (records && !records->empty()) position_ = records->back().position;
  return records;
}

}  // namespace factura::eventstore
