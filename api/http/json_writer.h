#pragma once
// A small JSON writer for responses. Boost.JSON cannot emit a number as given text, and money
// must go out exactly as the currency writes it ("7128.00", not 7128): `RawNumber` does that.
//
//   JsonWriter json;
//   json.BeginObject().Key("id").String("cus_1").Key("total").RawNumber("7128.00").EndObject();
//   std::string body = std::move(json).Take();
//
// The caller keeps the nesting right; a debug build asserts it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace factura::api {

class JsonWriter {
 public:
  // Room for a typical body (an invoice with a few lines is ~1.6 KB) before the first growth.
  JsonWriter() { out_.reserve(2048); }

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // The value, or null when there is none.
  JsonWriter& StringOrNull(const std::optional<std::string>& value);
  JsonWriter& IntOrNull(const std::optional<int64_t>& value);
  // A number already in JSON syntax (validated by whoever formatted it).
  JsonWriter& RawNumber(std::string_view number);
  // Splices a complete JSON value.
  JsonWriter& RawJson(std::string_view json);

  const std::string& text() const { return out_; }
  std::string Take() && { return std::move(out_); }

 private:
  void BeforeValue();
  std::string out_;
  std::vector<bool> first_in_scope_;  // per open object/array: no comma needed yet
  bool after_key_ = false;
};

// Appends `value` to `out` as a JSON string literal (quotes included), escaping as RFC 8259 asks.
void AppendJsonString(std::string& out, std::string_view value);

}  // namespace factura::api
