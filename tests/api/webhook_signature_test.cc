#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/webhooks/signature.h"

namespace factura::api {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// The example of the Standard Webhooks specification's reference libraries.
constexpr std::string_view kSpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr std::string_view kSpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr int64_t kSpecTimestamp = 1614265330;
constexpr std::string_view kSpecBody = R"({"test": 2432232314})";

TEST(WebhookSignatureTest, MatchesTheStandardWebhooksExample) {
  EXPECT_EQ(
      StandardWebhookSignature({std::string(kSpecSecret)}, kSpecId, kSpecTimestamp, kSpecBody),
      "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(WebhookSignatureTest, AnyChangeChangesTheSignature) {
  std::string good =
      StandardWebhookSignature({std::string(kSpecSecret)}, kSpecId, kSpecTimestamp, kSpecBody);
  EXPECT_NE(StandardWebhookSignature({"whsec_" + std::string(32, 'A')}, kSpecId, kSpecTimestamp,
                                     kSpecBody),
            good);
  EXPECT_NE(
      StandardWebhookSignature({std::string(kSpecSecret)}, "msg_other", kSpecTimestamp, kSpecBody),
      good);
  EXPECT_NE(
      StandardWebhookSignature({std::string(kSpecSecret)}, kSpecId, kSpecTimestamp + 1, kSpecBody),
      good);
  EXPECT_NE(StandardWebhookSignature({std::string(kSpecSecret)}, kSpecId, kSpecTimestamp,
                                     R"({"test": 2432232315})"),
            good);
}

TEST(WebhookSignatureTest, SeveralSecretsSignSpaceSeparatedNewestFirst) {
  std::string newer = GenerateWebhookSecret();
  std::string both = StandardWebhookSignature({newer, std::string(kSpecSecret)}, kSpecId,
                                              kSpecTimestamp, kSpecBody);
  std::string only_newer = StandardWebhookSignature({newer}, kSpecId, kSpecTimestamp, kSpecBody);
  EXPECT_EQ(both, only_newer + " v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(WebhookSignatureTest, HexBodySignatureIsHmacOfTheBodyWithTheWholeSecret) {
  // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
  EXPECT_EQ(HexBodySignature("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(WebhookSignatureTest, SecretsAreFreshAndInTheStandardForm) {
  std::string first = GenerateWebhookSecret();
  std::string second = GenerateWebhookSecret();
  EXPECT_THAT(first, StartsWith("whsec_"));
  EXPECT_EQ(first.size(), 6u + 44u);  // base64 of 32 bytes
  EXPECT_NE(first, second);
  EXPECT_THAT(StandardWebhookSignature({first}, "id", 1, "{}"), StartsWith("v1,"));
  EXPECT_THAT(StandardWebhookSignature({first}, "id", 1, "{}"), Not(HasSubstr(" ")));
}

}  // namespace
}  // namespace factura::api
