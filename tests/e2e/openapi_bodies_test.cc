// /openapi.json against the running server: every property a request body schema documents is
// one the endpoint reads (never refused as an unknown field), and a property the document does
// not list is refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

namespace json = boost::json;
using eventstore::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

const json::object& Resolve(const json::object& document, const json::value& schema) {
  if (!schema.as_object().contains("$ref")) return schema.as_object();
  std::string name(schema.as_object().at("$ref").as_string());
  name = name.substr(name.rfind('/') + 1);
  return document.at("components").as_object().at("schemas").as_object().at(name).as_object();
}

boost::beast::http::verb VerbOf(std::string_view method) {
  return boost::beast::http::string_to_verb(method == "patch" ? "PATCH"
                                            : method == "put" ? "PUT"
                                                              : "POST");
}

TEST(OpenApiBodiesTest, DocumentedBodyPropertiesAreReadAndOthersRefused) {
  TempDir dir;
  ServerProcess server(dir.Sub("data"));
  ASSERT_TRUE(server.started());
  std::map<std::string, std::string> auth{{"Authorization", "Bearer " + server.admin_key()}};
  HttpClient client(server.port());
  json::object document = json::parse(client.Get("/openapi.json").body).as_object();
  size_t checked = 0;
  for (const auto& [path, item] : document.at("paths").as_object()) {
    for (const auto& [method, operation] : item.as_object()) {
      if (method == "parameters" || !operation.as_object().contains("requestBody")) continue;
      // OAuth's endpoints ignore parameters they do not know (RFC 6749 §3.1) and answer in
      // OAuth's error shape; oauth_test.cc covers them.
      if (path.starts_with("/oauth/")) continue;
      const json::value& schema = operation.as_object()
                                      .at("requestBody")
                                      .as_object()
                                      .at("content")
                                      .as_object()
                                      .at("application/json")
                                      .as_object()
                                      .at("schema");
      const json::object& body_schema = Resolve(document, schema);
      // An id of the path's resource kind that does not exist: bodies are read before lookups.
      std::string target(path);
      if (auto at = target.find("{id}"); at != std::string::npos) {
        std::string kind = target.substr(4, target.find('/', 4) - 4);
        std::string prefix = kind == "customers"   ? "cus"
                             : kind == "products"  ? "prod"
                             : kind == "tax-rates" ? "tax"
                             : kind == "invoices"  ? "inv"
                             : kind == "payments"  ? "pay"
                             : kind == "webhooks"  ? "wh"
                                                   : "ak";
        target.replace(at, 4, prefix + "_01m8nds5fs67ykd3cva4qwfhja");
      }
      std::string where = std::string(method) + " " + std::string(path);
      for (const auto& [property, ignored] : body_schema.at("properties").as_object()) {
        Reply reply = client.Send(VerbOf(method), target,
                                  R"({")" + std::string(property) + R"(":[1]})", auth);
        EXPECT_THAT(reply.body, Not(HasSubstr(R"("code":"unknown_parameter")")))
            << where << " does not read the documented '" << property << "'";
        ++checked;
      }
      // A body without its required fields is told so first (422); otherwise the unknown
      // field is named (400).
      Reply unknown = client.Send(VerbOf(method), target, R"({"not_documented":1})", auth);
      if (body_schema.contains("required")) {
        EXPECT_EQ(unknown.status, 422u) << where;
        EXPECT_THAT(unknown.body, HasSubstr(R"("code":"missing_field")")) << where;
      } else {
        EXPECT_EQ(unknown.status, 400u) << where;
        EXPECT_THAT(unknown.body, HasSubstr(R"("code":"unknown_parameter")")) << where;
        EXPECT_THAT(unknown.body, HasSubstr(R"("param":"not_documented")")) << where;
      }
    }
  }
  EXPECT_GT(checked, 80u);
}

}  // namespace
}  // namespace factura::e2e
