// The OpenAPI document against the router of a real App: every route is documented with its
// method, route name and scope; nothing is documented that is not routed; every path
// parameter is declared and every $ref resolves.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "api/http/app.h"
#include "api/http/errors.h"
#include "api/http/openapi_document.h"
#include "tests/support/store_testing.h"

namespace factura::api {
namespace {

namespace json = boost::json;

domain::Timestamp Now() { return domain::Timestamp{1'767'225'600'000'000}; }

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = eventstore::EventStore::Open(eventstore::testing::Options(dir_));
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    processor_ = std::make_unique<CommandProcessor>(*store_, keys_, Now);
    auto models = projections::ReadModels::Open(*store_, dir_.Sub("readmodels.sqlite"));
    ASSERT_TRUE(models) << models.error().message;
    read_models_ = std::move(*models);
    app_ = std::make_unique<App>(*store_, workers_, keys_, *processor_, *read_models_, Now);
    document_ = json::parse(OpenApiDocument()).as_object();
  }
  void TearDown() override {
    app_.reset();
    read_models_.reset();
    processor_.reset();
    workers_.join();
  }

  // Follows a local "$ref" ("#/components/parameters/Id"); null when it does not resolve.
  const json::value* Resolve(const json::value& value) const {
    if (!value.is_object() || !value.as_object().contains("$ref")) return &value;
    std::string ref(value.as_object().at("$ref").as_string());
    if (!ref.starts_with("#/")) return nullptr;
    const json::value* at = &document_;
    std::string_view rest = std::string_view(ref).substr(2);
    while (!rest.empty()) {
      size_t slash = rest.find('/');
      std::string key(rest.substr(0, slash));
      if (!at->is_object() || !at->as_object().contains(key)) return nullptr;
      at = &at->as_object().at(key);
      rest = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
    }
    return at;
  }

  eventstore::testing::TempDir dir_;
  std::unique_ptr<eventstore::EventStore> store_;
  asio::thread_pool workers_{1};
  ApiKeyDirectory keys_;
  std::unique_ptr<CommandProcessor> processor_;
  std::unique_ptr<projections::ReadModels> read_models_;
  std::unique_ptr<App> app_;
  json::value document_;
};

std::string Lower(std::string_view method) {
  std::string out(method);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

TEST_F(OpenApiTest, IsOpenApi31) {
  EXPECT_EQ(document_.at("openapi").as_string(), "3.1.0");
  EXPECT_TRUE(document_.at("info").as_object().contains("title"));
}

TEST_F(OpenApiTest, EveryRouteIsDocumentedWithItsNameAndScope) {
  const json::object& paths = document_.at("paths").as_object();
  for (const auto& route : app_->router().routes()) {
    std::string where = std::string(http::to_string(route.method)) + " " + route.pattern;
    ASSERT_TRUE(paths.contains(route.pattern)) << where << " is not in /openapi.json";
    const json::object& item = paths.at(route.pattern).as_object();
    std::string method = Lower(http::to_string(route.method));
    ASSERT_TRUE(item.contains(method)) << where << " is not in /openapi.json";
    const json::object& operation = item.at(method).as_object();
    EXPECT_EQ(operation.at("x-route-name").as_string(), route.name) << where;
    const json::array& security = operation.at("security").as_array();
    if (route.scope.empty()) {
      EXPECT_TRUE(security.empty()) << where << " is public";
    } else {
      // An API key's scope, a user's permission or an OAuth token's scope: the same word, under
      // each scheme; none for a route any credential may call.
      ASSERT_EQ(security.size(), 3u) << where;
      for (const char* scheme : {"apiKey", "userToken", "oauth2"}) {
        bool found = false;
        for (const json::value& requirement : security) {
          const json::object& schemes = requirement.as_object();
          if (!schemes.contains(scheme)) continue;
          found = true;
          const json::array& scopes = schemes.at(scheme).as_array();
          if (route.scope == api::kAnyCredential) {
            EXPECT_TRUE(scopes.empty()) << where;
          } else {
            ASSERT_EQ(scopes.size(), 1u) << where;
            EXPECT_EQ(scopes[0].as_string(), route.scope) << where;
          }
        }
        EXPECT_TRUE(found) << where << " lacks " << scheme;
      }
    }
  }
}

TEST_F(OpenApiTest, NothingIsDocumentedThatIsNotRouted) {
  std::set<std::pair<std::string, std::string>> routed;
  for (const auto& route : app_->router().routes()) {
    routed.emplace(route.pattern, Lower(http::to_string(route.method)));
  }
  std::set<std::string> operation_ids;
  for (const auto& [path, item] : document_.at("paths").as_object()) {
    for (const auto& [method, operation] : item.as_object()) {
      if (method == "parameters") continue;
      EXPECT_TRUE(routed.contains({std::string(path), std::string(method)}))
          << method << " " << path << " is documented but not routed";
      std::string id(operation.as_object().at("operationId").as_string());
      EXPECT_TRUE(operation_ids.insert(id).second) << "operationId " << id << " twice";
    }
  }
}

TEST_F(OpenApiTest, PathParametersAreDeclaredAndEveryReferenceResolves) {
  for (const auto& [path, item] : document_.at("paths").as_object()) {
    std::set<std::string> declared;
    auto collect = [&](const json::value& parameters) {
      for (const json::value& parameter : parameters.as_array()) {
        const json::value* resolved = Resolve(parameter);
        ASSERT_NE(resolved, nullptr) << path;
        if (resolved->as_object().at("in").as_string() == "path") {
          declared.insert(std::string(resolved->as_object().at("name").as_string()));
        }
      }
    };
    if (item.as_object().contains("parameters")) collect(item.as_object().at("parameters"));
    for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
      std::string name(path.substr(open + 1, path.find('}', open) - open - 1));
      EXPECT_TRUE(declared.contains(name)) << path << " does not declare {" << name << "}";
    }
  }
  // Every "$ref" anywhere in the document resolves.
  std::vector<const json::value*> pending{&document_};
  size_t references = 0;
  while (!pending.empty()) {
    const json::value* value = pending.back();
    pending.pop_back();
    if (value->is_object()) {
      if (value->as_object().contains("$ref")) {
        ++references;
        EXPECT_NE(Resolve(*value), nullptr) << value->as_object().at("$ref").as_string();
      }
      for (const auto& [key, child] : value->as_object()) pending.push_back(&child);
    } else if (value->is_array()) {
      for (const json::value& child : value->as_array()) pending.push_back(&child);
    }
  }
  EXPECT_GT(references, 100u);
}

// The document's error types are exactly those the server sends (seed 000 §3.3's vocabulary).
TEST_F(OpenApiTest, ErrorTypesAreTheOnesTheServerSends) {
  std::set<std::string> sent;
  for (unsigned status = 400; status < 600; ++status) sent.emplace(ErrorTypeFor(status));
  std::set<std::string> seed{"validation_error", "authentication_error", "authorization_error",
                             "not_found_error",  "rate_limit_error",     "server_error",
                             "conflict_error"};
  EXPECT_EQ(sent, seed);
  std::set<std::string> documented;
  const json::value& type = document_.at("components")
                                .at("schemas")
                                .at("Error")
                                .at("properties")
                                .at("error")
                                .at("properties")
                                .at("type");
  for (const json::value& name : type.at("enum").as_array()) {
    documented.emplace(name.as_string());
  }
  EXPECT_EQ(documented, seed);
}

}  // namespace
}  // namespace factura::api
