#pragma once
// A client of one server-sent event stream (GET /v1/events/stream): reads the chunked body as it
// comes and splits it into frames. The token goes in as a bearer: an API key or a user's.
//
//   SseClient stream(server.port(), "/v1/events/stream", key);
//   stream.ReadUntil([](const auto& frames) { return frames.size() >= 3; });

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace factura::e2e {

namespace beast = boost::beast;
namespace http = beast::http;

struct SseFrame {
  std::string id;
  std::string event;
  std::string data;
  bool comment = false;
};

// A client of one stream: reads the chunked body as it comes and splits it into frames.
class SseClient {
 public:
  SseClient(uint16_t port, const std::string& target, const std::string& key,
            const std::string& last_event_id = "", int receive_buffer = 0)
      : stream_(io_) {
    if (receive_buffer > 0) {
      stream_.socket().open(boost::asio::ip::tcp::v4());
      stream_.socket().set_option(boost::asio::socket_base::receive_buffer_size(receive_buffer));
    }
    stream_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::authorization, "Bearer " + key);
    request.set(http::field::accept, "text/event-stream");
    if (!last_event_id.empty()) request.set("Last-Event-ID", last_event_id);
    http::write(stream_, request);
    parser_.body_limit(boost::none);
    on_chunk_body_ = [this](std::uint64_t, std::string_view body, beast::error_code&) {
      text_.append(body);
      return body.size();
    };
    parser_.on_chunk_body(on_chunk_body_);  // the parser keeps a reference
    stream_.expires_after(std::chrono::seconds(10));
    http::read_header(stream_, buffer_, parser_);
    status_ = parser_.get().result_int();
    content_type_ = std::string(parser_.get()[http::field::content_type]);
  }

  unsigned status() const { return status_; }
  const std::string& content_type() const { return content_type_; }
  const std::vector<SseFrame>& frames() const { return frames_; }
  bool ended() const { return ended_; }

  // Reads until `done` holds, the stream ends, or `timeout` passes; returns `done`'s verdict.
  bool ReadUntil(const std::function<bool(const std::vector<SseFrame>&)>& done,
                 std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done(frames_) && !ended_ && std::chrono::steady_clock::now() < deadline) {
      stream_.expires_at(deadline);
      beast::error_code error;
      http::read_some(stream_, buffer_, parser_, error);
      Split();
      if (error == beast::error::timeout) break;
      if (error || parser_.is_done()) ended_ = true;
    }
    return done(frames_);
  }

  std::vector<SseFrame> Events() const {
    std::vector<SseFrame> events;
    for (const SseFrame& frame : frames_) {
      if (!frame.comment && !frame.id.empty()) events.push_back(frame);
    }
    return events;
  }

 private:
  void Split() {
    for (size_t end; (end = text_.find("\n\n")) != std::string::npos;) {
      std::string block = text_.substr(0, end);
      text_.erase(0, end + 2);
      SseFrame frame;
      for (size_t at = 0; at <= block.size();) {
        size_t newline = std::min(block.find('\n', at), block.size());
        std::string line = block.substr(at, newline - at);
        if (line.starts_with(":")) frame.comment = true;
        if (line.starts_with("id: ")) frame.id = line.substr(4);
        if (line.starts_with("event: ")) frame.event = line.substr(7);
        if (line.starts_with("data: ")) frame.data = line.substr(6);
        at = newline + 1;
      }
      frames_.push_back(std::move(frame));
    }
  }

  boost::asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::response_parser<http::empty_body> parser_;
  std::function<size_t(std::uint64_t, std::string_view, beast::error_code&)> on_chunk_body_;
  std::string text_;
  std::vector<SseFrame> frames_;
  unsigned status_ = 0;
  std::string content_type_;
  bool ended_ = false;
};

}  // namespace factura::e2e
