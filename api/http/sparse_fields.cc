#include "api/http/sparse_fields.h"

namespace factura::api {
namespace {

constexpr size_t kMaxPaths = 50;

// The end of the JSON value starting at `at` (compact JSON as JsonWriter writes it).
size_t ValueEnd(std::string_view json, size_t at) {
  if (at >= json.size()) return json.size();
  char c = json[at];
  if (c == '"') {
    for (size_t i = at + 1; i < json.size(); ++i) {
      if (json[i] == '\\') {
        ++i;
      } else if (json[i] == '"') {
        return i + 1;
      }
    }
    return json.size();
  }
  if (c == '{' || c == '[') {
    int depth = 0;
    for (size_t i = at; i < json.size(); ++i) {
      char d = json[i];
      if (d == '"') {
        i = ValueEnd(json, i) - 1;
      } else if (d == '{' || d == '[') {
        ++depth;
      } else if ((d == '}' || d == ']') && --depth == 0) {
        return i + 1;
      }
    }
    return json.size();
  }
  size_t end = json.find_first_of(",}]", at);
  return end == std::string_view::npos ? json.size() : end;
}

// Whether `path` ("customer.name") is kept, wholly (`whole`) or in part (a longer path under it).
bool Selected(const FieldSet& fields, const std::string& path, bool& whole) {
  whole = fields.contains(path);
  if (whole) return true;
  auto it = fields.lower_bound(path + ".");
  return it != fields.end() && it->starts_with(path + ".");
}

// Copies the object at json[at, end) keeping the selected members under `prefix`.
void FilterObject(std::string_view json, const FieldSet& fields, const std::string& prefix,
                  std::string& out) {
  out += '{';
  bool first = true;
  size_t at = 1;  // after '{'
  while (at < json.size() && json[at] != '}') {
    size_t key_end = ValueEnd(json, at);
    std::string key(json.substr(at + 1, key_end - at - 2));
    size_t value_start = key_end + 1;  // after ':'
    size_t value_end = ValueEnd(json, value_start);
    std::string path = prefix.empty() ? key : prefix + "." + key;
    bool whole = false;
    bool always = prefix.empty() && (key == "id" || key == "object");
    if (always || Selected(fields, path, whole)) {
      if (!first) out += ',';
      first = false;
      out.append(json.substr(at, value_start - at));
      std::string_view value = json.substr(value_start, value_end - value_start);
      if (!always && !whole && value.starts_with('{')) {
        FilterObject(value, fields, path, out);
      } else {
        out.append(value);
      }
    }
    at = value_end < json.size() && json[value_end] == ',' ? value_end + 1 : value_end;
  }
  out += '}';
}

}  // namespace

domain::Result<FieldSet> ParseFields(std::string_view text) {
  FieldSet fields;
  for (size_t at = 0; at <= text.size();) {
    size_t comma = std::min(text.find(',', at), text.size());
    std::string_view path = text.substr(at, comma - at);
    bool valid = !path.empty() && path.front() != '.' && path.back() != '.' &&
                 path.find("..") == std::string_view::npos && fields.size() < kMaxPaths;
    for (char c : path) {
      valid = valid && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.');
    }
    if (!valid) {
      return domain::Invalid("invalid_fields", "fields",
                             "Give up to 50 comma-separated field names or dotted paths");
    }
    fields.emplace(path);
    at = comma + 1;
  }
  return fields;
}

std::string SelectFields(std::string_view json, const FieldSet& fields) {
  if (!json.starts_with('{')) return std::string(json);
  std::string out;
  out.reserve(json.size());
  FilterObject(json, fields, "", out);
  return out;
}

std::vector<std::pair<std::string_view, std::string_view>> Members(std::string_view object) {
  std::vector<std::pair<std::string_view, std::string_view>> members;
  size_t at = 1;  // after '{'
  while (at < object.size() && object[at] != '}') {
    size_t key_end = ValueEnd(object, at);
    std::string_view key = object.substr(at + 1, key_end - at - 2);
    size_t value_end = ValueEnd(object, key_end + 1);
    members.emplace_back(key, object.substr(key_end + 1, value_end - key_end - 1));
    at = value_end < object.size() && object[value_end] == ',' ? value_end + 1 : value_end;
  }
  return members;
}

std::optional<std::string_view> MemberJson(std::string_view object, std::string_view name) {
  for (const auto& [key, value] : Members(object)) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::string SelectFieldsOfList(std::string_view json, const FieldSet& fields) {
  constexpr std::string_view kData = "\"data\":[";
  size_t data = json.find(kData);
  if (data == std::string_view::npos) return std::string(json);
  std::string out(json.substr(0, data + kData.size()));
  size_t at = data + kData.size();
  bool first = true;
  while (at < json.size() && json[at] != ']') {
    size_t end = ValueEnd(json, at);
    if (!first) out += ',';
    first = false;
    out += SelectFields(json.substr(at, end - at), fields);
    at = end < json.size() && json[end] == ',' ? end + 1 : end;
  }
  out.append(json.substr(at));
  return out;
}

}  // namespace factura::api
