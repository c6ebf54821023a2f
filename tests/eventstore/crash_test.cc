// Crash tests: a real process appending from many threads is killed with SIGKILL at random
// moments, again and again; after every restart each acknowledged event is present, positions
// have no holes, multi-stream appends are whole, and the hash chain verifies.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "eventstore/audit.h"
#include "eventstore/event_store.h"
#include "tests/support/store_testing.h"

namespace factura::eventstore {
namespace {

using testing::TempDir;
namespace fs = std::filesystem;

constexpr int kDriverThreads = 16;

pid_t StartDriver(const std::string& store, const std::string& acks) {
  pid_t pid = fork();
  if (pid == 0) {
    std::string threads = std::to_string(kDriverThreads);
    execl(FACTURA_CRASH_DRIVER, FACTURA_CRASH_DRIVER, store.c_str(), acks.c_str(), threads.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

uintmax_t AckBytes(const std::string& dir) {
  uintmax_t bytes = 0;
  for (const auto& entry : fs::directory_iterator(dir)) bytes += entry.file_size();
  return bytes;
}

// Runs the driver until it has acknowledged appends (a slow start, as under sanitizers, must
// not make a round empty), then for `run_for` more, then kills it with SIGKILL.
void RunAndKill(const std::string& store, const std::string& acks,
                std::chrono::milliseconds run_for) {
  uintmax_t before = AckBytes(acks);
  pid_t pid = StartDriver(store, acks);
  ASSERT_GT(pid, 0);
  for (int waited = 0; AckBytes(acks) == before && waited < 3000; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(run_for);
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the driver exited by itself with " << WEXITSTATUS(status);
}

struct Ack {
  uint64_t position;
  std::string stream;
  uint64_t version;
};

std::vector<Ack> ReadAcks(const std::string& dir) {
  std::vector<Ack> acks;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::ifstream in(entry.path());
    Ack ack;
    while (in >> ack.position >> ack.stream >> ack.version) acks.push_back(ack);
  }
  return acks;
}

// The store after a crash: dense, whole, verifiable. Returns its head.
uint64_t CheckConsistent(const std::string& path) {
  {
    auto store = EventStore::Open({.path = path});
    EXPECT_TRUE(store.has_value()) << store.error().message;
    if (!store) return 0;
    uint64_t head = (*store)->HeadPosition();
    uint64_t expected = 1;
    while (expected <= head) {
      auto page = (*store)->ReadLog(expected, 5000);
      EXPECT_TRUE(page.has_value());
      if (!page || page->empty()) break;
      for (const EventRecord& record : *page) EXPECT_EQ(record.position, expected++);
    }
    EXPECT_EQ(expected, head + 1) << "positions have a hole";
    for (int t = 0; t < kDriverThreads; ++t) {
      EXPECT_EQ((*store)->StreamVersion("crash_" + std::to_string(t)),
                (*store)->StreamVersion("mirror_" + std::to_string(t)))
          << "a two-stream append was applied by halves";
    }
  }
  auto reader = LogReader::Open(path);
  auto report = VerifyChain(**reader, nullptr);
  EXPECT_TRUE(report.has_value());
  EXPECT_FALSE(report->first_bad_position.has_value()) << report->problem;
  return (*reader)->LastPosition();
}

TEST(CrashTest, EveryAcknowledgedAppendSurvivesRepeatedKillNine) {
  TempDir dir;
  std::string store = dir.Sub("events");
  std::string acks = dir.Sub("acks");
  fs::create_directories(acks);
  std::mt19937 random(12345);
  uint64_t previous_head = 0;
  for (int round = 0; round < 6; ++round) {
    RunAndKill(store, acks, std::chrono::milliseconds(150 + random() % 350));
    uint64_t head = CheckConsistent(store);
    EXPECT_GT(head, previous_head) << "round " << round << " appended nothing";
    previous_head = head;
    auto opened = EventStore::Open({.path = store});
    ASSERT_TRUE(opened.has_value());
    std::vector<Ack> all = ReadAcks(acks);
    ASSERT_FALSE(all.empty());
    for (const Ack& ack : all) {
      auto record = (*opened)->ReadLog(ack.position, 1);
      ASSERT_TRUE(record.has_value() && !record->empty()) << "lost position " << ack.position;
      ASSERT_EQ(record->front().stream_id, ack.stream) << "position " << ack.position;
      ASSERT_EQ(record->front().stream_version, ack.version) << "position " << ack.position;
    }
  }
}

fs::path NewestWal(const std::string& store) {
  fs::path newest;
  for (const auto& entry : fs::directory_iterator(store)) {
    if (entry.path().extension() == ".log" &&
        (newest.empty() || entry.path().filename() > newest.filename())) {
      newest = entry.path();
    }
  }
  return newest;
}

TEST(CrashTest, ATornTailOfTheWalIsDroppedAndTheStoreStillOpens) {
  TempDir dir;
  std::string store = dir.Sub("events");
  fs::create_directories(dir.Sub("acks"));
  RunAndKill(store, dir.Sub("acks"), std::chrono::milliseconds(300));
  fs::path wal = NewestWal(store);
  ASSERT_FALSE(wal.empty());
  auto size = fs::file_size(wal);
  ASSERT_GT(size, 1000u);
  fs::resize_file(wal, size - 77);  // cut the last record in half
  EXPECT_GT(CheckConsistent(store), 0u);
}

TEST(CrashTest, CorruptionInTheMiddleOfTheWalRefusesToOpen) {
  TempDir dir;
  std::string store = dir.Sub("events");
  fs::create_directories(dir.Sub("acks"));
  RunAndKill(store, dir.Sub("acks"), std::chrono::milliseconds(300));
  fs::path wal = NewestWal(store);
  ASSERT_FALSE(wal.empty());
  auto size = fs::file_size(wal);
  ASSERT_GT(size, 100'000u) << "too little was written to corrupt the middle";
  {
    std::fstream file(wal, std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(static_cast<std::streamoff>(size / 3));
    char byte = 0;
    file.read(&byte, 1);
    byte = static_cast<char>(byte ^ 0x5A);
    file.seekp(static_cast<std::streamoff>(size / 3));
    file.write(&byte, 1);
  }
  auto opened = EventStore::Open({.path = store});
  ASSERT_FALSE(opened.has_value()) << "acknowledged events after the corruption were dropped";
  EXPECT_EQ(opened.error().kind, domain::ErrorKind::kDataLoss);
  EXPECT_THAT(opened.error().message, ::testing::HasSubstr("orruption"));
}

}  // namespace
}  // namespace factura::eventstore
