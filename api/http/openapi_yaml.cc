#include "api/http/openapi_yaml.h"

#include <yaml.h>

#include <boost/json.hpp>
#include <cctype>
#include <cstdlib>

#include "api/http/openapi_document.h"

namespace factura::api {
namespace {

namespace json = boost::json;

// Whether a plain (unquoted) scalar `text` would be read back as something other than a string.
bool ReadsAsNonString(std::string_view text) {
  if (text.empty()) return true;
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view word : {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"}) {
    if (lower == word) return true;
  }
  std::string copy(text);
  char* end = nullptr;
  std::strtod(copy.c_str(), &end);
  return end == copy.c_str() + copy.size();  // a number
}

class Emitter {
 public:
  Emitter() {
    yaml_emitter_initialize(&emitter_);
    yaml_emitter_set_output(&emitter_, &Emitter::Write, this);
    yaml_emitter_set_unicode(&emitter_, 1);
    yaml_emitter_set_width(&emitter_, 100);
  }
  ~Emitter() { yaml_emitter_delete(&emitter_); }
  Emitter(const Emitter&) = delete;
  Emitter& operator=(const Emitter&) = delete;

  bool Document(const json::value& root) {
    yaml_event_t event;
    yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING);
    if (!Emit(event)) return false;
    yaml_document_start_event_initialize(&event, nullptr, nullptr, nullptr, 1);
    if (!Emit(event) || !Value(root)) return false;
    yaml_document_end_event_initialize(&event, 1);
    if (!Emit(event)) return false;
    yaml_stream_end_event_initialize(&event);
    return Emit(event);
  }

  std::string Take() { return std::move(out_); }

 private:
  static int Write(void* self, unsigned char* buffer, size_t size) {
    static_cast<Emitter*>(self)->out_.append(reinterpret_cast<const char*>(buffer), size);
    return 1;
  }

  bool Emit(yaml_event_t& event) { return yaml_emitter_emit(&emitter_, &event) == 1; }

  bool Scalar(std::string_view text, bool is_string) {
    bool quote = is_string && ReadsAsNonString(text);
    yaml_event_t event;
    yaml_scalar_event_initialize(&event, nullptr, nullptr,
                                 reinterpret_cast<yaml_char_t*>(const_cast<char*>(text.data())),
                                 static_cast<int>(text.size()), quote ? 0 : 1, 1,
                                 quote ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE);
    return Emit(event);
  }

  bool Value(const json::value& value) {
    yaml_event_t event;
    switch (value.kind()) {
      case json::kind::object:
        yaml_mapping_start_event_initialize(&event, nullptr, nullptr, 1, YAML_BLOCK_MAPPING_STYLE);
        if (!Emit(event)) return false;
        for (const auto& [key, member] : value.as_object()) {
          if (!Scalar(key, true) || !Value(member)) return false;
        }
        yaml_mapping_end_event_initialize(&event);
        return Emit(event);
      case json::kind::array: {
        bool empty = value.as_array().empty();  // "[]": a block sequence cannot be empty
        yaml_sequence_start_event_initialize(
            &event, nullptr, nullptr, 1,
            empty ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
        if (!Emit(event)) return false;
        for (const json::value& item : value.as_array()) {
          if (!Value(item)) return false;
        }
        yaml_sequence_end_event_initialize(&event);
        return Emit(event);
      }
      case json::kind::string:
        return Scalar(value.as_string(), true);
      case json::kind::null:
        return Scalar("null", false);
      default:
        return Scalar(json::serialize(value), false);  // numbers and booleans as JSON writes them
    }
  }

  yaml_emitter_t emitter_;
  std::string out_;
};

}  // namespace

std::string JsonToYaml(std::string_view text) {
  boost::system::error_code error;
  json::value root = json::parse(text, error);
  if (error) return {};
  Emitter emitter;
  if (!emitter.Document(root)) return {};
  return emitter.Take();
}

std::string_view OpenApiYaml() {
  static const std::string yaml = JsonToYaml(OpenApiDocument());
  return yaml;
}

}  // namespace factura::api
