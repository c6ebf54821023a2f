#pragma once
// A progress bar for long operator commands, drawn on standard error when it is a terminal and
// silent otherwise (so logs and pipes stay clean):
//   [=========>          ]  48%  482,133 / 1,000,000 events  812k ev/s  ETA 0:01

#include <chrono>
#include <cstdint>
#include <string>

namespace factura::tools {

class ProgressBar {
 public:
  explicit ProgressBar(std::string unit);
  ~ProgressBar();  // ends the line if anything was drawn

  // `total` 0 means unknown: then only the count and rate are shown.
  void Update(uint64_t done, uint64_t total);

 private:
  std::string unit_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace factura::tools
