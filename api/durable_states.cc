#include "api/durable_states.h"

#include <functional>

namespace factura::api {

DurableStates::DurableStates(size_t capacity) {
  for (auto& shard : shards_) shard = std::make_unique<Shard>(capacity / kShards + 1);
}

DurableStates::Shard& DurableStates::ShardOf(const std::string& stream) {
  return *shards_[std::hash<std::string>{}(stream) % kShards];
}

DurableStates::State DurableStates::Get(const std::string& stream) {
  Shard& shard = ShardOf(stream);
  std::lock_guard lock(shard.mutex);
  State* state = shard.states.Find(stream);
  return state == nullptr ? nullptr : *state;
}

uint64_t DurableStates::EpochOf(const std::string& stream) {
  Shard& shard = ShardOf(stream);
  std::lock_guard lock(shard.mutex);
  return shard.epoch;
}

void DurableStates::Put(const std::string& stream, State state, uint64_t epoch) {
  Shard& shard = ShardOf(stream);
  std::lock_guard lock(shard.mutex);
  if (shard.epoch == epoch) shard.states.Put(stream, std::move(state));
}

void DurableStates::Invalidate(const std::string& stream) {
  Shard& shard = ShardOf(stream);
  std::lock_guard lock(shard.mutex);
  ++shard.epoch;
  shard.states.Erase(stream);
}

}  // namespace factura::api
