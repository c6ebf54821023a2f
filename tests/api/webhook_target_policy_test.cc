#include <gtest/gtest.h>

#include <cstdio>

#include "api/webhooks/target_policy.h"

namespace factura::api {
namespace {

namespace ip = boost::asio::ip;

bool Public(const char* address) { return IsPublicAddress(ip::make_address(address)); }

TEST(WebhookTargetPolicyTest, RefusesEveryNonPublicRange) {
  for (const char* address : {"0.0.0.0",
                              "0.1.2.3",
                              "10.0.0.1",
                              "10.255.255.255",
                              "100.64.0.1",
                              "100.127.255.254",
                              "127.0.0.1",
                              "127.8.9.10",
                              "169.254.169.254",
                              "172.16.0.1",
                              "172.31.255.255",
                              "192.0.0.8",
                              "192.0.2.1",
                              "192.168.1.1",
                              "198.18.0.1",
                              "198.51.100.7",
                              "203.0.113.9",
                              "224.0.0.1",
                              "239.255.255.250",
                              "240.0.0.1",
                              "255.255.255.255",
                              "::",
                              "::1",
                              "::ffff:127.0.0.1",
                              "::ffff:8.8.8.8",
                              "::127.0.0.1",
                              "64:ff9b::808:808",
                              "fc00::1",
                              "fd12:3456::1",
                              "fe80::1",
                              "fec0::1",
                              "ff02::1",
                              "2001:db8::1",
                              "100::1",
                              "2002:7f00:1::1"}) {
    EXPECT_FALSE(Public(address)) << address;
  }
}

TEST(WebhookTargetPolicyTest, AllowsPublicUnicast) {
  for (const char* address :
       {"8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.15.255.255", "172.32.0.1",
        "192.169.0.1", "2606:4700::1111", "2002:808:808::1"}) {
    EXPECT_TRUE(Public(address)) << address;
  }
}

// The resolver reads numbers the way inet_aton does: decimal, octal and hexadecimal forms of
// a refused address are refused like the dotted form.
TEST(WebhookTargetPolicyTest, RefusesLoopbackInEveryNotation) {
  for (const char* url :
       {"http://127.0.0.1/hook", "http://2130706433/hook", "http://0177.0.0.1/hook",
        "http://0x7f.0.0.1/hook", "http://017700000001/hook", "http://127.1/hook",
        "http://[::1]/hook", "http://[::ffff:127.0.0.1]/hook", "http://[::ffff:7f00:1]/hook",
        "http://localhost:8080/hook", "https://169.254.169.254/latest/meta-data",
        "http://0/hook"}) {
    auto target = ParseWebhookUrl(url);
    ASSERT_TRUE(target) << url;
    auto resolved = ResolveWebhookTarget(*target, false);
    ASSERT_FALSE(resolved) << url << " resolved to an allowed address";
    EXPECT_EQ(resolved.error().code, "invalid_url") << url;
    EXPECT_NE(resolved.error().message.find("resolves to"), std::string::npos)
        << url << ": " << resolved.error().message;
    EXPECT_EQ(resolved.error().param, "url") << url;
  }
}

// Every refused IPv4 range, written as a URL host in dotted, decimal, octal and IPv6-mapped form.
TEST(WebhookTargetPolicyTest, RefusesEachRangeInEveryForm) {
  for (const char* dotted :
       {"0.0.0.1", "10.20.30.40", "100.64.0.9", "127.0.0.1", "169.254.169.254", "172.16.5.4",
        "192.0.0.9", "192.0.2.33", "192.168.100.1", "198.18.0.7", "198.51.100.8", "203.0.113.4",
        "224.0.0.251", "240.1.2.3", "255.255.255.255"}) {
    uint32_t value = ip::make_address_v4(dotted).to_uint();
    char octal[64];
    std::snprintf(octal, sizeof octal, "0%o.0%o.0%o.0%o", value >> 24, (value >> 16) & 255,
                  (value >> 8) & 255, value & 255);
    for (const std::string& host : {std::string(dotted), std::to_string(value), std::string(octal),
                                    "[::ffff:" + std::string(dotted) + "]"}) {
      auto target = ParseWebhookUrl("http://" + host + "/hook");
      ASSERT_TRUE(target) << host;
      auto resolved = ResolveWebhookTarget(*target, false);
      ASSERT_FALSE(resolved) << host << " (" << dotted << ") was allowed";
      // Refused for where it points, not because it could not be resolved.
      EXPECT_NE(resolved.error().message.find("resolves to"), std::string::npos)
          << host << ": " << resolved.error().message;
    }
  }
}

TEST(WebhookTargetPolicyTest, PrivateTargetsPassWhenAllowed) {
  auto target = ParseWebhookUrl("http://127.0.0.1:9/hook");
  ASSERT_TRUE(target);
  auto resolved = ResolveWebhookTarget(*target, true);
  ASSERT_TRUE(resolved);
  ASSERT_EQ(resolved->size(), 1u);
  EXPECT_EQ(resolved->front().port(), 9);
}

TEST(WebhookTargetPolicyTest, ParsesTheUrlIntoWhatTheClientNeeds) {
  auto plain = ParseWebhookUrl("http://example.com/a/b?x=1");
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->tls);
  EXPECT_EQ(plain->host, "example.com");
  EXPECT_EQ(plain->port, "80");
  EXPECT_EQ(plain->target, "/a/b?x=1");
  auto secure = ParseWebhookUrl("https://[2606:4700::1111]:8443");
  ASSERT_TRUE(secure);
  EXPECT_TRUE(secure->tls);
  EXPECT_EQ(secure->host, "2606:4700::1111");
  EXPECT_EQ(secure->port, "8443");
  EXPECT_EQ(secure->target, "/");
  for (const char* bad :
       {"ftp://example.com/", "http://user:pw@example.com/", "example.com/x", "http:///nohost"}) {
    EXPECT_FALSE(ParseWebhookUrl(bad)) << bad;
  }
}

TEST(WebhookTargetPolicyTest, SpecialUseNamesNeverResolve) {
  for (std::string_view host :
       {"localhost", "LOCALHOST.", "a.test", "no-such-host.invalid", "app.localhost"}) {
    EXPECT_TRUE(IsNeverResolvable(host)) << host;
  }
  for (std::string_view host : {"yourapp.com", "example.com", "testing.io", "invalid.com"}) {
    EXPECT_FALSE(IsNeverResolvable(host)) << host;
  }
}

}  // namespace
}  // namespace factura::api
