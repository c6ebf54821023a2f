// GET /openapi.yaml's document read back by libyaml's parser is the JSON document, value for
// value: strings YAML would read as numbers, booleans or null ("200", "true") stay strings.
#include "api/http/openapi_yaml.h"

#include <gtest/gtest.h>
#include <yaml.h>

#include <boost/json.hpp>
#include <cstdlib>

#include "api/http/openapi_document.h"

namespace factura::api {
namespace {

namespace json = boost::json;

// A node of a parsed YAML document as JSON: plain scalars resolved as YAML's core schema does.
json::value ToJson(yaml_document_t& document, yaml_node_t* node) {
  switch (node->type) {
    case YAML_MAPPING_NODE: {
      json::object object;
      for (yaml_node_pair_t* pair = node->data.mapping.pairs.start;
           pair < node->data.mapping.pairs.top; ++pair) {
        yaml_node_t* key = yaml_document_get_node(&document, pair->key);
        std::string name(reinterpret_cast<char*>(key->data.scalar.value), key->data.scalar.length);
        object[name] = ToJson(document, yaml_document_get_node(&document, pair->value));
      }
      return object;
    }
    case YAML_SEQUENCE_NODE: {
      json::array array;
      for (yaml_node_item_t* item = node->data.sequence.items.start;
           item < node->data.sequence.items.top; ++item) {
        array.push_back(ToJson(document, yaml_document_get_node(&document, *item)));
      }
      return array;
    }
    case YAML_SCALAR_NODE: {
      std::string text(reinterpret_cast<char*>(node->data.scalar.value), node->data.scalar.length);
      if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return json::string(text);
      if (text == "null") return nullptr;
      if (text == "true" || text == "false") return text == "true";
      char* end = nullptr;
      long long integer = std::strtoll(text.c_str(), &end, 10);
      if (!text.empty() && *end == '\0') return integer;
      double number = std::strtod(text.c_str(), &end);
      if (!text.empty() && *end == '\0') return number;
      return json::string(text);
    }
    default:
      return nullptr;
  }
}

json::value ParseYaml(const std::string& text) {
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  yaml_document_t document;
  json::value value;
  if (yaml_parser_load(&parser, &document) == 1) {
    if (yaml_node_t* root = yaml_document_get_root_node(&document)) value = ToJson(document, root);
    yaml_document_delete(&document);
  }
  yaml_parser_delete(&parser);
  return value;
}

TEST(OpenApiYamlTest, TheYamlDocumentIsTheJsonDocument) {
  std::string yaml(OpenApiYaml());
  ASSERT_FALSE(yaml.empty());
  EXPECT_EQ(ParseYaml(yaml), json::parse(OpenApiDocument()));
  EXPECT_NE(yaml.find("openapi: 3.1.0"), std::string::npos) << yaml.substr(0, 200);
}

TEST(OpenApiYamlTest, AmbiguousStringsStayStrings) {
  std::string source =
      R"({"200":"true","n":"12.5","e":"","x":null,"b":false,"i":7,"s":"plain text","a":[]})";
  EXPECT_EQ(ParseYaml(JsonToYaml(source)), json::parse(source));
  EXPECT_EQ(JsonToYaml("{"), "");
}

}  // namespace
}  // namespace factura::api
