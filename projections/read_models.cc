#include "projections/read_models.h"

#include "projections/schema.h"

namespace factura::projections {

domain::Result<std::unique_ptr<ReadModels>> ReadModels::Open(const eventstore::EventStore& store,
                                                             const std::string& path) {
  auto projector = Projector::Start(store, path);
  if (!projector) return std::unexpected(projector.error());
  return std::unique_ptr<ReadModels>(new ReadModels(std::move(*projector)));
}

domain::Result<std::unique_ptr<Database>> ReadModels::OpenForQueries(const std::string& path) {
  auto db = Database::Open(path, Database::Mode::kReadOnly);
  if (!db) return std::unexpected(db.error());
  // The journal: its tables (events, invoice_movements) are found unqualified.
  FACTURA_TRY((*db)->Attach(JournalPath(path), "journal"));
  FACTURA_TRY(
      (*db)->Execute("PRAGMA journal.cache_size=-8192; PRAGMA journal.mmap_size=17179869184;"));
  return db;
}

domain::Result<ReadModels::Lease> ReadModels::Acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<Database> db = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(db));
    }
  }
  auto db = OpenForQueries(projector_->path());
  if (!db) return std::unexpected(db.error());
  return Lease(*this, std::move(*db));
}

void ReadModels::Return(std::unique_ptr<Database> db) {
  std::lock_guard lock(mutex_);
  if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(db));
}

}  // namespace factura::projections
