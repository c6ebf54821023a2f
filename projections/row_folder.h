#pragma once
// The folding half of the projector: turns log records into the rows they change (staged_rows.h),
// with no SQLite. Rows are derived from aggregate states folded with the domain's own Evolve, so
// a list shows exactly what a read by id shows. States touched recently stay in a bounded cache;
// a state not cached is folded from its stream in the log up to the version before the record's
// (never past it), so two rebuilds of one log write the same rows.
//
//   RowFolder folder(store);
//   for (const RecordRef& record : records) FACTURA_TRY(folder.Fold(record, rows));
//   folder.Finish(rows);   // the rows of every state the batch changed
//
// A rebuild folds on one thread while the writer writes the batch before on another.
// Thread safety: one thread at a time.

#include <map>
#include <string>
#include <vector>

#include "domain/any_state.h"
#include "eventstore/event_store.h"
#include "eventstore/lru_map.h"
#include "projections/staged_rows.h"

namespace factura::projections {

// The fields of a log record the read models look at (from an EventRecord or a view).
struct RecordRef {
  uint64_t position = 0;
  std::string_view stream_id;
  uint64_t stream_version = 0;
  std::string_view type;
  uint32_t schema_version = 0;
  std::string_view organization_id;
  std::string_view payload;
  std::string_view event_id;
  domain::Timestamp recorded_at;

  static RecordRef Of(const eventstore::EventRecord& record);
  static RecordRef Of(const eventstore::EventRecordView& record);
};

class RowFolder {
 public:
  explicit RowFolder(const eventstore::EventStore& store, size_t max_cached_states = 100'000);

  // Folds `record` into its aggregate's state and stages the rows it adds (webhook events,
  // amount-due movements); the aggregate's own row comes with Finish. Records must come in log
  // order. Errors: the store's and the codec's; then Forget before folding anything else.
  [[nodiscard]] domain::Result<void> Fold(const RecordRef& record, StagedRows& rows);

  // Stages the rows of the states changed since the last Finish, and starts a new batch.
  void Finish(StagedRows& rows);

  // True when the batch changed as many states as the cache holds: Finish before folding more,
  // so that no state of the batch can be forgotten before its row is staged.
  bool full() const { return touched_.size() + 1 >= states_.capacity(); }

  // Forgets every state: after a fold failed, or a batch's rows were not written, the cached
  // states are ahead of the read models. (Organizations' numbers stay: they never change.)
  void Forget();

  // An organization's number (schema.h) found in the read models: a folder continuing them
  // must know every number they hold before it folds.
  void KnowOrganization(std::string id, int64_t number);

 private:
  struct Cached {
    int64_t organization = 0;  // its number
    domain::AnyState state;
    uint64_t batch = 0;  // the last batch that changed it
    // Whether the read models may hold its row already (staged in an earlier batch, or the
    // stream has records before the ones folded here): then its rows are replaced, not added.
    bool may_have_row = false;
  };
  // The record's aggregate's state before it, now touched by this batch; nullptr for a stream
  // of no aggregate kind.
  [[nodiscard]] domain::Result<Cached*> StateBefore(const RecordRef& record, StagedRows& rows);
  static void StageRow(Cached& cached, StagedRows& rows);
  // The organization's number: known, or `position` when this is the first record of it the
  // read models see (the same record in every build from one log). Stages its row once a batch.
  int64_t OrganizationNumber(std::string_view id, uint64_t position, StagedRows& rows);

  const eventstore::EventStore& store_;
  eventstore::LruMap<Cached> states_;  // stream id → state as of the last record folded
  std::vector<Cached*> touched_;       // this batch's, in the order first changed
  struct Organization {
    int64_t number;
    uint64_t batch;  // the last batch that staged its row
  };
  std::map<std::string, Organization, std::less<>> organizations_;  // by id: a few
  uint64_t batch_ = 1;
};

}  // namespace factura::projections
