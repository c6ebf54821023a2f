#include "api/http/json_input.h"

#include <simdjson.h>

#include <charconv>

namespace factura::api {
namespace {

namespace od = simdjson::ondemand;

std::unexpected<domain::Error> Malformed(std::string message) {
  return domain::Reject(domain::ErrorKind::kMalformed, "malformed_json", "", std::move(message));
}

std::unexpected<domain::Error> WrongType(std::string param, const char* expected,
                                         const JsonValue& got) {
  return domain::Invalid("invalid_type", std::move(param),
                         std::string("Expected ") + expected + ", got " + got.TypeName());
}

domain::Result<JsonValue> Convert(od::value value, int depth);

domain::Result<JsonValue> ConvertObject(od::object object, int depth) {
  auto result = std::make_shared<JsonObject>();
  for (auto field : object) {
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) return Malformed("Bad object key");
    od::value child;
    if (field.value().get(child) != simdjson::SUCCESS) return Malformed("Bad object value");
    auto converted = Convert(child, depth + 1);
    if (!converted) return std::unexpected(converted.error());
    for (const auto& [existing, ignored] : *result) {
      if (existing == key) return Malformed("Duplicate key '" + std::string(key) + "'");
    }
    result->emplace_back(std::string(key), std::move(*converted));
  }
  return JsonValue{result};
}

domain::Result<JsonValue> Convert(od::value value, int depth) {
  if (depth > kMaxJsonDepth) return Malformed("The JSON nests too deeply");
  od::json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) return Malformed("Malformed JSON");
  switch (type) {
    case od::json_type::object: {
      od::object object;
      if (value.get_object().get(object) != simdjson::SUCCESS) return Malformed("Bad object");
      return ConvertObject(object, depth);
    }
    case od::json_type::array: {
      od::array array;
      if (value.get_array().get(array) != simdjson::SUCCESS) return Malformed("Bad array");
      auto result = std::make_shared<JsonArray>();
      for (auto element : array) {
        od::value child;
        if (element.get(child) != simdjson::SUCCESS) return Malformed("Bad array element");
        auto converted = Convert(child, depth + 1);
        if (!converted) return std::unexpected(converted.error());
        result->push_back(std::move(*converted));
      }
      return JsonValue{result};
    }
    case od::json_type::string: {
      std::string_view text;
      if (value.get_string().get(text) != simdjson::SUCCESS) return Malformed("Bad string");
      return JsonValue{std::string(text)};
    }
    case od::json_type::number: {
      std::string_view raw = value.raw_json_token();
      while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' ||
                              raw.back() == '\t')) {
        raw.remove_suffix(1);
      }
      double ignored;  // validates the grammar; the text is what we keep
      if (value.get_double().get(ignored) != simdjson::SUCCESS &&
          raw.find_first_not_of("-0123456789.eE+") != std::string_view::npos) {
        return Malformed("Bad number");
      }
      return JsonValue{JsonNumber{std::string(raw)}};
    }
    case od::json_type::boolean: {
      bool flag;
      if (value.get_bool().get(flag) != simdjson::SUCCESS) return Malformed("Bad boolean");
      return JsonValue{flag};
    }
    case od::json_type::null:
      if (!value.is_null()) return Malformed("Bad null");
      return JsonValue{nullptr};
  }
  return Malformed("Malformed JSON");
}

}  // namespace

const char* JsonValue::TypeName() const {
  switch (value.index()) {
    case 0:
      return "null";
    case 1:
      return "a boolean";
    case 2:
      return "a string";
    case 3:
      return "a number";
    case 4:
      return "an array";
    default:
      return "an object";
  }
}

domain::Result<JsonBody> JsonBody::Parse(std::string_view text) {
  simdjson::padded_string padded(text);
  // The DOM parser validates the whole text strictly (trailing content included); on-demand then
  // walks it keeping each number's own text.
  thread_local simdjson::dom::parser validator;
  simdjson::dom::element ignored;
  if (validator.parse(padded).get(ignored) != simdjson::SUCCESS) {
    return Malformed("The body is not valid JSON");
  }
  thread_local od::parser parser;
  od::document document;
  if (parser.iterate(padded).get(document) != simdjson::SUCCESS) {
    return Malformed("The body is not valid JSON");
  }
  od::object object;
  auto error = document.get_object().get(object);
  if (error == simdjson::INCORRECT_TYPE) {
    return domain::Reject(domain::ErrorKind::kMalformed, "invalid_body", "",
                          "The body must be a JSON object");
  }
  if (error != simdjson::SUCCESS) return Malformed("The body is not valid JSON");
  auto converted = ConvertObject(object, 1);
  if (!converted) return std::unexpected(converted.error());
  JsonBody body;
  body.root_ = std::get<std::shared_ptr<JsonObject>>(converted->value);
  body.fields_ = std::make_shared<JsonFields>(*body.root_, "");
  return body;
}

JsonFields::JsonFields(const JsonObject& object, std::string path)
    : object_(&object), path_(std::move(path)), read_(object.size(), false) {}

std::string JsonFields::Param(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const JsonValue* JsonFields::Find(std::string_view key) {
  for (size_t i = 0; i < object_->size(); ++i) {
    if ((*object_)[i].first == key) {
      read_[i] = true;
      return &(*object_)[i].second;
    }
  }
  return nullptr;
}

bool JsonFields::Has(std::string_view key) const {
  for (const auto& [name, ignored] : *object_) {
    if (name == key) return true;
  }
  return false;
}

domain::Result<std::string> JsonFields::RequiredString(std::string_view key) {
  auto value = OptionalString(key);
  if (!value) return std::unexpected(value.error());
  if (!*value) return domain::Invalid("missing_field", Param(key), "This field is required");
  return **value;
}

domain::Result<std::optional<std::string>> JsonFields::OptionalString(std::string_view key) {
  const JsonValue* value = Find(key);
  if (value == nullptr || std::holds_alternative<std::nullptr_t>(value->value)) {
    return std::optional<std::string>{};
  }
  if (auto* text = std::get_if<std::string>(&value->value)) return std::optional(*text);
  return WrongType(Param(key), "a string", *value);
}

domain::Result<domain::Patch<std::string>> JsonFields::PatchString(std::string_view key) {
  const JsonValue* value = Find(key);
  if (value == nullptr) return domain::Patch<std::string>::Omitted();
  if (std::holds_alternative<std::nullptr_t>(value->value))
    return domain::Patch<std::string>::Null();
  if (auto* text = std::get_if<std::string>(&value->value)) {
    return domain::Patch<std::string>::Set(*text);
  }
  return WrongType(Param(key), "a string or null", *value);
}

domain::Result<std::optional<std::string>> JsonFields::OptionalNumber(std::string_view key) {
  const JsonValue* value = Find(key);
  if (value == nullptr || std::holds_alternative<std::nullptr_t>(value->value)) {
    return std::optional<std::string>{};
  }
  if (auto* number = std::get_if<JsonNumber>(&value->value)) return std::optional(number->text);
  return WrongType(Param(key), "a number", *value);
}

domain::Result<domain::Patch<std::string>> JsonFields::PatchNumber(std::string_view key) {
  const JsonValue* value = Find(key);
  if (value == nullptr) return domain::Patch<std::string>::Omitted();
  if (std::holds_alternative<std::nullptr_t>(value->value))
    return domain::Patch<std::string>::Null();
  if (auto* number = std::get_if<JsonNumber>(&value->value)) {
    return domain::Patch<std::string>::Set(number->text);
  }
  return WrongType(Param(key), "a number or null", *value);
}

domain::Result<std::optional<int64_t>> JsonFields::OptionalInteger(std::string_view key) {
  auto text = OptionalNumber(key);
  if (!text) return std::unexpected(text.error());
  if (!*text) return std::optional<int64_t>{};
  int64_t value = 0;
  auto [end, error] = std::from_chars((*text)->data(), (*text)->data() + (*text)->size(), value);
  if (error != std::errc() || end != (*text)->data() + (*text)->size()) {
    return domain::Invalid("invalid_integer", Param(key), "Expected a whole number");
  }
  return std::optional(value);
}

namespace {

template <typename Int>
domain::Result<domain::Patch<Int>> ParseWholePatch(const domain::Patch<std::string>& text,
                                                   const std::string& param) {
  if (text.omitted()) return domain::Patch<Int>::Omitted();
  if (text.clears()) return domain::Patch<Int>::Null();
  Int value = 0;
  const std::string& digits = text.value();
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size()) {
    return domain::Invalid("invalid_integer", param, "Expected a whole number");
  }
  return domain::Patch<Int>::Set(value);
}

}  // namespace

domain::Result<domain::Patch<int32_t>> JsonFields::PatchInt32(std::string_view key) {
  auto text = PatchNumber(key);
  if (!text) return std::unexpected(text.error());
  return ParseWholePatch<int32_t>(*text, Param(key));
}

domain::Result<domain::Patch<int64_t>> JsonFields::PatchInt64(std::string_view key) {
  auto text = PatchNumber(key);
  if (!text) return std::unexpected(text.error());
  return ParseWholePatch<int64_t>(*text, Param(key));
}

domain::Result<std::optional<bool>> JsonFields::OptionalBool(std::string_view key) {
  const JsonValue* value = Find(key);
  if (value == nullptr || std::holds_alternative<std::nullptr_t>(value->value)) {
    return std::optional<bool>{};
  }
  if (auto* flag = std::get_if<bool>(&value->value)) return std::optional(*flag);
  return WrongType(Param(key), "true or false", *value);
}

domain::Result<std::optional<std::vector<std::string>>> JsonFields::OptionalStringArray(
    std::string_view key) {
  const JsonValue* value = Find(key);
  if (value == nullptr || std::holds_alternative<std::nullptr_t>(value->value)) {
    return std::optional<std::vector<std::string>>{};
  }
  auto* array = std::get_if<std::shared_ptr<JsonArray>>(&value->value);
  if (array == nullptr) return WrongType(Param(key), "an array of strings", *value);
  std::vector<std::string> strings;
  for (size_t i = 0; i < (*array)->size(); ++i) {
    auto* text = std::get_if<std::string>(&(**array)[i].value);
    if (text == nullptr) {
      return WrongType(Param(key) + "[" + std::to_string(i) + "]", "a string", (**array)[i]);
    }
    strings.push_back(*text);
  }
  return std::optional(std::move(strings));
}

JsonFields::Presence JsonFields::PresenceOf(std::string_view key) {
  const JsonValue* value = Find(key);
  if (value == nullptr) return Presence::kOmitted;
  if (std::holds_alternative<std::nullptr_t>(value->value)) return Presence::kNull;
  return Presence::kPresent;
}

domain::Result<std::optional<JsonFields>> JsonFields::OptionalObject(std::string_view key) {
  const JsonValue* value = Find(key);
  if (value == nullptr || std::holds_alternative<std::nullptr_t>(value->value)) {
    return std::optional<JsonFields>{};
  }
  auto* object = std::get_if<std::shared_ptr<JsonObject>>(&value->value);
  if (object == nullptr) return WrongType(Param(key), "an object", *value);
  return std::optional(JsonFields(**object, Param(key)));
}

domain::Result<std::optional<std::vector<JsonFields>>> JsonFields::OptionalObjectArray(
    std::string_view key) {
  const JsonValue* value = Find(key);
  if (value == nullptr || std::holds_alternative<std::nullptr_t>(value->value)) {
    return std::optional<std::vector<JsonFields>>{};
  }
  auto* array = std::get_if<std::shared_ptr<JsonArray>>(&value->value);
  if (array == nullptr) return WrongType(Param(key), "an array of objects", *value);
  std::vector<JsonFields> objects;
  for (size_t i = 0; i < (*array)->size(); ++i) {
    auto* object = std::get_if<std::shared_ptr<JsonObject>>(&(**array)[i].value);
    std::string param = Param(key) + "[" + std::to_string(i) + "]";
    if (object == nullptr) return WrongType(param, "an object", (**array)[i]);
    objects.emplace_back(**object, param);
  }
  return std::optional(std::move(objects));
}

domain::Result<void> JsonFields::ReadStrings(StringFields fields) {
  for (const auto& [key, into] : fields) {
    auto value = OptionalString(key);
    if (!value) return std::unexpected(value.error());
    *into = std::move(*value);
  }
  return {};
}

domain::Result<void> JsonFields::ReadNumbers(StringFields fields) {
  for (const auto& [key, into] : fields) {
    auto value = OptionalNumber(key);
    if (!value) return std::unexpected(value.error());
    *into = std::move(*value);
  }
  return {};
}

domain::Result<void> JsonFields::ReadPatches(PatchFields fields) {
  for (const auto& [key, into] : fields) {
    auto value = PatchString(key);
    if (!value) return std::unexpected(value.error());
    *into = std::move(*value);
  }
  return {};
}

domain::Result<void> JsonFields::RejectUnknownFields() const {
  for (size_t i = 0; i < object_->size(); ++i) {
    if (!read_[i]) {
      std::string param = Param((*object_)[i].first);
      return domain::Reject(domain::ErrorKind::kMalformed, "unknown_parameter", param,
                            "Unknown field '" + param + "'");
    }
  }
  return {};
}

}  // namespace factura::api
