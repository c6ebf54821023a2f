#pragma once
// The HTTP/1.1 transport: Boost.Beast over Asio with C++20 coroutines. A session only moves
// bytes; what a request means is the `RequestHandler`'s business (STYLE.md, after Beast's
// examples).
//
// Limits: body (413), header block (431), a read timeout before every request (408, then the
// connection is closed), a cap on open connections (new ones are closed at once). Keep-alive and
// pipelined requests are served in order on one connection.
//
//   HttpServer server(io, {.port = 0}, handler);
//   server.Start();               // binds; server.port() is the bound port
//   ...
//   server.StopAccepting();       // graceful: in-flight requests finish, then sessions close

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "domain/error.h"

namespace factura::api {

namespace http = boost::beast::http;
namespace asio = boost::asio;

using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;
// A body written over time (server-sent events), after the response's header: `write` sends one
// chunk and yields false once the client is gone or has not taken it within the write timeout;
// the stream then ends. The connection closes after a stream.
using ChunkWriter = std::function<asio::awaitable<bool>(std::string)>;
using BodyStream = std::function<asio::awaitable<void>(const ChunkWriter& write)>;
struct HandlerReply {
  HttpResponse response;
  BodyStream stream;  // empty: the response's body is the whole answer
};
// The request and the client's IP address.
using RequestHandler = std::function<asio::awaitable<HandlerReply>(HttpRequest, std::string)>;
// Builds the response for a request the transport itself refuses (status 408, 413, 431, 400).
using TransportErrorResponder =
    std::function<HttpResponse(unsigned status, std::string code, std::string message)>;

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port
  size_t max_body_bytes = 1 << 20;
  size_t max_header_bytes = 16 << 10;
  size_t max_connections = 4096;
  std::chrono::milliseconds read_timeout{30'000};
  std::chrono::milliseconds write_timeout{30'000};
  // The kernel's send buffer for streamed responses: small, so that a client that stops
  // reading is noticed (its stream backs up) rather than absorbed.
  int stream_send_buffer_bytes = 64 << 10;
  // HTTPS (TLS 1.2 or later) when both are set: PEM files of the certificate chain and its key.
  std::string tls_certificate;
  std::string tls_private_key;
};

class Deadline;  // server.cc: a timeout on one read or write

class HttpServer {
 public:
  HttpServer(asio::io_context& io, ServerOptions options, RequestHandler handler,
             TransportErrorResponder transport_error);

  // Loads the TLS certificate if configured, binds and starts accepting. Errors: kUnavailable
  // `address_in_use`, kInvalidArgument `invalid_tls` (a certificate or key that does not load),
  // kInternal.
  [[nodiscard]] domain::Result<void> Start();
  uint16_t port() const { return port_; }
  bool tls() const { return tls_ != nullptr; }

  // Stops accepting; open sessions finish the request they are serving and close.
  void StopAccepting();
  size_t open_connections() const { return open_connections_.load(); }
  // Requests read and not yet answered; idle keep-alive connections are not counted.
  size_t requests_in_flight() const { return requests_in_flight_.load(); }
  bool stopping() const { return stopping_.load(); }

 private:
  asio::awaitable<void> AcceptLoop();
  asio::awaitable<void> Session(asio::ip::tcp::socket socket);
  // The request loop over a plain or a TLS stream; `socket` is its lowest layer.
  template <typename Stream>
  asio::awaitable<void> Serve(Stream& stream, asio::ip::tcp::socket& socket);
  // Writes a streamed response: its header, then `body`'s chunks, then the last chunk.
  template <typename Stream>
  asio::awaitable<void> WriteStream(Stream& stream, asio::ip::tcp::socket& socket,
                                    Deadline& deadline, HttpResponse& response,
                                    const BodyStream& body);

  asio::io_context& io_;
  ServerOptions options_;
  RequestHandler handler_;
  TransportErrorResponder transport_error_;
  asio::ip::tcp::acceptor acceptor_;
  std::unique_ptr<asio::ssl::context> tls_;  // null: plain HTTP
  uint16_t port_ = 0;
  std::atomic<size_t> open_connections_{0};
  std::atomic<size_t> requests_in_flight_{0};
  std::atomic<bool> stopping_{false};
};

}  // namespace factura::api
