#pragma once
// A webhook receiver for the end-to-end tests: a real HTTP server on a free loopback port that
// records every request and answers as the test says (status, headers, a delay), plus the
// verification an integrator would write for both signature schemes, independent of the
// server's own signing code.

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace factura::e2e {

struct ReceivedRequest {
  std::string target;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::chrono::steady_clock::time_point at;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

struct ReceiverAnswer {
  unsigned status = 200;
  std::map<std::string, std::string> headers;
  std::chrono::milliseconds delay{0};
};

class WebhookReceiver {
 public:
  using Behaviour = std::function<ReceiverAnswer(const ReceivedRequest&, size_t nth)>;

  // With `certificate` and `key` (PEM files) it serves HTTPS.
  explicit WebhookReceiver(Behaviour behaviour = {}, const std::string& certificate = "",
                           const std::string& key = "")
      : behaviour_(std::move(behaviour)),
        acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    if (!certificate.empty()) {
      tls_ = std::make_unique<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
      tls_->use_certificate_chain_file(certificate);
      tls_->use_private_key_file(key, boost::asio::ssl::context::pem);
    }
    thread_ = std::thread([this] { Accept(); });
  }
  ~WebhookReceiver() {
    stopping_ = true;
    {
      // A blocking accept does not notice close(): a connection wakes it.
      boost::asio::io_context io;
      boost::asio::ip::tcp::socket wake(io);
      boost::system::error_code ignored;
      wake.connect({boost::asio::ip::make_address("127.0.0.1"), port()}, ignored);
    }
    thread_.join();
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [&] { return open_connections_ == 0; });
  }

  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::string Url(const std::string& path = "/hook", const std::string& host = "127.0.0.1") const {
    return std::string(tls_ ? "https://" : "http://") + host + ":" + std::to_string(port()) + path;
  }

  void SetBehaviour(Behaviour behaviour) {
    std::lock_guard lock(mutex_);
    behaviour_ = std::move(behaviour);
  }

  std::vector<ReceivedRequest> Requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

  // Waits (at most `timeout`) until `done` holds for the requests received so far.
  bool WaitFor(const std::function<bool(const std::vector<ReceivedRequest>&)>& done,
               std::chrono::milliseconds timeout = std::chrono::seconds(30)) const {
    std::unique_lock lock(mutex_);
    return received_.wait_for(lock, timeout, [&] { return done(requests_); });
  }

 private:
  void Accept() {
    while (!stopping_) {
      boost::system::error_code error;
      boost::asio::ip::tcp::socket socket(io_);
      acceptor_.accept(socket, error);
      if (error || stopping_) return;
      {
        std::lock_guard lock(mutex_);
        ++open_connections_;
      }
      std::thread([this, socket = std::move(socket)]() mutable {
        Serve(std::move(socket));
        std::lock_guard lock(mutex_);
        --open_connections_;
        idle_.notify_all();
      }).detach();
    }
  }

  void Serve(boost::asio::ip::tcp::socket socket) {
    if (!tls_) {
      Exchange(socket);
    } else {
      boost::asio::ssl::stream<boost::asio::ip::tcp::socket&> stream(socket, *tls_);
      boost::system::error_code error;
      stream.handshake(boost::asio::ssl::stream_base::server, error);
      if (!error) Exchange(stream);
    }
    boost::system::error_code ignored;
    socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  }

  template <typename Stream>
  void Exchange(Stream& socket) {
    namespace http = boost::beast::http;
    boost::beast::flat_buffer buffer;
    http::request<http::string_body> request;
    boost::system::error_code error;
    http::read(socket, buffer, request, error);
    if (error) return;
    ReceivedRequest received{
        std::string(request.target()), {}, request.body(), std::chrono::steady_clock::now()};
    for (const auto& field : request) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      received.headers[name] = std::string(field.value());
    }
    ReceiverAnswer answer;
    {
      std::lock_guard lock(mutex_);
      size_t nth = requests_.size();
      requests_.push_back(received);
      if (behaviour_) answer = behaviour_(received, nth);
    }
    received_.notify_all();
    std::this_thread::sleep_for(answer.delay);
    http::response<http::string_body> response{static_cast<http::status>(answer.status), 11};
    for (const auto& [name, value] : answer.headers) response.set(name, value);
    if (answer.status != 204) response.body() = "ok";
    response.prepare_payload();
    http::write(socket, response, error);
  }

  Behaviour behaviour_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  mutable std::condition_variable received_;
  std::condition_variable idle_;
  size_t open_connections_ = 0;
  std::vector<ReceivedRequest> requests_;
  std::thread thread_;
};

// --- Verification as an integrator writes it -------------------------------------------------

inline std::string Base64Encode(const unsigned char* bytes, size_t size) {
  std::string out(4 * ((size + 2) / 3), '\0');
  int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes, static_cast<int>(size));
  out.resize(static_cast<size_t>(n));
  return out;
}

inline std::string Base64Decode(const std::string& text) {
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return "";
  size_t padding = text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

inline std::string Hmac(const std::string& key, const std::string& message) {
  unsigned char mac[32];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &length);
  return std::string(reinterpret_cast<char*>(mac), length);
}

// Standard Webhooks: some "v1,<base64>" of the header matches, and the timestamp is within
// five minutes of `now_seconds`.
inline bool VerifyStandardWebhook(const std::string& secret, const ReceivedRequest& request,
                                  int64_t now_seconds) {
  std::string id = request.Header("webhook-id");
  std::string timestamp = request.Header("webhook-timestamp");
  if (id.empty() || timestamp.empty()) return false;
  int64_t sent = std::stoll(timestamp);
  if (sent < now_seconds - 300 || sent > now_seconds + 300) return false;
  std::string key = Base64Decode(secret.substr(secret.find('_') + 1));
  std::string mac = Hmac(key, id + "." + timestamp + "." + request.body);
  std::string expected =
      "v1," + Base64Encode(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
  std::string header = request.Header("webhook-signature");
  for (size_t at = 0; at < header.size();) {
    size_t space = std::min(header.find(' ', at), header.size());
    if (header.substr(at, space - at) == expected) return true;
    at = space + 1;
  }
  return false;
}

// Seed 000 §5: hex HMAC-SHA256 of the body, the whole secret as key.
inline bool VerifyHexSignature(const std::string& secret, const ReceivedRequest& request) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string mac = Hmac(secret, request.body);
  std::string hex;
  for (unsigned char c : mac) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return request.Header("x-webhook-signature") == hex;
}

inline int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace factura::e2e
