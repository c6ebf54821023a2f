#include "eventstore/log_reader.h"

#include <rocksdb/db.h>

#include <cstring>
#include <filesystem>

#include "eventstore/rocks_status.h"

namespace factura::eventstore {
namespace {

constexpr int kLog = 1, kStreams = 2, kMeta = 4;

}  // namespace

domain::Result<std::unique_ptr<LogReader>> LogReader::Open(const std::string& path) {
  if (!std::filesystem::exists(std::filesystem::path(path) / "CURRENT")) {
    return domain::Reject(domain::ErrorKind::kNotFound, "store_not_found", "",
                          "No event store at " + path);
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> families{{rocksdb::kDefaultColumnFamilyName, {}},
                                                        {"log", {}},
                                                        {"streams", {}},
                                                        {"idempotency", {}},
                                                        {"meta", {}}};
  rocksdb::DBOptions options;
  options.paranoid_checks = true;
  rocksdb::DB* raw = nullptr;
  std::unique_ptr<LogReader> reader(new LogReader());
  rocksdb::Status status =
      rocksdb::DB::OpenForReadOnly(options, path, families, &reader->handles_, &raw);
  if (!status.ok()) return std::unexpected(FromRocks(status, "opening " + path));
  reader->db_.reset(raw);
  return reader;
}

LogReader::~LogReader() {
  for (rocksdb::ColumnFamilyHandle* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
}

uint64_t LogReader::LastPosition() const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator({}, handles_[kLog]));
  it->SeekToLast();
  return it->Valid() ? DecodeU64(it->key().ToStringView()) : 0;
}

domain::Result<std::pair<uint64_t, Hash>> LogReader::StoredHead() const {
  std::string value;
  rocksdb::Status status = db_->Get({}, handles_[kMeta], "head", &value);
  Hash hash{};
  if (status.IsNotFound()) return std::pair<uint64_t, Hash>{0, hash};
  if (!status.ok()) return std::unexpected(FromRocks(status, "reading the head"));
  if (value.size() != 8 + hash.size()) {
    return domain::Reject(domain::ErrorKind::kDataLoss, "corrupt_head", "", "The head is corrupt");
  }
  std::memcpy(hash.data(), value.data() + 8, hash.size());
  return std::pair{DecodeU64(value), hash};
}

domain::Result<void> LogReader::ForEachRaw(
    uint64_t from_position,
    const std::function<bool(uint64_t position, std::string_view bytes)>& visit) const {
  rocksdb::ReadOptions options;
  options.readahead_size = 4 << 20;
  options.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options, handles_[kLog]));
  for (it->Seek(LogKey(std::max<uint64_t>(from_position, 1))); it->Valid(); it->Next()) {
    if (it->key().size() != 8) {
      return domain::Reject(domain::ErrorKind::kDataLoss, "corrupt_record", "",
                            "A log key is not a position");
    }
    if (!visit(DecodeU64(it->key().ToStringView()), it->value().ToStringView())) return {};
  }
  if (!it->status().ok()) return std::unexpected(FromRocks(it->status(), "reading the log"));
  return {};
}

domain::Result<std::vector<uint64_t>> LogReader::StreamPositions(std::string_view stream_id) const {
  FACTURA_TRY(ValidateStreamId(stream_id));
  std::string prefix = StreamEventPrefix(stream_id);
  std::vector<uint64_t> positions;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator({}, handles_[kStreams]));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    positions.push_back(DecodeU64(it->value().ToStringView()));
  }
  if (!it->status().ok()) return std::unexpected(FromRocks(it->status(), "reading a stream"));
  return positions;
}

domain::Result<EventRecord> LogReader::Read(uint64_t position) const {
  std::string value;
  rocksdb::Status status = db_->Get({}, handles_[kLog], LogKey(position), &value);
  if (!status.ok()) return std::unexpected(FromRocks(status, "reading a record"));
  return DecodeRecord(value);
}

}  // namespace factura::eventstore
