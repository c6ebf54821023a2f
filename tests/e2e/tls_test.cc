// HTTPS: with a certificate and key configured the server speaks TLS 1.2+ only; without both it
// refuses to start.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using eventstore::testing::TempDir;
using ::testing::HasSubstr;
namespace http = boost::beast::http;
namespace ssl = boost::asio::ssl;

// A self-signed certificate for 127.0.0.1, made with the openssl command.
void MakeCertificate(const std::string& certificate, const std::string& key) {
  std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1 -keyout " +
      key + " -out " + certificate + " 2>/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

// One request over TLS, verifying the server's certificate against `certificate`.
Reply HttpsRequest(uint16_t port, const std::string& certificate, http::verb method,
                   const std::string& target, const std::string& body,
                   std::map<std::string, std::string> headers = {}) {
  boost::asio::io_context io;
  ssl::context context(ssl::context::tls_client);
  context.load_verify_file(certificate);
  context.set_verify_mode(ssl::verify_peer);
  boost::beast::ssl_stream<boost::beast::tcp_stream> stream(io, context);
  boost::beast::get_lowest_layer(stream).connect(
      boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  stream.handshake(ssl::stream_base::client);
  http::write(stream, ApiRequest(method, target, body, headers));
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  return Reply{response.result_int(), {}, response.body()};
}

TEST(TlsTest, ServesTheApiOverHttpsAndNotOverPlainHttp) {
  TempDir dir;
  std::string certificate = dir.Sub("cert.pem"), key = dir.Sub("key.pem");
  MakeCertificate(certificate, key);
  ServerProcess server(dir.Sub("data"),
                       {"--tls-certificate", certificate, "--tls-private-key", key});
  ASSERT_TRUE(server.started()) << server.output();
  EXPECT_THAT(server.output(), HasSubstr("listening on https://"));

  Reply health = HttpsRequest(server.port(), certificate, http::verb::get, "/healthz", "");
  EXPECT_EQ(health.status, 200u);
  std::map<std::string, std::string> auth{{"Authorization", "Bearer " + server.admin_key()}};
  Reply created = HttpsRequest(server.port(), certificate, http::verb::post, "/v1/customers",
                               R"({"name":"ACME"})", auth);
  EXPECT_EQ(created.status, 201u) << created.body;
  EXPECT_THAT(created.body, HasSubstr(R"("name":"ACME")"));

  // Plain HTTP to the TLS port gets no HTTP response.
  std::string plain = RawExchange(server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
                                  std::chrono::seconds(2));
  EXPECT_THAT(plain, ::testing::Not(HasSubstr("HTTP/1.1 200")));
  EXPECT_EQ(server.Terminate(), 0);
}

TEST(TlsTest, ACertificateWithoutItsKeyOrOneThatDoesNotLoadIsRefused) {
  TempDir dir;
  std::string certificate = dir.Sub("cert.pem"), key = dir.Sub("key.pem");
  MakeCertificate(certificate, key);
  {
    ServerProcess server(dir.Sub("data"), {"--tls-certificate", certificate});
    EXPECT_FALSE(server.started());
    EXPECT_EQ(server.Terminate(), 2);
  }
  {
    ServerProcess server(dir.Sub("data"),
                         {"--tls-certificate", key, "--tls-private-key", certificate});
    EXPECT_FALSE(server.started());
    EXPECT_EQ(server.Terminate(), 2);
  }
}

}  // namespace
}  // namespace factura::e2e
