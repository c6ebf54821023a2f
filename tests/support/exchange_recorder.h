#pragma once
// Records the end-to-end tests' HTTP exchanges for the OpenAPI check (tests/openapi/): with
// FACTURA_EXCHANGES naming a directory, each exchange the test client makes is appended as one
// JSON line to <dir>/<pid>.jsonl — method, target, status, content type, body — and
// check_exchanges.py validates every one of them against the document. Bounded: at most
// kPerShape exchanges of one shape (method, status, path with ids blanked) per process, so load
// tests add little, and bodies past kMaxBody are recorded without their body.

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <string>

namespace factura::e2e {

class ExchangeRecorder {
 public:
  static void Record(std::string_view method, std::string_view target, unsigned status,
                     std::string_view content_type, std::string_view body) {
    static ExchangeRecorder recorder;
    recorder.Append(method, target, status, content_type, body);
  }

 private:
  static constexpr int kPerShape = 40;
  static constexpr size_t kMaxBody = 4 << 20;

  ExchangeRecorder() {
    const char* dir = std::getenv("FACTURA_EXCHANGES");
    if (dir == nullptr || *dir == '\0') return;
    std::string path = std::string(dir) + "/" + std::to_string(getpid()) + ".jsonl";
    fd_ = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  }

  static void Quote(std::string& out, std::string_view text) {
    out += '"';
    for (unsigned char c : text) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c < 0x20) {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
        out += escaped;
      } else {
        out += static_cast<char>(c);
      }
    }
    out += '"';
  }

  // The path with every segment that holds an id ("cus_…", digits) blanked.
  static std::string Shape(std::string_view method, std::string_view target, unsigned status) {
    std::string shape = std::string(method) + " " + std::to_string(status) + " ";
    std::string_view path = target.substr(0, target.find('?'));
    size_t start = 0;
    while (start < path.size()) {
      size_t end = path.find('/', start + 1);
      std::string_view segment = path.substr(start, end - start);
      bool id = segment.find('_') != std::string_view::npos ||
                segment.find_first_of("0123456789") != std::string_view::npos;
      shape += id ? std::string_view("/*") : segment;
      if (end == std::string_view::npos) break;
      start = end;
    }
    return shape;
  }

  void Append(std::string_view method, std::string_view target, unsigned status,
              std::string_view content_type, std::string_view body) {
    if (fd_ < 0) return;
    std::lock_guard lock(mutex_);
    if (++shapes_[Shape(method, target, status)] > kPerShape) return;
    std::string line = "{\"method\":";
    Quote(line, method);
    line += ",\"target\":";
    Quote(line, target);
    line += ",\"status\":" + std::to_string(status) + ",\"content_type\":";
    Quote(line, content_type);
    line += ",\"body\":";
    if (body.size() > kMaxBody) {
      line += "null";
    } else {
      Quote(line, body);
    }
    line += "}\n";
    // One write per line: lines of concurrent writers never interleave (O_APPEND).
    if (write(fd_, line.data(), line.size()) < 0) fd_ = -1;
  }

  int fd_ = -1;
  std::mutex mutex_;
  std::map<std::string, int> shapes_;
};

}  // namespace factura::e2e
