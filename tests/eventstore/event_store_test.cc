#include "eventstore/event_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <latch>
#include <mutex>
#include <thread>

#include "eventstore/payload_codec.h"
#include "eventstore/subscription.h"
#include "tests/support/domain_testing.h"
#include "tests/support/store_testing.h"

namespace factura::eventstore {
namespace {

using domain::testing::IsRejected;
using domain::testing::IsRejectedOn;
using testing::OneEvent;
using testing::Options;
using testing::SampleEvent;
using testing::TempDir;

std::unique_ptr<EventStore> OpenStore(EventStoreOptions options) {
  auto store = EventStore::Open(std::move(options));
  EXPECT_TRUE(store.has_value()) << (store ? "" : store.error().message);
  return store ? std::move(*store) : nullptr;
}

TEST(EventStoreTest, AppendsAreReadBackFromTheStreamAndTheLog) {
  TempDir dir;
  auto store = OpenStore(Options(dir));
  auto first = store->Append(OneEvent("org_1/cus_1", ExpectedVersion::NoStream(), 1));
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(first->first_position, 1u);
  EXPECT_EQ(first->stream_versions, std::vector<uint64_t>{1});
  auto second = store->Append(OneEvent("org_1/cus_1", ExpectedVersion::Exact(1), 2));
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->last_position, 2u);
  EXPECT_EQ(store->HeadPosition(), 2u);

  auto stream = store->ReadStream("org_1/cus_1", 1, 100);
  ASSERT_TRUE(stream.has_value());
  ASSERT_EQ(stream->size(), 2u);
  EXPECT_EQ((*stream)[1].stream_version, 2u);
  EXPECT_EQ((*stream)[1].request_id, "req_2");
  EXPECT_EQ((*stream)[0].organization_id, "org_1");
  EXPECT_EQ((*stream)[0].actor, "ak_test");
  EXPECT_EQ((*stream)[1].previous_hash, (*stream)[0].hash);
  auto event = DecodePayload((*stream)[0].type, (*stream)[0].schema_version, (*stream)[0].payload);
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(*event, SampleEvent("cus_1", 1));
  EXPECT_EQ(store->StreamVersion("org_1/cus_1"), 1u + 1u);
  EXPECT_EQ(store->StreamVersion("org_1/nobody"), 0u);
  EXPECT_EQ(store->HeadHash(), (*stream)[1].hash);
}

TEST(EventStoreTest, ExpectedVersionsAreEnforcedAndConflictsNameTheActualVersion) {
  TempDir dir;
  auto store = OpenStore(Options(dir));
  EXPECT_THAT(store->Append(OneEvent("s", ExpectedVersion::Exists())),
              IsRejectedOn("wrong_expected_version", "s"));
  ASSERT_TRUE(store->Append(OneEvent("s", ExpectedVersion::NoStream())).has_value());
  auto conflict = store->Append(OneEvent("s", ExpectedVersion::NoStream()));
  EXPECT_THAT(conflict, IsRejectedOn("wrong_expected_version", "s"));
  EXPECT_EQ(conflict.error().kind, domain::ErrorKind::kConflict);
  EXPECT_THAT(conflict.error().message, ::testing::HasSubstr("version 1"));
  EXPECT_THAT(store->Append(OneEvent("s", ExpectedVersion::Exact(5))),
              IsRejected("wrong_expected_version"));
  EXPECT_TRUE(store->Append(OneEvent("s", ExpectedVersion::Exists())).has_value());
  EXPECT_TRUE(store->Append(OneEvent("s", ExpectedVersion::Any())).has_value());
  EXPECT_EQ(store->StreamVersion("s"), 3u);
  EXPECT_EQ(store->HeadPosition(), 3u);  // failed appends used no positions
}

TEST(EventStoreTest, AMultiStreamAppendIsAllOrNothing) {
  TempDir dir;
  auto store = OpenStore(Options(dir));
  ASSERT_TRUE(store->Append(OneEvent("b", ExpectedVersion::NoStream())).has_value());
  AppendRequest both;
  both.streams.push_back({"a", ExpectedVersion::NoStream(), {SampleEvent("cus_a")}});
  both.streams.push_back({"b", ExpectedVersion::NoStream(), {SampleEvent("cus_b")}});
  EXPECT_THAT(store->Append(both), IsRejectedOn("wrong_expected_version", "b"));
  EXPECT_EQ(store->StreamVersion("a"), 0u);
  EXPECT_EQ(store->HeadPosition(), 1u);

  both.streams[1].expected = ExpectedVersion::Exact(1);
  both.streams[0].events.push_back(SampleEvent("cus_a", 2));
  auto result = store->Append(both);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->stream_versions, (std::vector<uint64_t>{2, 2}));
  EXPECT_EQ(result->first_position, 2u);
  EXPECT_EQ(result->last_position, 4u);
  EXPECT_EQ(result->event_ids.size(), 3u);
}

TEST(EventStoreTest, BadAppendsAreRefusedBeforeQueueing) {
  TempDir dir;
  auto store = OpenStore(Options(dir));
  EXPECT_THAT(store->Append(OneEvent(std::string("a\0b", 3))), IsRejected("invalid_stream_id"));
  EXPECT_THAT(store->Append(OneEvent("")), IsRejected("invalid_stream_id"));
  AppendRequest twice = OneEvent("s");
  twice.streams.push_back(twice.streams[0]);
  EXPECT_THAT(store->Append(twice), IsRejected("duplicate_stream"));
  AppendRequest bad_key = OneEvent("s");
  bad_key.idempotency = IdempotencyRecord{.organization_id = "org_1", .key = "has space"};
  EXPECT_THAT(store->Append(bad_key), IsRejected("invalid_idempotency_key"));
}

TEST(EventStoreTest, CompletionsArriveInSubmissionOrderAcrossPipelinedAppends) {
  TempDir dir;
  auto store = OpenStore(Options(dir));
  constexpr int kAppends = 500;
  std::mutex mutex;
  std::vector<uint64_t> positions;
  std::latch done(kAppends);
  for (int i = 0; i < kAppends; ++i) {
    ASSERT_TRUE(store
                    ->AppendAsync(OneEvent("stream_" + std::to_string(i % 7)),
                                  [&](domain::Result<AppendResult> result) {
                                    std::lock_guard lock(mutex);
                                    positions.push_back(result ? result->first_position : 0);
                                    done.count_down();
                                  })
                    .has_value());
  }
  done.wait();
  ASSERT_EQ(positions.size(), static_cast<size_t>(kAppends));
  for (int i = 0; i < kAppends; ++i) EXPECT_EQ(positions[i], static_cast<uint64_t>(i + 1));
}

TEST(EventStoreTest, AFullQueueFailsFastWithUnavailable) {
  TempDir dir;
  EventStoreOptions options = Options(dir);
  options.max_queued_appends = 4;
  auto store = OpenStore(options);
  // The first append's callback holds the completion thread: completions back up, then the
  // writer stops taking appends, then the bounded queue refuses new ones.
  std::latch release(1);
  std::latch held(1);
  ASSERT_TRUE(store
                  ->AppendAsync(OneEvent("s"),
                                [&](auto) {
                                  held.count_down();
                                  release.wait();
                                })
                  .has_value());
  held.wait();
  std::atomic<int> answered = 0;
  int accepted = 0;
  domain::Result<void> refused;
  for (int i = 0; i < 10'000; ++i) {
    refused = store->AppendAsync(OneEvent("s"), [&](auto) { ++answered; });
    if (!refused) break;
    ++accepted;
  }
  ASSERT_FALSE(refused.has_value()) << "the queue never filled";
  EXPECT_THAT(refused, IsRejected("write_queue_full"));
  EXPECT_EQ(refused.error().kind, domain::ErrorKind::kUnavailable);
  release.count_down();
  store.reset();  // drains the queue and the completions
  EXPECT_EQ(answered.load(), accepted);
}

// Group commit under load (EventStoreOptions::commit_wait). The writer reads the clock once per
// commit, before writing: a clock that can be held stops it there, so that appends queue up
// behind a commit and the next batch is as large as the test wants.
class HeldClock {
 public:
  domain::Timestamp Now() {
    std::unique_lock lock(mutex_);
    if (hold_) {
      waiting_ = true;
      changed_.notify_all();
      changed_.wait(lock, [&] { return !hold_; });
    }
    return domain::Timestamp{1'736'937'000'000'000};
  }
  void Hold() {
    std::lock_guard lock(mutex_);
    hold_ = true;
    waiting_ = false;
  }
  void AwaitWriter() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return waiting_; });
  }
  void Release() {
    std::lock_guard lock(mutex_);
    hold_ = false;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool hold_ = false;
  bool waiting_ = false;
};

class GroupCommitTest : public ::testing::Test {
 protected:
  static constexpr size_t kMinAppends = 4;
  // Far longer than any test: a writer that waits when it should not never answers in time.
  static constexpr std::chrono::hours kWait{1};
  static constexpr std::chrono::seconds kPatience{60};

  GroupCommitTest() {
    EventStoreOptions options = Options(dir_);
    options.clock = [this] { return clock_.Now(); };
    options.commit_min_appends = kMinAppends;
    options.commit_wait = kWait;
    store_ = OpenStore(std::move(options));
  }

  // The outcome of one append, delivered by the completion thread.
  std::future<domain::Result<AppendResult>> AppendAsync(int n) {
    auto promise = std::make_shared<std::promise<domain::Result<AppendResult>>>();
    auto future = promise->get_future();
    EXPECT_TRUE(
        store_
            ->AppendAsync(OneEvent("stream_" + std::to_string(n), ExpectedVersion::Any(), n),
                          [promise](domain::Result<AppendResult> result) {
                            promise->set_value(std::move(result));
                          })
            .has_value());
    return future;
  }

  // A batch of kMinAppends + 4 appends: one append held in its commit while the others queue.
  void Load() {
    clock_.Hold();
    std::vector<std::future<domain::Result<AppendResult>>> done;
    done.push_back(AppendAsync(0));
    clock_.AwaitWriter();
    for (int n = 1; n <= static_cast<int>(kMinAppends) + 4; ++n) done.push_back(AppendAsync(n));
    clock_.Release();
    for (auto& outcome : done) ASSERT_TRUE(outcome.get().has_value());
  }

  TempDir dir_;
  HeldClock clock_;
  std::unique_ptr<EventStore> store_;
};

TEST_F(GroupCommitTest, AQuietStoreCommitsALoneAppendAtOnce) {
  auto outcome = AppendAsync(1);
  ASSERT_EQ(outcome.wait_for(kPatience), std::future_status::ready);
  EXPECT_TRUE(outcome.get().has_value());
}

TEST_F(GroupCommitTest, UnderLoadAFewAppendsWaitForMoreAndShareOneCommit) {
  Load();
  uint64_t batches = store_->GetStats().batches;
  std::vector<std::future<domain::Result<AppendResult>>> done;
  for (int n = 100; n < 100 + static_cast<int>(kMinAppends) - 1; ++n) {
    done.push_back(AppendAsync(n));
    // Time for a writer that does not wait to commit it alone.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(done.back().wait_for(std::chrono::seconds(0)), std::future_status::timeout);
  }
  done.push_back(AppendAsync(200));  // the kMinAppends-th: the writer commits them all
  for (auto& outcome : done) {
    ASSERT_EQ(outcome.wait_for(kPatience), std::future_status::ready);
    EXPECT_TRUE(outcome.get().has_value());
  }
  EXPECT_EQ(store_->GetStats().batches, batches + 1);
}

TEST_F(GroupCommitTest, StoppingCommitsTheAppendsTheWriterWasWaitingWith) {
  Load();
  auto outcome = AppendAsync(100);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the writer is waiting for more
  std::thread stop([&] { store_.reset(); });
  ASSERT_EQ(outcome.wait_for(kPatience), std::future_status::ready);
  auto result = outcome.get();
  ASSERT_TRUE(result.has_value());
  stop.join();
  store_ = OpenStore(Options(dir_));
  auto records = store_->ReadLog(result->first_position, 1);
  ASSERT_TRUE(records.has_value());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ(records->at(0).stream_id, "stream_100");
}

TEST(EventStoreTest, DataAndTheHeadHashSurviveReopening) {
  TempDir dir;
  Hash head;
  {
    auto store = OpenStore(Options(dir));
    for (int i = 0; i < 10; ++i)
      ASSERT_TRUE(store->Append(OneEvent("s", ExpectedVersion::Any(), i)).has_value());
    head = store->HeadHash();
  }
  auto store = OpenStore(Options(dir));
  EXPECT_EQ(store->HeadPosition(), 10u);
  EXPECT_EQ(store->HeadHash(), head);
  auto next = store->Append(OneEvent("s", ExpectedVersion::Exact(10)));
  ASSERT_TRUE(next.has_value());
  auto records = store->ReadLog(11, 1);
  EXPECT_EQ(records->at(0).previous_hash, head);
}

TEST(EventStoreTest, AfterReopeningTheWriterFindsEveryStreamsVersionOnDisk) {
  // A stream's head not in memory comes from the files (the bloom-filtered probe of its first
  // event, then its last): the streams written before reopening exist, another does not.
  TempDir dir;
  {
    auto store = OpenStore(Options(dir));
    for (int i = 0; i < 3; ++i)
      ASSERT_TRUE(store->Append(OneEvent("s", ExpectedVersion::Any(), i)).has_value());
    ASSERT_TRUE(store->Append(OneEvent("t", ExpectedVersion::NoStream())).has_value());
  }
  auto store = OpenStore(Options(dir));
  EXPECT_EQ(store->StreamVersion("s"), 3u);
  EXPECT_EQ(store->StreamVersion("t"), 1u);
  EXPECT_EQ(store->StreamVersion("never"), 0u);
  auto conflict = store->Append(OneEvent("s", ExpectedVersion::NoStream()));
  EXPECT_THAT(conflict, IsRejectedOn("wrong_expected_version", "s"));
  EXPECT_THAT(conflict.error().message, ::testing::HasSubstr("version 3"));
  EXPECT_THAT(store->Append(OneEvent("t", ExpectedVersion::Exact(0))),
              IsRejectedOn("wrong_expected_version", "t"));
  EXPECT_TRUE(store->Append(OneEvent("u", ExpectedVersion::NoStream())).has_value());
  auto next = store->Append(OneEvent("s", ExpectedVersion::Exact(3)));
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->stream_versions, std::vector<uint64_t>{4});
}

TEST(EventStoreTest, ReadsArePagedAndBounded) {
  TempDir dir;
  auto store = OpenStore(Options(dir));
  for (int i = 0; i < 25; ++i) {
    ASSERT_TRUE(
        store->Append(OneEvent(i % 2 ? "odd" : "even", ExpectedVersion::Any(), i)).has_value());
  }
  auto page = store->ReadLog(10, 5);
  ASSERT_EQ(page->size(), 5u);
  EXPECT_EQ(page->front().position, 10u);
  EXPECT_EQ(page->back().position, 14u);
  auto stream = store->ReadStream("odd", 3, 4);
  ASSERT_EQ(stream->size(), 4u);
  EXPECT_EQ(stream->front().stream_version, 3u);
  EXPECT_EQ(stream->front().position, 6u);  // the 3rd odd append was the 6th overall
  EXPECT_TRUE(store->ReadLog(26, 10)->empty());
  EXPECT_EQ(store->ReadStream("even", 1, 1'000'000)->size(), 13u);
}

class IdempotencyTest : public ::testing::Test {
 protected:
  IdempotencyTest() {
    EventStoreOptions options = Options(dir_);
    options.clock = [this] { return domain::Timestamp{now_.load()}; };
    store_ = OpenStore(options);
  }

  AppendRequest WithKey(std::string key, int n = 0) {
    AppendRequest request = OneEvent("s", ExpectedVersion::Any(), n);
    request.idempotency = IdempotencyRecord{
        .organization_id = "org_1",
        .key = std::move(key),
        .fingerprint = "fp",
        .response = R"(c{"id":"cus_1"})",
        .created_at = domain::Timestamp{now_.load()},
        .expires_at = domain::Timestamp{now_.load() + kIdempotencyRetentionMicros}};
    return request;
  }

  TempDir dir_;
  std::atomic<int64_t> now_{1'736'937'000'000'000};
  std::unique_ptr<EventStore> store_;
};

TEST_F(IdempotencyTest, TheRecordIsWrittenWithTheEventsAndFoundAgain) {
  auto result = store_->Append(WithKey("key-1"));
  ASSERT_TRUE(result.has_value());
  auto found = store_->LookupIdempotency("org_1", "key-1");
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->response, R"(c{"id":"cus_1"})");
  EXPECT_EQ((*found)->position, result->last_position);
  EXPECT_FALSE(store_->LookupIdempotency("org_2", "key-1")->has_value());  // per organization
}

TEST_F(IdempotencyTest, ASecondAppendWithTheSameKeyWritesNothing) {
  ASSERT_TRUE(store_->Append(WithKey("key-1")).has_value());
  EXPECT_THAT(store_->Append(WithKey("key-1")), IsRejected("idempotency_key_used"));
  EXPECT_EQ(store_->HeadPosition(), 1u);
}

TEST_F(IdempotencyTest, ConcurrentAppendsWithOneKeyProduceOneSetOfEvents) {
  constexpr int kThreads = 16;
  std::atomic<int> won = 0, refused = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto result = store_->Append(WithKey("same", i));
      (result ? won : refused)++;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(refused.load(), kThreads - 1);
  EXPECT_EQ(store_->HeadPosition(), 1u);
}

TEST_F(IdempotencyTest, RecordsExpireAfterTheirRetentionAndAreSweptAway) {
  ASSERT_TRUE(store_->Append(WithKey("old")).has_value());
  now_ += kIdempotencyRetentionMicros - 1;
  EXPECT_TRUE(store_->LookupIdempotency("org_1", "old")->has_value());
  EXPECT_EQ(store_->SweepExpiredIdempotency(), 0u);
  now_ += 2;
  EXPECT_FALSE(store_->LookupIdempotency("org_1", "old")->has_value());
  EXPECT_TRUE(store_->Append(WithKey("old", 1)).has_value());  // an expired key may be reused
  now_ += kIdempotencyRetentionMicros + 1;
  EXPECT_EQ(store_->SweepExpiredIdempotency(), 1u);
}

TEST(SubscriptionTest, CatchesUpThenFollowsTheHeadWithoutGapsOrRepeats) {
  TempDir dir;
  auto store = OpenStore(Options(dir));
  for (int i = 0; i < 300; ++i)
    ASSERT_TRUE(store->Append(OneEvent("s", ExpectedVersion::Any(), i)).has_value());
  constexpr int kTotal = 1300;
  std::thread writer([&] {
    for (int i = 300; i < kTotal; ++i) {
      auto appended =
          store->Append(OneEvent("w" + std::to_string(i % 5), ExpectedVersion::Any(), i));
      ASSERT_TRUE(appended.has_value());
    }
  });
  Subscription subscription(*store, 0);
  std::vector<uint64_t> seen;
  while (seen.size() < kTotal) {
    auto batch = subscription.Next(64, std::chrono::seconds(10));
    ASSERT_TRUE(batch.has_value());
    ASSERT_FALSE(batch->empty()) << "timed out at " << seen.size();
    for (const EventRecord& record : *batch) seen.push_back(record.position);
  }
  writer.join();
  for (size_t i = 0; i < seen.size(); ++i) ASSERT_EQ(seen[i], i + 1);
  EXPECT_EQ(subscription.position(), static_cast<uint64_t>(kTotal));
  auto idle = subscription.Next(10, std::chrono::milliseconds(20));
  ASSERT_TRUE(idle.has_value());
  EXPECT_TRUE(idle->empty());
}

TEST(ConcurrencyTest, ExactlyOneAppendWinsPerExpectedVersionAndPositionsStayDense) {
  TempDir dir;
  auto store = OpenStore(Options(dir));
  constexpr int kThreads = 8;
  constexpr int kRounds = 60;
  std::atomic<int> wins = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        std::string stream = "hot_" + std::to_string(round % 3);
        auto version = store->StreamVersion(stream);
        ASSERT_TRUE(version.has_value());
        auto result = store->Append(OneEvent(stream, ExpectedVersion::Exact(*version), t));
        if (result) {
          ++wins;
        } else {
          ASSERT_EQ(result.error().code, "wrong_expected_version");
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  uint64_t total = 0;
  for (int s = 0; s < 3; ++s) {
    auto records = store->ReadStream("hot_" + std::to_string(s), 1, 100'000);
    for (size_t i = 0; i < records->size(); ++i) {
      EXPECT_EQ((*records)[i].stream_version, i + 1);
    }
    total += records->size();
  }
  EXPECT_EQ(total, static_cast<uint64_t>(wins.load()));
  auto log = store->ReadLog(1, 100'000);
  ASSERT_EQ(log->size(), total);
  for (size_t i = 0; i < log->size(); ++i) {
    EXPECT_EQ((*log)[i].position, i + 1);
    if (i > 0) {
      EXPECT_EQ((*log)[i].previous_hash, (*log)[i - 1].hash);
    }
  }
}

}  // namespace
}  // namespace factura::eventstore
