#include "eventstore/rocks_status.h"

#include <string>

namespace factura::eventstore {

domain::Error FromRocks(const rocksdb::Status& status, std::string_view what) {
  std::string message = std::string(what) + ": " + status.ToString();
  if (status.IsCorruption()) {
    return domain::Error{domain::ErrorKind::kDataLoss, "storage_corrupt", "", std::move(message)};
  }
  if (status.IsBusy() || status.IsTimedOut() || status.IsTryAgain() ||
      (status.IsIOError() && status.ToString().find("lock") != std::string::npos)) {
    return domain::Error{domain::ErrorKind::kUnavailable, "storage_unavailable", "",
                         std::move(message)};
  }
  return domain::Error{domain::ErrorKind::kInternal, "storage_error", "", std::move(message)};
}

}  // namespace factura::eventstore
