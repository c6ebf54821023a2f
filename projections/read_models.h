#pragma once
// The query side's entry point: the projector that keeps the read models current, and a pool of
// read-only connections for queries (SQLite in WAL mode: readers never wait for the writer).
//
//   auto models = ReadModels::Open(store, data_dir + "/readmodels.sqlite");
//   auto connection = (*models)->Acquire();      // returned to the pool when it goes
//   auto page = List(**connection, request);
//
// Thread safety: every method may be called from any thread; a lease is one thread's at a time.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "projections/projector.h"
#include "projections/sqlite.h"

namespace factura::projections {

class ReadModels {
 public:
  class Lease {
   public:
    Lease(ReadModels& owner, std::unique_ptr<Database> db) : owner_(&owner), db_(std::move(db)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (db_) owner_->Return(std::move(db_));
    }
    Database& operator*() { return *db_; }
    Database* operator->() { return db_.get(); }

   private:
    ReadModels* owner_;
    std::unique_ptr<Database> db_;
  };

  // Starts the projector on `path` (rebuilding on a schema change). Errors: the projector's.
  [[nodiscard]] static domain::Result<std::unique_ptr<ReadModels>> Open(
      const eventstore::EventStore& store, const std::string& path);

  // A read-only connection to the read models at `path` and their journal (attached), not
  // pooled. Errors: kInternal `sqlite_error`.
  [[nodiscard]] static domain::Result<std::unique_ptr<Database>> OpenForQueries(
      const std::string& path);

  // A read-only connection: a pooled one, or a new one. Errors: kInternal `sqlite_error`.
  [[nodiscard]] domain::Result<Lease> Acquire();

  Projector& projector() { return *projector_; }

 private:
  static constexpr size_t kMaxIdleConnections = 8;
  explicit ReadModels(std::unique_ptr<Projector> projector) : projector_(std::move(projector)) {}
  void Return(std::unique_ptr<Database> db);

  std::unique_ptr<Projector> projector_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Database>> idle_;
};

}  // namespace factura::projections
