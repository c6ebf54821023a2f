// The aging report as of a date, over events made by real commands and projected by the real
// projector: what was due on each date, bucketed by days past due.
#include <gtest/gtest.h>

#include <chrono>

#include "api/commands/customer_commands.h"
#include "api/commands/invoice_commands.h"
#include "api/commands/payment_commands.h"
#include "projections/read_models.h"
#include "projections/reports.h"
#include "tests/support/processor_harness.h"

namespace factura::api {
namespace {

class AgingReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto models = projections::ReadModels::Open(harness_.store(), dir_.Sub("readmodels.sqlite"));
    ASSERT_TRUE(models);
    models_ = std::move(*models);
    using testing::ProcessorHarness;
    std::string customer = ProcessorHarness::IdOf(
        harness_.Run(commands::CreateCustomer({.name = "ACME", .email = "billing@acme.com"})));
    std::string invoice = ProcessorHarness::IdOf(harness_.Run(
        commands::CreateInvoice({.customer_id = customer,
                                 .currency = "USD",
                                 .issue_date = "2025-01-01",
                                 .due_date = "2025-01-31",
                                 .line_items = {{.description = "Work", .unit_price = "100"}}})));
    harness_.Run(commands::ChangeInvoice(invoice, domain::SendInvoice{}, std::nullopt));
    harness_.Run(commands::RecordPayment({.invoice_id = invoice,
                                          .amount = "40",
                                          .payment_method = "bank_transfer",
                                          .payment_date = "2025-02-20"}));
    ASSERT_TRUE(
        models_->projector().WaitFor(harness_.store().HeadPosition(), std::chrono::seconds(10)));
  }
  void TearDown() override { models_.reset(); }

  // The USD summary's buckets (current, 1–30, 31–60, 61–90, over 90) as of `date`.
  std::vector<int64_t> BucketsAsOf(std::string_view date) {
    auto db = models_->Acquire();
    EXPECT_TRUE(db);
    auto report = projections::AgingReport(**db, harness_.organization_id(),
                                           *domain::ParseDate(date), std::nullopt, {30, 60, 90});
    EXPECT_TRUE(report);
    for (const auto& currency : *report) {
      if (currency.currency == "USD") return currency.summary.buckets;
    }
    return {};
  }

  eventstore::testing::TempDir dir_;
  domain::Timestamp now_ = *domain::ParseTimestamp("2025-03-20T12:00:00Z");
  testing::ProcessorHarness harness_{dir_, [this] { return now_; }};
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
