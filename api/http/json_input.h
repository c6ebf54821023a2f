#pragma once
// Request bodies: parsed once (simdjson on-demand) into a small tree that keeps every number's
// own text, so amounts are read exactly and never through `double`. Field readers check types,
// name the field in their errors, and remember which keys were read so that anything else in the
// body is refused (no mass assignment).
//
//   auto body = JsonBody::Parse(request.body());            // 400 malformed_json
//   auto name = body->RequiredString("name");                // 422 missing_field / invalid_type
//   auto notes = body->PatchString("notes");                 // omitted / null / value
//   FACTURA_TRY(body->RejectUnknownFields());                // 400 unknown_parameter

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "domain/error.h"
#include "domain/patch.h"

namespace factura::api {

struct JsonValue;
using JsonObject = std::vector<std::pair<std::string, JsonValue>>;
using JsonArray = std::vector<JsonValue>;

struct JsonNumber {
  std::string text;  // exactly as sent: "150.00", "1e2"
};

struct JsonValue {
  std::variant<std::nullptr_t, bool, std::string, JsonNumber, std::shared_ptr<JsonArray>,
               std::shared_ptr<JsonObject>>
      value;
  const char* TypeName() const;
};

inline constexpr int kMaxJsonDepth = 16;

// An object being read field by field. Errors carry the field's full path ("billing_address.city").
class JsonFields {
 public:
  JsonFields(const JsonObject& object, std::string path);

  bool Has(std::string_view key) const;
  domain::Result<std::string> RequiredString(std::string_view key);
  domain::Result<std::optional<std::string>> OptionalString(std::string_view key);
  domain::Result<domain::Patch<std::string>> PatchString(std::string_view key);
  // A number's text; a string holding a number is refused (422 invalid_type).
  domain::Result<std::optional<std::string>> OptionalNumber(std::string_view key);
  domain::Result<domain::Patch<std::string>> PatchNumber(std::string_view key);
  domain::Result<std::optional<int64_t>> OptionalInteger(std::string_view key);
  domain::Result<domain::Patch<int32_t>> PatchInt32(std::string_view key);
  domain::Result<domain::Patch<int64_t>> PatchInt64(std::string_view key);
  domain::Result<std::optional<bool>> OptionalBool(std::string_view key);
  domain::Result<std::optional<std::vector<std::string>>> OptionalStringArray(std::string_view key);
  // A nested object (null counts as absent unless `null_is_value`).
  domain::Result<std::optional<JsonFields>> OptionalObject(std::string_view key);
  // For Patch<Object>: the object's fields, or null, or omitted.
  enum class Presence { kOmitted, kNull, kPresent };
  Presence PresenceOf(std::string_view key);
  domain::Result<std::optional<std::vector<JsonFields>>> OptionalObjectArray(std::string_view key);

  // Several optional fields at once, stopping at the first error.
  using StringFields = std::initializer_list<std::pair<const char*, std::optional<std::string>*>>;
  using PatchFields = std::initializer_list<std::pair<const char*, domain::Patch<std::string>*>>;
  domain::Result<void> ReadStrings(StringFields fields);
  domain::Result<void> ReadNumbers(StringFields fields);
  domain::Result<void> ReadPatches(PatchFields fields);

  // 400 `unknown_parameter` naming the first field no reader asked for.
  [[nodiscard]] domain::Result<void> RejectUnknownFields() const;

  const std::string& path() const { return path_; }

 private:
  const JsonValue* Find(std::string_view key);
  std::string Param(std::string_view key) const;

  const JsonObject* object_;
  std::string path_;
  std::vector<bool> read_;
};

class JsonBody {
 public:
  // 400 `malformed_json` (also for depth beyond kMaxJsonDepth), 400 `invalid_body` when the top
  // level is not an object.
  [[nodiscard]] static domain::Result<JsonBody> Parse(std::string_view text);
  // For bodies that may be left out (actions such as /send): "" reads as {}.
  [[nodiscard]] static domain::Result<JsonBody> ParseOptional(std::string_view text) {
    return Parse(text.empty() ? std::string_view("{}") : text);
  }
  JsonFields& fields() { return *fields_; }

 private:
  std::shared_ptr<JsonObject> root_;
  std::shared_ptr<JsonFields> fields_;
};

}  // namespace factura::api
