// The aging report as of a date, over events made by real commands and projected by the real
// projector: what was due on each date, bucketed by days past due.
#include <gtest/gtest.h>

#include <chrono>
#include <future>

#include "api/bootstrap.h"
#include "api/commands/customer_commands.h"
#include "api/commands/invoice_commands.h"
#include "api/commands/payment_commands.h"
#include "projections/read_models.h"
#include "projections/reports.h"
#include "tests/support/store_testing.h"

namespace factura::api {
namespace {

class AgingReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = eventstore::EventStore::Open(eventstore::testing::Options(dir_));
    ASSERT_TRUE(store);
    store_ = std::move(*store);
    auto bootstrapped = BootstrapIfEmpty(*store_, now_);
    ASSERT_TRUE(bootstrapped && *bootstrapped);
    organization_ = (*bootstrapped)->organization_id;
    processor_ = std::make_unique<CommandProcessor>(*store_, keys_, [this] { return now_; });
    ASSERT_TRUE(processor_->LoadIndexes());
    auto models = projections::ReadModels::Open(*store_, dir_.Sub("readmodels.sqlite"));
    ASSERT_TRUE(models);
    models_ = std::move(*models);
    std::string customer =
        IdOf(Run(commands::CreateCustomer({.name = "ACME", .email = "billing@acme.com"})));
    invoice_ = IdOf(Run(
        commands::CreateInvoice({.customer_id = customer,
                                 .currency = "USD",
                                 .issue_date = "2025-01-01",
                                 .due_date = "2025-01-31",
                                 .line_items = {{.description = "Work", .unit_price = "100"}}})));
    Run(commands::ChangeInvoice(invoice_, domain::SendInvoice{}, std::nullopt));
    Run(commands::RecordPayment({.invoice_id = invoice_,
                                 .amount = "40",
                                 .payment_method = "bank_transfer",
                                 .payment_date = "2025-02-20"}));
    ASSERT_TRUE(models_->projector().WaitFor(store_->HeadPosition(), std::chrono::seconds(10)));
  }

  CommandReply Run(Command command) {
    std::promise<domain::Result<CommandReply>> promise;
    EXPECT_TRUE(processor_->Submit(
        {organization_, "ak_test", "req", "", ""}, std::move(command),
        [&](domain::Result<CommandReply> reply) { promise.set_value(std::move(reply)); }));
    auto reply = promise.get_future().get();
    EXPECT_TRUE(reply) << reply.error().message;
    return reply.value_or(CommandReply{});
  }

  static std::string IdOf(CommandReply reply) {
    std::string body = reply.TakeBody();
    size_t start = body.find("\"id\":\"") + 6;
    return body.substr(start, body.find('"', start) - start);
  }

  // The USD summary's buckets (current, 1–30, 31–60, 61–90, over 90) as of `date`.
  std::vector<int64_t> BucketsAsOf(std::string_view date) {
    auto db = models_->Acquire();
    EXPECT_TRUE(db);
    auto report = projections::AgingReport(**db, organization_, *domain::ParseDate(date),
                                           std::nullopt, {30, 60, 90});
    EXPECT_TRUE(report);
    for (const auto& currency : *report) {
      if (currency.currency == "USD") return currency.summary.buckets;
    }
    return {};
  }

  eventstore::testing::TempDir dir_;
  domain::Timestamp now_ = *domain::ParseTimestamp("2025-03-20T12:00:00Z");
  std::unique_ptr<eventstore::EventStore> store_;
  std::string organization_;
  std::string invoice_;
  ApiKeyDirectory keys_;
  std::unique_ptr<CommandProcessor> processor_;
  std::unique_ptr<projections::ReadModels> models_;
};

TEST_F(AgingReportTest, EachDateSeesWhatWasDueThenAndHowLate) {
  EXPECT_EQ(BucketsAsOf("2024-12-31"), (std::vector<int64_t>{}));  // not issued yet
  EXPECT_EQ(BucketsAsOf("2025-01-15"), (std::vector<int64_t>{10000, 0, 0, 0, 0}));  // not due
  EXPECT_EQ(BucketsAsOf("2025-02-10"), (std::vector<int64_t>{0, 10000, 0, 0, 0}));  // 10 days
  // The payment of 2025-02-20 counts from its date on: 60.00 left, 43 days late.
  EXPECT_EQ(BucketsAsOf("2025-03-15"), (std::vector<int64_t>{0, 0, 6000, 0, 0}));
  EXPECT_EQ(BucketsAsOf("2025-06-01"), (std::vector<int64_t>{0, 0, 0, 0, 6000}));  // 121 days
}

}  // namespace
}  // namespace factura::api
