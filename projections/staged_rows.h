#pragma once
// The rows a batch of log records produces, ready to write: what the folding half of the
// projector (row_folder.h) hands to the SQLite half (read_model_writer.h). Values are kept back
// to back, text in one buffer, so a batch costs a few growing vectors instead of a string per
// value, and the writer binds them without copying (they do not change while it writes).
//
//   rows.Int(org).Text(id).Int(amount).Null().End(RowKind::kPayment);
//
// Not thread-safe: filled by one thread, then handed whole to another.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"

namespace factura::projections {

// What a row is, which says which statement writes it (read_model_writer.cc).
enum class RowKind : uint8_t {
  kEvent,
  kMovement,
  kInvoice,
  kInvoiceTaxesCleared,  // before an invoice's taxes, when its row may have had others
  kInvoiceTax,
  kCustomer,
  kPayment,
  kProduct,
  kTaxRate,
  kApiKey,
  kWebhookEndpoint,
  kOrganization,  // its id and number (schema.h)
};

class StagedRows {
 public:
  struct Value {
    enum class Type : uint8_t { kNull, kInt, kText } type;
    int64_t number;   // kInt: the value; kText: the offset into the text buffer
    uint32_t length;  // kText
  };
  struct Row {
    RowKind kind;
    uint32_t first;  // index of its first value
    uint32_t count;
    bool may_exist;  // false: the aggregate's first row, which no earlier batch wrote
  };

  StagedRows& Int(int64_t value) {
    values_.push_back({Value::Type::kInt, value, 0});
    return *this;
  }
  StagedRows& Text(std::string_view value) {
    values_.push_back({Value::Type::kText, static_cast<int64_t>(text_.size()),
                       static_cast<uint32_t>(value.size())});
    text_.append(value);
    return *this;
  }
  StagedRows& Text(const std::string& value) { return Text(std::string_view(value)); }
  StagedRows& Text(const char* value) { return Text(std::string_view(value)); }
  StagedRows& Text(const std::optional<std::string>& value) {
    return value ? Text(std::string_view(*value)) : Null();
  }
  StagedRows& Int(const std::optional<int64_t>& value) { return value ? Int(*value) : Null(); }
  StagedRows& Null() {
    values_.push_back({Value::Type::kNull, 0, 0});
    return *this;
  }
  // Ends the row made of the values added since the last End.
  void End(RowKind kind, bool may_exist = true) {
    rows_.push_back(
        {kind, row_start_, static_cast<uint32_t>(values_.size()) - row_start_, may_exist});
    row_start_ = static_cast<uint32_t>(values_.size());
  }

  const std::vector<Row>& rows() const { return rows_; }
  const Value& value(const Row& row, uint32_t column) const { return values_[row.first + column]; }
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
    row_start_ = 0;
    records = 0;
    last_position = 0;
    first_recorded_at = {};
  }

 private:
  std::vector<Row> rows_;
  std::vector<Value> values_;
  std::string text_;
  uint32_t row_start_ = 0;
};

}  // namespace factura::projections
