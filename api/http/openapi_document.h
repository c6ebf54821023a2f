#pragma once
// The OpenAPI 3.1 document served at GET /openapi.json: api/http/openapi.json, compiled in.
// tests/api/openapi_test.cc holds it to the router: every route documented with its method,
// name and scope, nothing documented that is not routed.

#include <string_view>

namespace factura::api {

std::string_view OpenApiDocument();

}  // namespace factura::api
