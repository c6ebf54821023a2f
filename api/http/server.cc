#include "api/http/server.h"

#include <boost/beast/core.hpp>

namespace factura::api {

namespace beast = boost::beast;
using asio::ip::tcp;

HttpServer::HttpServer(asio::io_context& io, ServerOptions options, RequestHandler handler,
                       TransportErrorResponder transport_error)
    : io_(io),
      options_(std::move(options)),
      handler_(std::move(handler)),
      transport_error_(std::move(transport_error)),
      acceptor_(io) {}

domain::Result<void> HttpServer::Start() {
  boost::system::error_code error;
  if (!options_.tls_certificate.empty() || !options_.tls_private_key.empty()) {
    auto tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                         asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use,
                     error);
    if (!error) tls->use_certificate_chain_file(options_.tls_certificate, error);
    if (!error) tls->use_private_key_file(options_.tls_private_key, asio::ssl::context::pem, error);
    if (error) {
      return domain::Invalid("invalid_tls", "tls_certificate",
                             "Cannot load the TLS certificate '" + options_.tls_certificate +
                                 "' and key '" + options_.tls_private_key +
                                 "': " + error.message());
    }
    tls_ = std::move(tls);
  }
  auto address = asio::ip::make_address(options_.address, error);
  if (error) {
    return domain::Invalid("invalid_address", "address",
                           "'" + options_.address + "' is not an IP address");
  }
  tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), error);
  if (!error) acceptor_.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) acceptor_.bind(endpoint, error);
  if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    return domain::Reject(error == asio::error::address_in_use ? domain::ErrorKind::kUnavailable
                                                               : domain::ErrorKind::kInternal,
                          error == asio::error::address_in_use ? "address_in_use" : "listen_failed",
                          "",
                          "Cannot listen on " + options_.address + ":" +
                              std::to_string(options_.port) + ": " + error.message());
  }
  port_ = acceptor_.local_endpoint().port();
  asio::co_spawn(acceptor_.get_executor(), AcceptLoop(), asio::detached);
  return {};
}

void HttpServer::StopAccepting() {
  stopping_ = true;
  asio::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  });
}

asio::awaitable<void> HttpServer::AcceptLoop() {
  while (!stopping_) {
    auto [error, socket] = co_await acceptor_.async_accept(asio::make_strand(io_),
                                                           asio::as_tuple(asio::use_awaitable));
    if (error) {
      if (error == asio::error::operation_aborted || stopping_) co_return;
      continue;  // e.g. too many open files: keep serving the connections we have
    }
    if (open_connections_.load() >= options_.max_connections) {
      boost::system::error_code ignored;
      socket.close(ignored);
      continue;
    }
    auto executor = socket.get_executor();
    asio::co_spawn(executor, Session(std::move(socket)), asio::detached);
  }
}

// A deadline for one read or write: when it passes, the socket's pending operations are
// cancelled (not closed, so that a 408 can still be written after a read times out).
class Deadline {
 public:
  explicit Deadline(tcp::socket& socket) : socket_(socket), timer_(socket.get_executor()) {}
  void Arm(std::chrono::milliseconds after) {
    expired_ = false;
    uint64_t generation = ++generation_;
    timer_.expires_after(after);
    timer_.async_wait([this, generation](boost::system::error_code error) {
      if (error || generation != generation_) return;
      expired_ = true;
      boost::system::error_code ignored;
      socket_.cancel(ignored);
    });
  }
  void Disarm() {
    ++generation_;
    timer_.cancel();
  }
  bool expired() const { return expired_; }

 private:
  tcp::socket& socket_;
  asio::steady_timer timer_;
  uint64_t generation_ = 0;
  bool expired_ = false;
};

asio::awaitable<void> HttpServer::Session(tcp::socket socket) {
  ++open_connections_;
  if (tls_ == nullptr) {
    co_await Serve(socket, socket);
  } else {
    asio::ssl::stream<tcp::socket> stream(std::move(socket), *tls_);
    // The handshake is a read like any other: bounded by the read timeout.
    Deadline deadline(stream.next_layer());
    deadline.Arm(options_.read_timeout);
    auto [error] = co_await stream.async_handshake(asio::ssl::stream_base::server,
                                                   asio::as_tuple(asio::use_awaitable));
    deadline.Disarm();
    if (!error && !deadline.expired()) co_await Serve(stream, stream.next_layer());
    boost::system::error_code ignored;
    stream.next_layer().close(ignored);
  }
  --open_connections_;
}

template <typename Stream>
asio::awaitable<void> HttpServer::Serve(Stream& stream, tcp::socket& socket) {
  Deadline deadline(socket);
  beast::flat_buffer buffer;
  boost::system::error_code no_peer;
  auto peer = socket.remote_endpoint(no_peer);
  std::string peer_address = no_peer ? std::string() : peer.address().to_string();
  auto write = [&](HttpResponse& response) -> asio::awaitable<bool> {
    deadline.Arm(options_.write_timeout);
    auto [error, written] =
        co_await http::async_write(stream, response, asio::as_tuple(asio::use_awaitable));
    (void)written;
    deadline.Disarm();
    co_return !error;
  };
  while (true) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
    parser.body_limit(options_.max_body_bytes);
    deadline.Arm(options_.read_timeout);
    auto [read_error, bytes] =
        co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
    (void)bytes;
    deadline.Disarm();
    std::optional<HttpResponse> refusal;
    if (deadline.expired()) {
      // Nothing started (an idle keep-alive connection): just close. A request begun and not
      // finished in time gets a 408.
      if (!parser.got_some()) break;
      refusal = transport_error_(408, "request_timeout", "The request was not received in time");
    } else if (read_error == http::error::end_of_stream || read_error == asio::error::eof ||
               read_error == asio::error::connection_reset ||
               read_error == asio::error::operation_aborted) {
      break;
    } else if (read_error == http::error::body_limit) {
      refusal = transport_error_(
          413, "body_too_large",
          "The request body exceeds " + std::to_string(options_.max_body_bytes) + " bytes");
    } else if (read_error == http::error::header_limit) {
      refusal = transport_error_(431, "headers_too_large", "The request headers are too large");
    } else if (read_error) {
      refusal = transport_error_(400, "malformed_request", "The HTTP request is malformed");
    }
    if (refusal) {
      refusal->keep_alive(false);
      refusal->prepare_payload();
      co_await write(*refusal);
      break;
    }

    HttpRequest request = parser.release();
    bool keep_alive = request.keep_alive();
    ++requests_in_flight_;
    HandlerReply reply = co_await handler_(std::move(request), peer_address);
    HttpResponse& response = reply.response;
    if (reply.stream) {
      // A stream is not a request in flight: shutting down does not wait for it.
      --requests_in_flight_;
      co_await WriteStream(stream, socket, deadline, response, reply.stream);
      break;
    }
    keep_alive = keep_alive && !stopping_;
    response.keep_alive(keep_alive);
    response.prepare_payload();
    bool written = co_await write(response);
    --requests_in_flight_;
    if (!written || !keep_alive) break;
  }
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_send, ignored);
  socket.close(ignored);
}

template <typename Stream>
asio::awaitable<void> HttpServer::WriteStream(Stream& stream, tcp::socket& socket,
                                              Deadline& deadline, HttpResponse& response,
                                              const BodyStream& body) {
  boost::system::error_code ignored;
  socket.set_option(asio::socket_base::send_buffer_size(options_.stream_send_buffer_bytes),
                    ignored);
  response.keep_alive(false);
  response.chunked(true);
  http::response_serializer<http::string_body> serializer(response);
  deadline.Arm(options_.write_timeout);
  auto [header_error, header_bytes] =
      co_await http::async_write_header(stream, serializer, asio::as_tuple(asio::use_awaitable));
  (void)header_bytes;
  deadline.Disarm();
  if (header_error || deadline.expired()) co_return;
  bool open = true;
  ChunkWriter write = [&](std::string data) -> asio::awaitable<bool> {
    if (!open) co_return false;
    deadline.Arm(options_.write_timeout);
    auto [error, written] = co_await asio::async_write(stream, http::make_chunk(asio::buffer(data)),
                                                       asio::as_tuple(asio::use_awaitable));
    (void)written;
    deadline.Disarm();
    open = !error && !deadline.expired();
    co_return open;
  };
  co_await body(write);
  if (open) {
    deadline.Arm(options_.write_timeout);
    co_await asio::async_write(stream, http::make_chunk_last(),
                               asio::as_tuple(asio::use_awaitable));
    deadline.Disarm();
  }
}

}  // namespace factura::api
