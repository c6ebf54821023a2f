// Event-store load measurements, side by side in one run (issue 3):
//   1. the disk's ceiling: write 4 KiB + fdatasync, one at a time;
//   2. durable appends one at a time (one caller);
//   3. durable appends from 64 concurrent callers (group commit);
//   4. full-log replay: read + decode every event on one thread.
//
//   build/bench/eventstore_load [--dir DIR] [--events N] [--replay-events N]
// DIR defaults to a new directory under the build tree's filesystem (/tmp is often tmpfs, where
// fsync costs nothing and the comparison would mean nothing).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <latch>
#include <mutex>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

#include "eventstore/event_store.h"
#include "eventstore/payload_codec.h"
#include "tests/support/store_testing.h"

namespace {

using namespace factura::eventstore;
using Clock = std::chrono::steady_clock;

struct Summary {
  double rate_per_second;
  double p50_ms;
  double p99_ms;
};

Summary Summarize(std::vector<double>& latencies_ms, double seconds, size_t operations) {
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto at = [&](double q) {
    return latencies_ms.empty()
               ? 0.0
               : latencies_ms[std::min(latencies_ms.size() - 1,
                                       static_cast<size_t>(q * latencies_ms.size()))];
  };
  return {static_cast<double>(operations) / seconds, at(0.50), at(0.99)};
}

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Summary RawFsync(const std::string& dir, int count) {
  std::string path = dir + "/fsync_probe";
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char> block(4096, 'x');
  std::vector<double> latencies;
  auto start = Clock::now();
  for (int i = 0; i < count; ++i) {
    auto t0 = Clock::now();
    if (write(fd, block.data(), block.size()) != 4096 || fdatasync(fd) != 0) std::abort();
    latencies.push_back(Since(t0) * 1000);
  }
  double seconds = Since(start);
  close(fd);
  std::filesystem::remove(path);
  return Summarize(latencies, seconds, static_cast<size_t>(count));
}

Summary Appends(EventStore& store, int callers, int total) {
  std::vector<std::vector<double>> latencies(static_cast<size_t>(callers));
  std::atomic<int> next{0};
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < callers; ++c) {
    threads.emplace_back([&, c] {
      for (int n = next++; n < total; n = next++) {
        auto t0 = Clock::now();
        auto result = store.Append(
            testing::OneEvent("bench_" + std::to_string(n % 1000), ExpectedVersion::Any(), n));
        if (!result) std::abort();
        latencies[static_cast<size_t>(c)].push_back(Since(t0) * 1000);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  double seconds = Since(start);
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  return Summarize(all, seconds, static_cast<size_t>(total));
}

// `in_flight` appends outstanding at all times, as the command processor keeps them: one
// submitting thread (the processor's role) encodes and submits; each durable callback frees a
// slot. Latency is from submission to the durable callback.
Summary PipelinedAppends(EventStore& store, int in_flight, int total) {
  std::counting_semaphore<1 << 20> slots(in_flight);
  std::mutex mutex;
  std::vector<double> latencies;
  latencies.reserve(static_cast<size_t>(total));
  std::latch finished(total);
  auto start = Clock::now();
  for (int n = 0; n < total; ++n) {
    slots.acquire();
    auto t0 = Clock::now();
    auto queued = store.AppendAsync(
        testing::OneEvent("bench_" + std::to_string(n % 1000), ExpectedVersion::Any(), n),
        [&, t0](factura::domain::Result<AppendResult> result) {
          if (!result) std::abort();
          {
            std::lock_guard lock(mutex);
            latencies.push_back(Since(t0) * 1000);
          }
          slots.release();
          finished.count_down();
        });
    if (!queued) std::abort();
  }
  finished.wait();
  return Summarize(latencies, Since(start), static_cast<size_t>(total));
}

// Fills the store quickly (many callers) up to `events`.
void Fill(EventStore& store, uint64_t events) {
  std::vector<std::thread> threads;
  std::atomic<uint64_t> next{store.HeadPosition()};
  for (int c = 0; c < 64; ++c) {
    threads.emplace_back([&] {
      while (true) {
        uint64_t n = next.fetch_add(10);
        if (n >= events) return;
        AppendRequest request = testing::OneEvent("fill_" + std::to_string(n % 5000));
        for (int k = 1; k < 10; ++k) {
          request.streams[0].events.push_back(
              testing::SampleEvent("cus_1", static_cast<int>(n) + k));
        }
        if (!store.Append(std::move(request))) std::abort();
      }
    });
  }
  for (auto& thread : threads) thread.join();
}

std::pair<double, uint64_t> Replay(const EventStore& store) {
  uint64_t position = 1, decoded = 0, bytes = 0;
  auto start = Clock::now();
  while (true) {
    uint64_t before = decoded;
    auto last = store.ScanLog(position, EventStore::kMaxPage, [&](const EventRecordView& record) {
      auto event = DecodePayload(record.type, record.schema_version, record.payload);
      if (!event) std::abort();
      bytes += record.payload.size();
      ++decoded;
      return true;
    });
    if (!last || decoded == before) break;
    position = *last + 1;
  }
  double seconds = Since(start);
  std::printf("  (replayed %llu events, average payload %llu bytes)\n",
              static_cast<unsigned long long>(decoded),
              static_cast<unsigned long long>(decoded ? bytes / decoded : 0));
  return {static_cast<double>(decoded) / seconds, decoded};
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = (std::filesystem::current_path() / "eventstore_load.tmp").string();
  int events = 20'000;
  uint64_t replay_events = 1'000'000;
  bool replay_only = false;  // reuse a store filled by an earlier run with --keep
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--replay-only") == 0) replay_only = true;
    if (std::strcmp(argv[i], "--keep") == 0) keep = true;
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--dir") == 0) dir = argv[i + 1];
    if (std::strcmp(argv[i], "--events") == 0) events = std::stoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--replay-events") == 0) replay_events = std::stoull(argv[i + 1]);
  }
  if (!replay_only) std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto store = EventStore::Open({.path = dir + "/events"});
  if (!store) {
    std::fprintf(stderr, "open: %s\n", store.error().message.c_str());
    return 1;
  }
  if (replay_only) {
    auto [rate, replayed] = Replay(**store);
    std::printf("%-44s %12.0f\n", "replay: read + decode, events/s (1 thread)", rate);
    return replayed > 0 ? 0 : 1;
  }
  std::printf("%-44s %12s %9s %9s\n", "scenario", "ops/s", "p50 ms", "p99 ms");
  Summary fsync = RawFsync(dir, 1000);
  std::printf("%-44s %12.0f %9.3f %9.3f\n", "write 4 KiB + fdatasync, one at a time",
              fsync.rate_per_second, fsync.p50_ms, fsync.p99_ms);
  Summary single = Appends(**store, 1, 1000);
  std::printf("%-44s %12.0f %9.3f %9.3f\n", "durable append, 1 caller", single.rate_per_second,
              single.p50_ms, single.p99_ms);
  Summary concurrent = Appends(**store, 64, events);
  std::printf("%-44s %12.0f %9.3f %9.3f\n", "durable append, 64 concurrent callers",
              concurrent.rate_per_second, concurrent.p50_ms, concurrent.p99_ms);
  Summary pipelined = PipelinedAppends(**store, 64, events);
  std::printf("%-44s %12.0f %9.3f %9.3f\n", "durable append, 64 in flight (async, pipelined)",
              pipelined.rate_per_second, pipelined.p50_ms, pipelined.p99_ms);
  std::printf("%-44s %12.1fx\n", "64 callers vs one-at-a-time fsync",
              concurrent.rate_per_second / fsync.rate_per_second);
  std::printf("%-44s %12.1fx\n", "64 in flight vs one-at-a-time fsync",
              pipelined.rate_per_second / fsync.rate_per_second);
  Fill(**store, replay_events);
  auto [replay_rate, replayed] = Replay(**store);
  std::printf("%-44s %12.0f\n", "replay: read + decode, events/s (1 thread)", replay_rate);
  store->reset();
  if (!keep) std::filesystem::remove_all(dir);
  return replayed > 0 ? 0 : 1;
}
