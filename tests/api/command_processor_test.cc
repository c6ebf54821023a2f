// The command processor against a real event store: commands decided in order against the state
// the one before left, answered once durable, idempotency keys settled in command order.
#include "api/command_processor.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>

#include "api/aggregate_reader.h"
#include "api/commands/customer_commands.h"
#include "tests/support/processor_harness.h"

namespace factura::api {
namespace {

class CommandProcessorTest : public ::testing::Test {
 protected:
  domain::Result<CommandReply> Run(Command command, std::string idempotency_key = "",
                                   std::string fingerprint = "") {
    return harness_.TryRun(std::move(command), std::move(idempotency_key), std::move(fingerprint));
  }
  static std::string IdOf(CommandReply& reply) {
    return testing::ProcessorHarness::IdOf(std::move(reply));
  }

  eventstore::testing::TempDir dir_;
  // Now: the store keeps an idempotency record a day after its own clock's now.
  domain::Timestamp now_{std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count()};
  testing::ProcessorHarness harness_{dir_, [this] { return now_; }};
  eventstore::EventStore* store_ = &harness_.store();
  CommandProcessor* processor_ = &harness_.processor();
  std::string organization_ = harness_.organization_id();
};

TEST_F(CommandProcessorTest, AReplyComesOnceItsEventsAreDurableAndNamesTheirPosition) {
  uint64_t head = store_->HeadPosition();
  auto created = Run(commands::CreateCustomer({.name = "ACME"}));
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->effect, Effect::kCreated);
  EXPECT_FALSE(created->replayed);
  EXPECT_EQ(created->position, head + 1);
  EXPECT_GE(store_->HeadPosition(), created->position);  // durable before answered
  std::string id = IdOf(*created);
  auto stored = ReadAggregate<domain::CustomerState>(*store_, organization_, id, std::nullopt);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->profile.name, "ACME");
}

TEST_F(CommandProcessorTest, EachCommandDecidesAgainstTheStateTheOneBeforeLeft) {
  auto created = Run(commands::CreateCustomer({.name = "ACME"}));
  ASSERT_TRUE(created);
  std::string id = IdOf(*created);
  // Submitted back to back, without waiting: the second sees the first's version.
  std::promise<domain::Result<CommandReply>> first, second;
  domain::UpdateCustomer rename;
  rename.name = domain::Patch<std::string>::Set("ACME Corp");
  ASSERT_TRUE(processor_->Submit(
      {organization_, "ak_test", "req_2", "", ""}, commands::UpdateCustomer(id, rename, 1),
      [&](domain::Result<CommandReply> reply) { first.set_value(std::move(reply)); }));
  rename.name = domain::Patch<std::string>::Set("ACME Corporation");
  ASSERT_TRUE(processor_->Submit(
      {organization_, "ak_test", "req_3", "", ""}, commands::UpdateCustomer(id, rename, 2),
      [&](domain::Result<CommandReply> reply) { second.set_value(std::move(reply)); }));
  auto one = first.get_future().get();
  auto two = second.get_future().get();
  ASSERT_TRUE(one) << one.error().message;
  ASSERT_TRUE(two) << two.error().message;
  EXPECT_LT(one->position, two->position);
  // A stale If-Match is refused naming the version it is at.
  auto stale = Run(commands::UpdateCustomer(id, rename, 1));
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, "version_mismatch");
  EXPECT_EQ(stale.error().message, "The resource is at version 3");
}

TEST_F(CommandProcessorTest, ARejectedCommandAppendsNothing) {
  uint64_t head = store_->HeadPosition();
  auto rejected = Run(commands::UpdateCustomer("cus_missing", {}, std::nullopt));
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().kind, domain::ErrorKind::kNotFound);
  EXPECT_EQ(store_->HeadPosition(), head);
}

TEST_F(CommandProcessorTest, AnIdempotencyKeyReplaysTheStoredReplyAndRefusesAnotherRequest) {
  auto first = Run(commands::CreateCustomer({.name = "ACME"}), "key-1", "fingerprint-a");
  ASSERT_TRUE(first);
  std::string body = first->TakeBody();
  uint64_t head = store_->HeadPosition();
  auto again = Run(commands::CreateCustomer({.name = "ACME"}), "key-1", "fingerprint-a");
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->effect, Effect::kCreated);
  EXPECT_EQ(again->TakeBody(), body);
  EXPECT_EQ(again->position, first->position);
  EXPECT_EQ(store_->HeadPosition(), head);  // nothing decided twice
  auto other = Run(commands::CreateCustomer({.name = "Other"}), "key-1", "fingerprint-b");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, "idempotency_error");
}

TEST_F(CommandProcessorTest, ADeletionRepliesWithoutABody) {
  auto created = Run(commands::CreateCustomer({.name = "ACME"}));
  ASSERT_TRUE(created);
  auto deleted = Run(commands::DeleteCustomer(IdOf(*created), std::nullopt));
  ASSERT_TRUE(deleted) << deleted.error().message;
  EXPECT_EQ(deleted->effect, Effect::kDeleted);
  EXPECT_EQ(deleted->TakeBody(), "");
}

}  // namespace
}  // namespace factura::api
