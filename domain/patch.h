#pragma once
// Partial-update fields (seed 004): omitted means unchanged, `null` means cleared, a value sets.
//
//   Patch<std::string> notes = Patch<std::string>::Null();
//   notes.ApplyTo(state.notes);   // state.notes is now std::nullopt

#include <optional>
#include <utility>

namespace factura::domain {

template <typename T>
class Patch {
 public:
  enum class Op : uint8_t { kOmitted, kClear, kSet };

  Patch() = default;
  static Patch Omitted() { return Patch(); }
  static Patch Null() { return Patch(Op::kClear, T{}); }
  static Patch Set(T value) { return Patch(Op::kSet, std::move(value)); }

  Op op() const { return op_; }
  bool omitted() const { return op_ == Op::kOmitted; }
  bool clears() const { return op_ == Op::kClear; }
  bool sets() const { return op_ == Op::kSet; }
  // Only meaningful when `sets()`.
  const T& value() const { return value_; }

  void ApplyTo(std::optional<T>& field) const {
    if (op_ == Op::kClear) field.reset();
    if (op_ == Op::kSet) field = value_;
  }
  // For fields that cannot be cleared; the decision has already rejected `null` for them.
  void ApplyTo(T& field) const {
    if (op_ == Op::kSet) field = value_;
  }

  friend bool operator==(const Patch&, const Patch&) = default;

 private:
  Patch(Op op, T value) : op_(op), value_(std::move(value)) {}
  Op op_ = Op::kOmitted;
  T value_{};
};

}  // namespace factura::domain
