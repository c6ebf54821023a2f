#pragma once
// The OpenAPI document as YAML, served at GET /openapi.yaml beside /openapi.json: the same
// document (api/http/openapi.json), rendered once through libyaml's emitter.

#include <string>
#include <string_view>

namespace factura::api {

// JSON text → the same data as a YAML 1.2 document (block style; strings that YAML would read as
// something else — "200", "true", "null", "" — quoted). An empty string when `json` does not parse.
[[nodiscard]] std::string JsonToYaml(std::string_view json);

// The OpenAPI document as YAML, rendered on first use.
[[nodiscard]] std::string_view OpenApiYaml();

}  // namespace factura::api
