#pragma once
// The rows a batch of log records produces, ready to write: what the folding half of the
// projector (row_folder.h) hands to the SQLite half (read_model_writer.h). Values are kept back
// to back, text in one buffer, so a batch costs a few growing vectors instead of a string per
// value, and the writer binds them without copying (they do not change while it writes). A row
// is a row of one table (projections/tables/), its values set by column; a column not set is NULL.
//
//   rows.Add(tables::kPayments).Int(kPayments["org"], org).Text(kPayments["id"], id);
//
// Not thread-safe: filled by one thread, then handed whole to another.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "projections/tables/table.h"

namespace factura::projections {

class StagedRows {
 public:
  struct Value {
    enum class Type : uint8_t { kNull, kInt, kText } type;
    int64_t number;   // kInt: the value; kText: the offset into the text buffer
    uint32_t length;  // kText
  };
  struct Row {
    const tables::Table* table;
    uint32_t first;  // index of its first value; one value per column of its table
    bool may_exist;  // false: the aggregate's first row, which no earlier batch wrote
    bool removes;    // true: not a row but a removal of the rows of an owner (Remove)
  };

  // Sets the values of the row last added, by column (`table["name"]`).
  class Setter {
   public:
    Setter& Int(size_t column, int64_t value) {
      rows_.values_[first_ + column] = {Value::Type::kInt, value, 0};
      return *this;
    }
    Setter& Int(size_t column, const std::optional<int64_t>& value) {
      return value ? Int(column, *value) : *this;
    }
    Setter& Text(size_t column, std::string_view value) {
      rows_.values_[first_ + column] = {Value::Type::kText,
                                        static_cast<int64_t>(rows_.text_.size()),
                                        static_cast<uint32_t>(value.size())};
      rows_.text_.append(value);
      return *this;
    }
    Setter& Text(size_t column, const std::string& value) {
      return Text(column, std::string_view(value));
    }
    Setter& Text(size_t column, const char* value) { return Text(column, std::string_view(value)); }
    Setter& Text(size_t column, const std::optional<std::string>& value) {
      return value ? Text(column, std::string_view(*value)) : *this;
    }

   private:
    friend class StagedRows;
    Setter(StagedRows& rows, uint32_t first) : rows_(rows), first_(first) {}
    StagedRows& rows_;
    uint32_t first_;
  };

  // A row of `table`, every value NULL until set. `may_exist` false: the aggregate's first row.
  Setter Add(const tables::Table& table, bool may_exist = true) {
    return Append(table, may_exist, false);
  }
  // The removal of `table`'s rows of one owner (tables::Table::owner), the owner columns set
  // like a row's.
  Setter Remove(const tables::Table& table) { return Append(table, true, true); }

  const std::vector<Row>& rows() const { return rows_; }
  const Value& value(const Row& row, size_t column) const { return values_[row.first + column]; }
  std::string_view text(const Value& value) const {
    return std::string_view(text_).substr(static_cast<size_t>(value.number), value.length);
  }
  std::optional<std::string_view> optional_text(const Value& value) const {
    if (value.type == Value::Type::kNull) return std::nullopt;
    return text(value);
  }

  // The records these rows stand for: how many, the last one's position (the checkpoint they
  // bring the read models to) and the first one's commit time.
  size_t records = 0;
  uint64_t last_position = 0;
  domain::Timestamp first_recorded_at;

  // Empty again, keeping the memory for the next batch.
  void Clear() {
    rows_.clear();
    values_.clear();
    text_.clear();
    records = 0;
    last_position = 0;
    first_recorded_at = {};
  }

 private:
  Setter Append(const tables::Table& table, bool may_exist, bool removes) {
    auto first = static_cast<uint32_t>(values_.size());
    values_.resize(values_.size() + table.columns.size(), Value{Value::Type::kNull, 0, 0});
    rows_.push_back({&table, first, may_exist, removes});
    return Setter(*this, first);
  }

  std::vector<Row> rows_;
  std::vector<Value> values_;
  std::string text_;
};

}  // namespace factura::projections
