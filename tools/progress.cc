#include "tools/progress.h"

#include <unistd.h>

#include <cstdio>

namespace factura::tools {
namespace {

constexpr int kBarWidth = 24;
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);

std::string Grouped(uint64_t value) {
  std::string digits = std::to_string(value);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
    digits.insert(static_cast<size_t>(i), ",");
  }
  return digits;
}

}  // namespace

ProgressBar::ProgressBar(std::string unit)
    : unit_(std::move(unit)),
      enabled_(isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() {
  if (drawn_) std::fputc('\n', stderr);
}

void ProgressBar::Update(uint64_t done, uint64_t total) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  bool finished = total > 0 && done >= total;
  if (!finished && now - last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  double seconds = std::chrono::duration<double>(now - start_).count();
  double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  std::string line = "\r";
  if (total > 0) {
    double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    int filled = static_cast<int>(fraction * kBarWidth);
    line += "[" + std::string(static_cast<size_t>(filled), '=') + (filled < kBarWidth ? ">" : "") +
            std::string(static_cast<size_t>(std::max(0, kBarWidth - filled - 1)), ' ') + "] ";
    char percent[16];
    std::snprintf(percent, sizeof percent, "%3d%%  ", static_cast<int>(fraction * 100));
    line += percent;
    line += Grouped(done) + " / " + Grouped(total) + " " + unit_;
  } else {
    line += Grouped(done) + " " + unit_;
  }
  char tail[64];
  std::snprintf(tail, sizeof tail, "  %.0fk %s/s", rate / 1000, unit_.substr(0, 2).c_str());
  line += tail;
  if (total > 0 && rate > 0 && done < total) {
    auto eta = static_cast<uint64_t>(static_cast<double>(total - done) / rate);
    std::snprintf(tail, sizeof tail, "  ETA %llu:%02llu", static_cast<unsigned long long>(eta / 60),
                  static_cast<unsigned long long>(eta % 60));
    line += tail;
  }
  line += "   ";
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace factura::tools
