#pragma once
// A bounded cache of durable aggregate states for reads by id. Reads must never see a state
// that is not yet durable (the command processor's own cache runs ahead of the fsync), so this
// cache holds only states folded from the durable log, and the processor invalidates a stream
// once its new events are durable, before the client that wrote them is answered.
//
//   uint64_t epoch = states.EpochOf(stream);       // before reading the log
//   auto folded = ReadAggregate<InvoiceState>(...);   // the durable stream
//   states.Put(stream, folded, epoch);               // refused if the stream changed meanwhile
//   ...
//   if (auto hit = states.Get(stream)) ...           // later reads: no log access at all
//
// Thread safety: every method may be called from any thread (sharded mutexes, held briefly).

#include <array>
#include <memory>
#include <mutex>
#include <string>

#include "api/aggregate_reader.h"
#include "api/api_keys.h"
#include "domain/any_state.h"
#include "eventstore/lru_map.h"

namespace factura::api {

class DurableStates {
 public:
  using State = std::shared_ptr<const domain::AnyState>;

  explicit DurableStates(size_t capacity = 100'000);

  // The cached durable state of `stream` (an organization-qualified stream id), or null.
  State Get(const std::string& stream);

  // A token to pass to Put: read it before reading the stream from the log.
  uint64_t EpochOf(const std::string& stream);

  // Caches `state`, folded from the log after EpochOf returned `epoch`, unless the stream was
  // invalidated since (the fold may then be older than the log).
  void Put(const std::string& stream, State state, uint64_t epoch);

  // The stream has new durable events: forget its state.
  void Invalidate(const std::string& stream);

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    std::mutex mutex;
    uint64_t epoch = 0;  // bumped by every invalidation in the shard
    eventstore::LruMap<State> states;
    explicit Shard(size_t capacity) : states(capacity) {}
  };
  Shard& ShardOf(const std::string& stream);

  std::array<std::unique_ptr<Shard>, kShards> shards_;
};

// The durable state of `id` without leaving the calling thread (blocking: not on an I/O
// thread): the cache, or a fold of the log.
template <typename State>
domain::Result<std::shared_ptr<const State>> DurableStateNow(DurableStates& states,
                                                             const eventstore::EventStore& store,
                                                             const std::string& organization_id,
                                                             const std::string& id) {
  std::string stream = domain::StreamId::Compose(organization_id, id);
  DurableStates::State cached = states.Get(stream);
  if (cached != nullptr && std::holds_alternative<State>(*cached)) {
    return std::shared_ptr<const State>(cached, &std::get<State>(*cached));
  }
  uint64_t epoch = states.EpochOf(stream);
  domain::Result<State> folded = ReadAggregate<State>(store, organization_id, id, std::nullopt);
  if (!folded) return std::unexpected(folded.error());
  bool exists = folded->exists;
  auto any = std::make_shared<const domain::AnyState>(std::move(*folded));
  if (exists) states.Put(stream, any, epoch);
  return std::shared_ptr<const State>(any, &std::get<State>(*any));
}

}  // namespace factura::api
