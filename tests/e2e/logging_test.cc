// The server's log as an operator reads it: a real `factura serve`, its standard error in a file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using eventstore::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(LoggingTest, EachRequestIsAJsonLineWithItsIdRouteStatusAndLatency) {
  TempDir dir;
  std::string log = dir.Sub("factura.log");
  ServerProcess server(dir.Sub("data"), {"--log-format", "json", "--request-log-level", "info"},
                       log);
  ASSERT_TRUE(server.started()) << server.output();
  HttpClient client(server.port());
  EXPECT_EQ(client.Get("/healthz", {{"X-Request-ID", "req-logged-1"}}).status, 200u);
  Reply created = client.Post(
      "/v1/customers", R"({"name":"ACME"})",
      {{"Authorization", "Bearer " + server.admin_key()}, {"X-Request-ID", "req-logged-2"}});
  EXPECT_EQ(created.status, 201u);
  EXPECT_EQ(server.Terminate(), 0);

  std::string text = ReadFile(log);
  std::map<std::string, boost::json::object> by_request;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    boost::system::error_code error;
    boost::json::value value = boost::json::parse(line, error);
    ASSERT_FALSE(error) << "not a JSON line: " << line;
    const boost::json::object& object = value.as_object();
    EXPECT_TRUE(object.contains("time"));
    if (object.at("message") == "request") {
      by_request[std::string(object.at("request_id").as_string())] = object;
    }
  }
  ASSERT_TRUE(by_request.contains("req-logged-1")) << text;
  EXPECT_EQ(by_request["req-logged-1"].at("route"), "healthz");
  EXPECT_EQ(by_request["req-logged-1"].at("status"), "200");
  EXPECT_EQ(by_request["req-logged-1"].at("level"), "info");
  EXPECT_TRUE(by_request["req-logged-1"].contains("latency_ms"));
  ASSERT_TRUE(by_request.contains("req-logged-2")) << text;
  EXPECT_EQ(by_request["req-logged-2"].at("route"), "customers.create");
  EXPECT_EQ(by_request["req-logged-2"].at("status"), "201");
  EXPECT_EQ(by_request["req-logged-2"].at("organization").as_string(), server.organization_id());
  // The API key the request carried is nowhere in the log.
  EXPECT_THAT(text, Not(HasSubstr(server.admin_key())));
}

TEST(LoggingTest, RequestLinesAreBelowTheDefaultLevel) {
  TempDir dir;
  std::string log = dir.Sub("factura.log");
  ServerProcess server(dir.Sub("data"), {}, log);
  ASSERT_TRUE(server.started()) << server.output();
  HttpClient client(server.port());
  EXPECT_EQ(client.Get("/healthz", {{"X-Request-ID", "req-not-logged"}}).status, 200u);
  EXPECT_EQ(server.Terminate(), 0);
  std::string text = ReadFile(log);
  EXPECT_THAT(text, Not(HasSubstr("req-not-logged")));
  EXPECT_THAT(text, HasSubstr(" info Factura stopped"));  // text lines: time, level, message
}

TEST(LoggingTest, AnUnknownLevelIsRefusedNamingTheSetting) {
  TempDir dir;
  std::string log = dir.Sub("factura.log");
  ServerProcess server(dir.Sub("data"), {"--log-level", "loud"}, log);
  EXPECT_FALSE(server.started());
  EXPECT_THAT(ReadFile(log), HasSubstr("setting 'log_level'"));
}

}  // namespace
}  // namespace factura::e2e
