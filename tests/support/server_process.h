#pragma once
// End-to-end test support: the real `factura serve`, started on a free loopback port with a
// temporary data directory, and a small synchronous HTTP client to talk to it.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/exchange_recorder.h"

namespace factura::e2e {

class ServerProcess {
 public:
  // Starts `factura serve --port 0 --data-dir <data_dir>` plus `extra` arguments and waits for
  // its "listening" line. The process is killed (SIGKILL) by the destructor if still running.
  // With `stderr_file`, its standard error (the log) goes to that file.
  explicit ServerProcess(std::string data_dir, std::vector<std::string> extra = {},
                         std::string stderr_file = "") {
    int out[2];
    if (pipe(out) != 0) std::abort();
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      if (!stderr_file.empty()) {
        FILE* log = std::fopen(stderr_file.c_str(), "w");
        if (log == nullptr) _exit(126);
        dup2(fileno(log), STDERR_FILENO);
      }
      close(out[0]);
      close(out[1]);
      std::vector<std::string> args{FACTURA_BINARY, "--data-dir", data_dir, "serve", "--port", "0"};
      args.insert(args.end(), extra.begin(), extra.end());
      std::vector<char*> argv;
      for (std::string& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      execv(FACTURA_BINARY, argv.data());
      _exit(127);
    }
    close(out[1]);
    stdout_ = fdopen(out[0], "r");
    char line[512];
    while (std::fgets(line, sizeof line, stdout_) != nullptr) {
      std::string text(line);
      output_ += text;
      if (auto key = text.find("sk_"); key != std::string::npos) {
        admin_key_ = text.substr(key, text.find_first_of(" \n", key) - key);
      }
      if (auto org = text.find("organization org_"); org != std::string::npos) {
        organization_id_ = text.substr(org + 13, text.find(' ', org + 13) - (org + 13));
      }
      auto at = text.find("listening on http");  // http:// or https://
      if (at != std::string::npos) {
        port_ = static_cast<uint16_t>(std::stoi(text.substr(text.rfind(':') + 1)));
        break;
      }
    }
  }

  ~ServerProcess() {
    if (pid_ > 0 && !exited_) Kill();
    if (stdout_ != nullptr) std::fclose(stdout_);
  }

  uint16_t port() const { return port_; }
  bool started() const { return port_ != 0; }
  const std::string& output() const { return output_; }
  // Printed on first start only.
  const std::string& admin_key() const { return admin_key_; }
  const std::string& organization_id() const { return organization_id_; }

  // Sends SIGTERM and returns the exit status (or -1 if it died by a signal).
  int Terminate() {
    kill(pid_, SIGTERM);
    return Wait();
  }
  void Kill() {
    kill(pid_, SIGKILL);
    Wait();
  }

 private:
  int Wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    exited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  pid_t pid_ = -1;
  bool exited_ = false;
  FILE* stdout_ = nullptr;
  uint16_t port_ = 0;
  std::string output_;
  std::string admin_key_;
  std::string organization_id_;
};

// Runs `factura <arguments>` to completion; returns its standard output.
inline std::string RunFactura(const std::string& arguments) {
  std::string command = std::string(FACTURA_BINARY) + " " + arguments;
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  pclose(pipe);
  return output;
}

struct Reply {
  unsigned status = 0;
  std::map<std::string, std::string> headers;
  std::string body;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// A request to the server on loopback: a JSON body (when given) and `headers`.
inline boost::beast::http::request<boost::beast::http::string_body> ApiRequest(
    boost::beast::http::verb method, const std::string& target, const std::string& body,
    const std::map<std::string, std::string>& headers) {
  namespace http = boost::beast::http;
  http::request<http::string_body> request{method, target, 11};
  request.set(http::field::host, "127.0.0.1");
  if (!body.empty()) request.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  return request;
}

// One keep-alive connection; reconnects when the server closed it.
class HttpClient {
 public:
  explicit HttpClient(uint16_t port) : port_(port), stream_(io_) {}

  Reply Send(boost::beast::http::verb method, const std::string& target,
             const std::string& body = "", std::map<std::string, std::string> headers = {}) {
    namespace http = boost::beast::http;
    if (!stream_.socket().is_open()) {
      stream_.connect(
          boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_));
    }
    http::write(stream_, ApiRequest(method, target, body, headers));
    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    http::read(stream_, buffer, parser);
    auto response = parser.release();
    ExchangeRecorder::Record(http::to_string(method), target, response.result_int(),
                             response[http::field::content_type], response.body());
    Reply reply{response.result_int(), {}, response.body()};
    for (const auto& field : response) {
      reply.headers[std::string(field.name_string())] = std::string(field.value());
    }
    if (!response.keep_alive()) {
      boost::system::error_code ignored;
      stream_.socket().close(ignored);
    }
    return reply;
  }

  Reply Get(const std::string& target, std::map<std::string, std::string> headers = {}) {
    return Send(boost::beast::http::verb::get, target, "", std::move(headers));
  }
  Reply Post(const std::string& target, const std::string& body,
             std::map<std::string, std::string> headers = {}) {
    return Send(boost::beast::http::verb::post, target, body, std::move(headers));
  }

 private:
  uint16_t port_;
  boost::asio::io_context io_;
  boost::beast::tcp_stream stream_;
};

// Sends raw bytes on a new connection and returns whatever comes back before the server closes
// it (or `wait` passes), for malformed or slow requests the client above would not send.
inline std::string RawExchange(uint16_t port, const std::string& bytes,
                               std::chrono::milliseconds wait = std::chrono::seconds(5)) {
  boost::asio::io_context io;
  boost::beast::tcp_stream stream(io);
  stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  boost::asio::write(stream.socket(), boost::asio::buffer(bytes));
  std::string received;
  char chunk[4096];
  stream.expires_after(wait);
  while (true) {
    boost::system::error_code error;
    size_t n = stream.socket().read_some(boost::asio::buffer(chunk), error);
    received.append(chunk, n);
    if (error) break;
  }
  return received;
}

// The log head from /readyz: what tests compare to show that a refused request wrote nothing.
inline std::string LogHead(HttpClient& client) {
  std::string body = client.Get("/readyz").body;
  auto at = body.find("\"log_head\":");
  return at == std::string::npos ? body : body.substr(at, body.find_first_of(",}", at) - at);
}

// The first string value of `"name":"…"` in a JSON text ("" when there is none): enough for
// tests to pick ids and states out of a response without a JSON library.
inline std::string Field(const std::string& json, const std::string& name) {
  auto at = json.find("\"" + name + "\":\"");
  if (at == std::string::npos) return "";
  at += name.size() + 4;
  return json.substr(at, json.find('"', at) - at);
}

// The first value of `"name":` as text: a string's contents, or a number, true, false or null.
inline std::string AnyField(const std::string& json, const std::string& name) {
  auto at = json.find("\"" + name + "\":");
  if (at == std::string::npos) return "";
  at += name.size() + 3;
  if (json[at] == '"') return json.substr(at + 1, json.find('"', at + 1) - at - 1);
  return json.substr(at, json.find_first_of(",}", at) - at);
}

}  // namespace factura::e2e
