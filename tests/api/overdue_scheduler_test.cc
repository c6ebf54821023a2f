// The overdue scheduler against a real store, processor and read models, with a clock the test
// moves: nothing is overdue until the day after the due date, then it is, once.
#include "api/overdue_scheduler.h"

#include <gtest/gtest.h>

#include <future>

#include "api/aggregate_reader.h"
#include "api/bootstrap.h"
#include "api/commands/customer_commands.h"
#include "api/commands/invoice_commands.h"
#include "domain/ids.h"
#include "tests/support/processor_harness.h"
#include "tests/support/store_testing.h"

namespace factura::api {
namespace {

domain::Timestamp At(std::string_view instant) { return *domain::ParseTimestamp(instant); }

class OverdueSchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto models = projections::ReadModels::Open(harness_.store(), dir_.Sub("readmodels.sqlite"));
    ASSERT_TRUE(models);
    read_models_ = std::move(*models);
  }
  void TearDown() override { read_models_.reset(); }

  // Runs a command and waits until it is durable and projected.
  CommandReply Run(Command command) {
    CommandReply reply = harness_.Run(std::move(command));
    EXPECT_TRUE(read_models_->projector().WaitFor(reply.position, std::chrono::seconds(5)));
    return reply;
  }
  static std::string IdOf(CommandReply reply) {
    return testing::ProcessorHarness::IdOf(std::move(reply));
  }

  // A sent invoice for 100.00 due on `due_date`.
  std::string SentInvoice(const std::string& due_date) {
    std::string customer =
        IdOf(Run(commands::CreateCustomer({.name = "ACME", .email = "a@acme.com"})));
    std::string invoice = IdOf(Run(
        commands::CreateInvoice({.customer_id = customer,
                                 .issue_date = "2025-01-01",
                                 .due_date = due_date,
                                 .line_items = {{.description = "Work", .unit_price = "100"}}})));
    Run(commands::ChangeInvoice(invoice, domain::SendInvoice{}, std::nullopt));
    return invoice;
  }

  domain::InvoiceStatus StatusOf(const std::string& invoice) {
    auto state = ReadAggregate<domain::InvoiceState>(harness_.store(), harness_.organization_id(),
                                                     invoice, std::nullopt);
    EXPECT_TRUE(state);
    return state->status;
  }

  eventstore::testing::TempDir dir_;
  domain::Timestamp now_ = At("2025-02-10T12:00:00Z");
  testing::ProcessorHarness harness_{dir_, [this] { return now_; }};
  std::unique_ptr<projections::ReadModels> read_models_;
};

TEST_F(OverdueSchedulerTest, MarksAnInvoiceTheDayAfterItsDueDateAndOnlyOnce) {
  std::string invoice = SentInvoice("2025-02-15");
  OverdueScheduler scheduler(
      harness_.processor(), *read_models_, [this] { return now_; }, std::chrono::milliseconds(0));
  EXPECT_EQ(scheduler.RunOnce(), 0u);
  now_ = At("2025-02-15T23:59:59Z");  // the due date itself is not late
  EXPECT_EQ(scheduler.RunOnce(), 0u);
  EXPECT_EQ(StatusOf(invoice), domain::InvoiceStatus::kSent);
  now_ = At("2025-02-16T00:00:00Z");
  EXPECT_EQ(scheduler.RunOnce(), 1u);
  EXPECT_EQ(StatusOf(invoice), domain::InvoiceStatus::kOverdue);
  ASSERT_TRUE(
      read_models_->projector().WaitFor(harness_.store().HeadPosition(), std::chrono::seconds(5)));
  EXPECT_EQ(scheduler.RunOnce(), 0u);  // the read model shows it overdue: not a candidate
}

}  // namespace
}  // namespace factura::api
