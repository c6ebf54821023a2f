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
#include <string_view>
#include <unordered_map>
#include <utility>

namespace factura::eventstore {

template <typename Value>
class LruMap {
 public:
  explicit LruMap(size_t capacity) : capacity_(capacity < 1 ? 1 : capacity) {}

  // The value, now the most recently used; nullptr when absent. Valid until the next Put.
  Value* Find(std::string_view key) {
    auto found = index_.find(key);
    if (found == index_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, found->second);
    return &found->second->second;
  }

  // Inserts or replaces; forgets the least recently used entry when over capacity. Returns the
  // value as stored, valid until the next Put.
  Value* Put(std::string_view key, Value value) {
    if (Value* existing = Find(key)) {
      *existing = std::move(value);
      return existing;
    }
    entries_.emplace_front(std::string(key), std::move(value));
    // The index refers to the key stored in the list node, which never moves.
    index_.emplace(entries_.front().first, entries_.begin());
    if (index_.size() > capacity_) {
      index_.erase(entries_.back().first);
      entries_.pop_back();
    }
    return &entries_.front().second;
  }

  void Erase(std::string_view key) {
    auto found = index_.find(key);
    if (found == index_.end()) return;
    auto entry = found->second;
    index_.erase(found);
    entries_.erase(entry);
  }

  void Clear() {
    index_.clear();
    entries_.clear();
  }
  size_t size() const { return index_.size(); }
  size_t capacity() const { return capacity_; }

 private:
  using Entries = std::list<std::pair<std::string, Value>>;
  size_t capacity_;
  Entries entries_;  // most recently used first
  std::unordered_map<std::string_view, typename Entries::iterator> index_;
};

}  // namespace factura::eventstore
