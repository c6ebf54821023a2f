#pragma once
// For tests of what runs commands: a real event store in a temporary directory, a bootstrapped
// organization, and a command processor on them with a clock the test sets.
//
//   ProcessorHarness harness(dir, [&] { return now; });
//   std::string id = ProcessorHarness::IdOf(harness.Run(commands::CreateCustomer({.name = "A"})));

#include <gtest/gtest.h>

#include <functional>
#include <future>
#include <memory>
#include <string>

#include "api/bootstrap.h"
#include "api/command_processor.h"
#include "tests/support/store_testing.h"

namespace factura::api::testing {

class ProcessorHarness {
 public:
  ProcessorHarness(const eventstore::testing::TempDir& dir,
                   std::function<domain::Timestamp()> clock) {
    auto store = eventstore::EventStore::Open(eventstore::testing::Options(dir));
    EXPECT_TRUE(store);
    store_ = std::move(*store);
    auto bootstrapped = BootstrapIfEmpty(*store_, clock());
    EXPECT_TRUE(bootstrapped && *bootstrapped);
    organization_ = (*bootstrapped)->organization_id;
    processor_ = std::make_unique<CommandProcessor>(*store_, keys_, std::move(clock));
    EXPECT_TRUE(processor_->LoadIndexes());
  }

  // Submits `command` for the organization and waits for its reply (or the error).
  domain::Result<CommandReply> TryRun(Command command, std::string idempotency_key = "",
                                      std::string fingerprint = "") {
    std::promise<domain::Result<CommandReply>> promise;
    auto submitted = processor_->Submit(
        {organization_, "ak_test", "req_test", std::move(idempotency_key), std::move(fingerprint)},
        std::move(command),
        [&](domain::Result<CommandReply> reply) { promise.set_value(std::move(reply)); });
    if (!submitted) return std::unexpected(submitted.error());
    return promise.get_future().get();
  }
  // The same, expecting it to succeed.
  CommandReply Run(Command command) {
    auto reply = TryRun(std::move(command));
    EXPECT_TRUE(reply) << reply.error().message;
    return reply.value_or(CommandReply{});
  }

  // The `id` member of a reply's body (the first one: the resource's own).
  static std::string IdOf(CommandReply reply) {
    std::string body = reply.TakeBody();
    size_t start = body.find("\"id\":\"") + 6;
    return body.substr(start, body.find('"', start) - start);
  }

  eventstore::EventStore& store() { return *store_; }
  CommandProcessor& processor() { return *processor_; }
  const std::string& organization_id() const { return organization_; }

 private:
  std::unique_ptr<eventstore::EventStore> store_;
  std::string organization_;
  ApiKeyDirectory keys_;
  std::unique_ptr<CommandProcessor> processor_;  // last: stopped first, before the store
};

}  // namespace factura::api::testing
