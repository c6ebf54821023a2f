// Webhook delivery load: events delivered per second to a local receiver with N endpoints, and
// the latency from a command's acknowledgement (its 201) to each endpoint's receipt.
//
//   webhook_load --port 8080 --key sk_… [--endpoints 10] [--customers 2000] [--writers 4]
//
// Needs a server with webhooks_allow_private_targets (bench/webhooks/run.sh starts one). The
// receiver is an Asio server in this process; it answers 200 at once and notes the arrival time
// of each (endpoint, customer id).
#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

std::string Option(int argc, char** argv, const std::string& name, std::string fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (argv[i] == "--" + name) return argv[i + 1];
  }
  return fallback;
}

// The first `"id":"…"` after `from` in `json`.
std::string IdAfter(const std::string& json, size_t from) {
  auto at = json.find("\"id\":\"", from);
  if (at == std::string::npos) return "";
  at += 6;
  return json.substr(at, json.find('"', at) - at);
}

struct Arrivals {
  std::mutex mutex;
  std::unordered_map<std::string, std::vector<Clock::time_point>> by_customer;
  size_t total = 0;
  Clock::time_point last;
};

asio::awaitable<void> Serve(tcp::socket socket, Arrivals& arrivals) {
  beast::flat_buffer buffer;
  while (true) {
    http::request<http::string_body> request;
    auto [error, ignored] =
        co_await http::async_read(socket, buffer, request, asio::as_tuple(asio::use_awaitable));
    (void)ignored;
    if (error) break;
    auto now = Clock::now();
    // data.object.id: the first id after "data".
    std::string customer = IdAfter(request.body(), request.body().find("\"data\":"));
    {
      std::lock_guard lock(arrivals.mutex);
      arrivals.by_customer[customer].push_back(now);
      ++arrivals.total;
      arrivals.last = now;
    }
    http::response<http::string_body> response{http::status::ok, 11};
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    auto [write_error, written] =
        co_await http::async_write(socket, response, asio::as_tuple(asio::use_awaitable));
    (void)written;
    if (write_error || !request.keep_alive()) break;
  }
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
}

asio::awaitable<void> Accept(tcp::acceptor& acceptor, Arrivals& arrivals) {
  while (true) {
    auto [error, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (error) co_return;
    asio::co_spawn(acceptor.get_executor(), Serve(std::move(socket), arrivals), asio::detached);
  }
}

class Client {
 public:
  Client(uint16_t port, std::string key) : stream_(io_), key_(std::move(key)) {
    stream_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  std::pair<unsigned, std::string> Post(const std::string& target, const std::string& body) {
    http::request<http::string_body> request{http::verb::post, target, 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::authorization, "Bearer " + key_);
    request.set(http::field::content_type, "application/json");
    request.body() = body;
    request.prepare_payload();
    http::write(stream_, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream_, buffer, response);
    return {response.result_int(), response.body()};
  }

 private:
  asio::io_context io_;
  beast::tcp_stream stream_;
  std::string key_;
};

double Percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t at =
      std::min(values.size() - 1, static_cast<size_t>(p * static_cast<double>(values.size())));
  return values[at];
}

}  // namespace

int main(int argc, char** argv) {
  auto port = static_cast<uint16_t>(std::stoi(Option(argc, argv, "port", "8080")));
  std::string key = Option(argc, argv, "key", "");
  int endpoints = std::stoi(Option(argc, argv, "endpoints", "10"));
  int customers = std::stoi(Option(argc, argv, "customers", "2000"));
  int writers = std::stoi(Option(argc, argv, "writers", "4"));
  if (key.empty()) {
    std::fprintf(stderr,
                 "usage: webhook_load --port P --key sk_… [--endpoints 10] "
                 "[--customers 2000] [--writers 4]\n");
    return 2;
  }

  Arrivals arrivals;
  asio::io_context receiver_io;
  tcp::acceptor acceptor(receiver_io, {asio::ip::make_address("127.0.0.1"), 0});
  uint16_t receiver_port = acceptor.local_endpoint().port();
  asio::co_spawn(receiver_io, Accept(acceptor, arrivals), asio::detached);
  std::thread receiver([&] { receiver_io.run(); });

  Client setup(port, key);
  for (int i = 0; i < endpoints; ++i) {
    auto [status, body] = setup.Post(
        "/v1/webhooks", R"({"url":"http://127.0.0.1:)" + std::to_string(receiver_port) + "/e" +
                            std::to_string(i) + R"(","events":["customer.created"]})");
    if (status != 201) {
      std::fprintf(stderr, "webhook_load: creating an endpoint failed (%u): %s\n", status,
                   body.c_str());
      return 1;
    }
  }

  std::mutex acks_mutex;
  std::unordered_map<std::string, Clock::time_point> acked;
  auto started = Clock::now();
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      Client client(port, key);
      for (int i = w; i < customers; i += writers) {
        auto [status, body] =
            client.Post("/v1/customers", R"({"name":"Load )" + std::to_string(i) + R"("})");
        auto now = Clock::now();
        if (status != 201) continue;
        std::lock_guard lock(acks_mutex);
        acked[IdAfter(body, 0)] = now;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  auto writes_done = Clock::now();
  size_t expected = acked.size() * static_cast<size_t>(endpoints);
  auto deadline = Clock::now() + std::chrono::seconds(300);
  while (Clock::now() < deadline) {
    {
      std::lock_guard lock(arrivals.mutex);
      if (arrivals.total >= expected) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  receiver_io.stop();
  receiver.join();

  std::vector<double> latencies_ms;
  for (const auto& [customer, times] : arrivals.by_customer) {
    auto ack = acked.find(customer);
    if (ack == acked.end()) continue;
    for (auto at : times) {
      latencies_ms.push_back(std::chrono::duration<double, std::milli>(at - ack->second).count());
    }
  }
  double seconds = std::chrono::duration<double>(arrivals.last - started).count();
  double write_seconds = std::chrono::duration<double>(writes_done - started).count();
  std::printf("endpoints %d, customers acknowledged %zu, deliveries expected %zu, received %zu\n",
              endpoints, acked.size(), expected, arrivals.total);
  std::printf("commands: %.0f/s over %.2f s\n", static_cast<double>(acked.size()) / write_seconds,
              write_seconds);
  std::printf("deliveries: %.0f/s (first command to last delivery, %.2f s)\n",
              static_cast<double>(arrivals.total) / seconds, seconds);
  std::printf("ack -> receiver latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f\n",
              Percentile(latencies_ms, 0.50), Percentile(latencies_ms, 0.90),
              Percentile(latencies_ms, 0.99), Percentile(latencies_ms, 1.0));
  return arrivals.total >= expected ? 0 : 1;
}
