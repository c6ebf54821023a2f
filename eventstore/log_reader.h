#pragma once
// Read-only access to a store's log for operator tools: verify, export, show. Opens RocksDB in
// read-only mode, so it works on a store a server has open, and on one whose head no longer
// verifies (which EventStore::Open refuses).

#include <functional>
#include <memory>
#include <string>

#include "eventstore/record.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace factura::eventstore {

class LogReader {
 public:
  // Errors: kNotFound `store_not_found`, kInternal/kDataLoss from RocksDB.
  [[nodiscard]] static domain::Result<std::unique_ptr<LogReader>> Open(const std::string& path);
  ~LogReader();

  // The position of the last record in the log (0 when empty), and the head stored beside it.
  uint64_t LastPosition() const;
  [[nodiscard]] domain::Result<std::pair<uint64_t, Hash>> StoredHead() const;

  // Calls `visit` with each raw record (its key's position and its bytes) from `from_position`
  // on, in order, until it returns false. Errors: RocksDB's.
  [[nodiscard]] domain::Result<void> ForEachRaw(
      uint64_t from_position,
      const std::function<bool(uint64_t position, std::string_view bytes)>& visit) const;

  // The positions of a stream's events, in version order.
  [[nodiscard]] domain::Result<std::vector<uint64_t>> StreamPositions(
      std::string_view stream_id) const;
  [[nodiscard]] domain::Result<EventRecord> Read(uint64_t position) const;

 private:
  LogReader() = default;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

}  // namespace factura::eventstore
