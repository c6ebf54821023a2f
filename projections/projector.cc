#include "projections/projector.h"

#include <pthread.h>

#include <filesystem>

#include "eventstore/subscription.h"
#include "projections/schema.h"

namespace factura::projections {
namespace {

void RemoveDatabase(const std::string& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ignored);
}

}  // namespace

domain::Result<uint64_t> Rebuild(const eventstore::EventStore& store, const std::string& path,
                                 const RebuildProgress& progress) {
  std::string building = path + ".rebuild";
  RemoveDatabase(building);
  uint64_t head = store.HeadPosition();
  {
    auto writer = ReadModelWriter::Open(store, building);
    if (!writer) return std::unexpected(writer.error());
    // Bounded batches, each one transaction.
    std::vector<eventstore::EventRecord> owned;
    while ((*writer)->checkpoint() < head) {
      std::vector<RecordRef> batch;
      auto scanned = store.ReadLog((*writer)->checkpoint() + 1, 4 * Projector::kMaxBatch);
      if (!scanned) return std::unexpected(scanned.error());
      if (scanned->empty()) break;
      owned = std::move(*scanned);
      for (const eventstore::EventRecord& record : owned) batch.push_back(RecordRef::Of(record));
      FACTURA_TRY((*writer)->Apply(batch));
      if (progress) progress((*writer)->checkpoint(), head);
    }
    head = (*writer)->checkpoint();
  }
  // The new file is complete and closed: swap it in.
  std::error_code error;
  for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(path + suffix, error);
  std::filesystem::rename(building, path, error);
  if (error) {
    return domain::Reject(domain::ErrorKind::kInternal, "rebuild_swap_failed", "",
                          "Cannot move " + building + " to " + path + ": " + error.message());
  }
  return head;
}

domain::Result<std::unique_ptr<Projector>> Projector::Start(const eventstore::EventStore& store,
                                                            const std::string& path) {
  auto writer = ReadModelWriter::Open(store, path);
  if (!writer) return std::unexpected(writer.error());
  if ((*writer)->schema_version() != kSchemaVersion) {
    writer->reset();
    auto rebuilt = Rebuild(store, path);
    if (!rebuilt) return std::unexpected(rebuilt.error());
    writer = ReadModelWriter::Open(store, path);
    if (!writer) return std::unexpected(writer.error());
  }
  return std::unique_ptr<Projector>(new Projector(store, path, std::move(*writer)));
}

Projector::Projector(const eventstore::EventStore& store, std::string path,
                     std::unique_ptr<ReadModelWriter> writer)
    : store_(store), path_(std::move(path)), writer_(std::move(writer)) {
  checkpoint_ = writer_->checkpoint();
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "projector");
    Run();
  });
}

Projector::~Projector() {
  stopping_ = true;
  thread_.join();
}

void Projector::Run() {
  eventstore::Subscription subscription(store_, writer_->checkpoint());
  while (!stopping_) {
    auto records = subscription.Next(kMaxBatch, std::chrono::milliseconds(100));
    domain::Result<void> applied;
    if (!records) {
      applied = std::unexpected(records.error());
    } else if (!records->empty()) {
      std::vector<RecordRef> batch;
      batch.reserve(records->size());
      for (const eventstore::EventRecord& record : *records) batch.push_back(RecordRef::Of(record));
      applied = writer_->Apply(batch);
    }
    if (!applied) {
      std::lock_guard lock(mutex_);
      failure_ = applied.error();
      advanced_.notify_all();
      return;
    }
    if (records->empty()) continue;
    {
      std::lock_guard lock(mutex_);
      checkpoint_ = writer_->checkpoint();
    }
    advanced_.notify_all();
  }
}

bool Projector::WaitFor(uint64_t position, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return advanced_.wait_for(lock, timeout, [&] {
    return checkpoint_.load() >= position || failure_;
  }) && checkpoint_.load() >= position;
}

std::optional<domain::Error> Projector::failure() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

}  // namespace factura::projections
