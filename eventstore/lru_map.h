#pragma once
// A bounded map that forgets its least recently used entry when full: every operation is O(1),
// so a cache of millions of entries never stalls its owner with a bulk clean-up.
//
//   LruMap<std::string, uint64_t> heads(1 << 20);
//   heads.Put("org_1/inv_1", 3);
//   if (const uint64_t* version = heads.Find("org_1/inv_1")) ...
//
// Not thread-safe: one owner (the writer thread).

#include <list>
#include <string>
#include <unordered_map>
#include <utility>

namespace factura::eventstore {

template <typename Value>
class LruMap {
 public:
  explicit LruMap(size_t capacity) : capacity_(capacity < 1 ? 1 : capacity) {}

  // The value, now the most recently used; nullptr when absent. Valid until the next Put.
  Value* Find(const std::string& key) {
    auto found = index_.find(key);
    if (found == index_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, found->second);
    return &found->second->second;
  }

  // Inserts or replaces; forgets the least recently used entry when over capacity.
  void Put(const std::string& key, Value value) {
    if (Value* existing = Find(key)) {
      *existing = std::move(value);
      return;
    }
    entries_.emplace_front(key, std::move(value));
    index_.emplace(key, entries_.begin());
    if (index_.size() > capacity_) {
      index_.erase(entries_.back().first);
      entries_.pop_back();
    }
  }

  void Erase(const std::string& key) {
    auto found = index_.find(key);
    if (found == index_.end()) return;
    entries_.erase(found->second);
    index_.erase(found);
  }

  void Clear() {
    index_.clear();
    entries_.clear();
  }
  size_t size() const { return index_.size(); }

 private:
  size_t capacity_;
  std::list<std::pair<std::string, Value>> entries_;  // most recently used first
  std::unordered_map<std::string, typename std::list<std::pair<std::string, Value>>::iterator>
      index_;
};

}  // namespace factura::eventstore
