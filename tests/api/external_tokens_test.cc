// Reading an identity provider's JWKS (RFC 7517): RSA and P-256 keys become PEM keys with their
// one algorithm; keys for other uses are skipped; malformed ones refuse the file.
#include "api/identity/external_tokens.h"

#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include "tests/support/jwt_forgery.h"
#include "tests/support/test_idp.h"

namespace factura::api {
namespace {

// A fresh P-256 key's public point as a JWK's x and y.
std::string EcJwk(const std::string& kid, bool off_curve = false) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  unsigned char point[65];
  size_t length = 0;
  EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point, &length);
  EVP_PKEY_free(key);
  std::string x(reinterpret_cast<char*>(point) + 1, 32);
  std::string y(reinterpret_cast<char*>(point) + 33, 32);
  if (off_curve) y[31] = static_cast<char>(y[31] ^ 1);
  return R"({"kty":"EC","crv":"P-256","kid":")" + kid + R"(","x":")" + testing::Base64Url(x) +
         R"(","y":")" + testing::Base64Url(y) + R"("})";
}

TEST(JwksTest, RsaAndP256KeysAreReadWithTheirAlgorithm) {
  testing::TestIdp rsa("r1");
  auto keys = ParseJwks(R"({"keys":[)" + rsa.Jwk() + "," + EcJwk("e1") +
                        R"(,{"kty":"RSA","use":"enc","kid":"x","n":"AQAB","e":"AQAB"},)" +
                        R"({"kty":"oct","kid":"s","k":"c2VjcmV0"}]})");
  ASSERT_TRUE(keys.has_value()) << keys.error().message;
  ASSERT_EQ(keys->size(), 2u) << "an encryption key and a symmetric key are skipped";
  EXPECT_EQ(keys->at("r1").algorithm, "RS256");
  EXPECT_EQ(keys->at("r1").pem, rsa.PublicPem());
  EXPECT_EQ(keys->at("e1").algorithm, "ES256");
  EXPECT_NE(keys->at("e1").pem.find("BEGIN PUBLIC KEY"), std::string::npos);
}

TEST(JwksTest, MalformedKeysRefuseTheFile) {
  for (const std::string& text :
       {std::string("not json"), std::string(R"({"kty":"RSA"})"),
        std::string(R"({"keys":[{"kty":"RSA","kid":"short","n":"AQAB","e":"AQAB"}]})"),
        R"({"keys":[)" + EcJwk("bent", true) + "]}",
        std::string(R"({"keys":[{"kty":"EC","crv":"P-256","x":"AQAB","y":"AQAB"}]})")}) {
    EXPECT_FALSE(ParseJwks(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace factura::api
