// A process for the crash tests to kill: appends from several threads until it is killed, and
// records each acknowledged append in its thread's file with write(2), so that what the store
// acknowledged is on record however abruptly the process ends.
//
//   eventstore_crash_driver <store_path> <ack_dir> <threads>
//
// Thread t appends to streams "crash_t" and "mirror_t" together, one event each, with exact
// expected versions: after any crash both streams must have the same version (all or nothing).
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "eventstore/event_store.h"
#include "tests/support/store_testing.h"

using namespace factura::eventstore;

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s store_path ack_dir threads\n", argv[0]);
    return 2;
  }
  auto store = EventStore::Open({.path = argv[1]});
  if (!store) {
    std::fprintf(stderr, "open failed: %s\n", store.error().message.c_str());
    return 1;
  }
  int thread_count = std::stoi(argv[3]);
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t) {
    threads.emplace_back([&, t] {
      std::string crash = "crash_" + std::to_string(t);
      std::string mirror = "mirror_" + std::to_string(t);
      std::string ack_path = std::string(argv[2]) + "/acks_" + std::to_string(t) + ".txt";
      int ack_file = open(ack_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      uint64_t version = (*store)->StreamVersion(crash).value_or(0);
      for (int n = 0;; ++n) {
        AppendRequest request;
        request.metadata = {"org_1", "ak_crash", "req_" + std::to_string(n), "", ""};
        request.streams.push_back(
            StreamAppend{crash,
                         ExpectedVersion::Exact(version),
                         {factura::eventstore::testing::SampleEvent("cus_1", n)}});
        request.streams.push_back(
            StreamAppend{mirror,
                         ExpectedVersion::Exact(version),
                         {factura::eventstore::testing::SampleEvent("cus_2", n)}});
        auto result = (*store)->Append(std::move(request));
        if (!result) {
          std::fprintf(stderr, "append failed: %s\n", result.error().message.c_str());
          _exit(1);
        }
        version = result->stream_versions[0];
        std::string line = std::to_string(result->first_position) + " " + crash + " " +
                           std::to_string(version) + "\n";
        if (write(ack_file, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
          _exit(1);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
}
