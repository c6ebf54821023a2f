// `factura serve` settings: one table for the file, the environment, the flags and --help.
#include "api/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "api/logging.h"

namespace factura::api {
namespace {

TEST(ConfigTest, EverySettingIsDescribedOnceWithNamesThatFollowFromItsKey) {
  std::set<std::string> keys;
  for (const SettingInfo& setting : DescribeSettings()) {
    EXPECT_TRUE(keys.insert(setting.key).second) << setting.key << " twice";
    std::string environment = "FACTURA_", flag = "--";
    for (char c : setting.key) {
      environment.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
      flag.push_back(c == '_' ? '-' : c);
    }
    EXPECT_EQ(setting.environment, environment);
    EXPECT_EQ(setting.flag, flag);
    EXPECT_FALSE(setting.help.empty()) << setting.key;
  }
  for (const char* key : {"port", "data_dir", "log_level", "request_log_level",
                          "webhook_retry_delays_ms", "sse_stall_timeout_ms"}) {
    EXPECT_TRUE(keys.contains(key)) << key;
  }
}

// A default as --help shows it reads back as the same value: the table's two directions agree.
TEST(ConfigTest, EachDefaultReadsBackAsItself) {
  for (const SettingInfo& setting : DescribeSettings()) {
    ServeConfig config;
    ASSERT_TRUE(ApplySetting(setting.key, setting.default_value, config)) << setting.key;
    EXPECT_TRUE(Validate(config)) << setting.key;
  }
}

TEST(ConfigTest, TheEnvironmentSetsEverySettingByItsName) {
  std::map<std::string, std::string> environment{{"FACTURA_PORT", "9090"},
                                                 {"FACTURA_LOG_FORMAT", "json"},
                                                 {"FACTURA_WEBHOOK_RETRY_DELAYS_MS", "1,2,3"}};
  ServeConfig config;
  ASSERT_TRUE(ApplyEnvironment(
      [&](const char* name) -> const char* {
        auto it = environment.find(name);
        return it == environment.end() ? nullptr : it->second.c_str();
      },
      config));
  EXPECT_EQ(config.port, 9090);
  EXPECT_EQ(config.log_format, "json");
  EXPECT_EQ(config.webhook_retry_delays_ms, (std::vector<int64_t>{1, 2, 3}));
}

TEST(ConfigTest, BadValuesNameTheirSetting) {
  ServeConfig config;
  auto port = ApplySetting("port", "eighty", config);
  ASSERT_FALSE(port);
  EXPECT_EQ(port.error().param, "port");
  auto unknown = ApplySetting("colour", "blue", config);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().param, "colour");
  config.request_log_level = "loud";
  auto level = Validate(config);
  ASSERT_FALSE(level);
  EXPECT_EQ(level.error().param, "request_log_level");
}

TEST(LoggingTest, FieldsAreEscapedInJsonAndQuotedInText) {
  std::string json = FormatLogLine(true, "request", {{"error", "bad \"quote\"\n"}});
  EXPECT_EQ(json, R"("message":"request","error":"bad \"quote\"\n")");
  std::string text = FormatLogLine(false, "request", {{"route", "healthz"}, {"error", "a b"}});
  EXPECT_EQ(text, R"(request route=healthz error="a b")");
}

}  // namespace
}  // namespace factura::api
