#pragma once
// The one place rocksdb::Status becomes a domain::Error.

#include <rocksdb/status.h>

#include <string_view>

#include "domain/error.h"

namespace factura::eventstore {

// Corruption → kDataLoss `storage_corrupt`; busy, timed out, lock held → kUnavailable
// `storage_unavailable`; anything else → kInternal `storage_error`. `what` says which operation.
[[nodiscard]] domain::Error FromRocks(const rocksdb::Status& status, std::string_view what);

}  // namespace factura::eventstore
