// Every column of every read-model table is filled by the folder: commands that set every
// optional field of every aggregate, projected by the real projector, leave no column NULL in
// all rows. (A column added to a table's description and forgotten by the folder fails here.)
#include <gtest/gtest.h>

#include <chrono>

#include "api/commands/api_key_commands.h"
#include "api/commands/catalog_commands.h"
#include "api/commands/credit_note_commands.h"
#include "api/commands/customer_commands.h"
#include "api/commands/invoice_commands.h"
#include "api/commands/payment_commands.h"
#include "api/commands/webhook_commands.h"
#include "projections/read_models.h"
#include "projections/schema.h"
#include "tests/support/processor_harness.h"

namespace factura::api {
namespace {

using testing::ProcessorHarness;

class ReadModelColumnsTest : public ::testing::Test {
 protected:
  eventstore::testing::TempDir dir_;
  domain::Timestamp now_ = *domain::ParseTimestamp("2025-03-20T12:00:00Z");
  ProcessorHarness harness_{dir_, [this] { return now_; }};
};

TEST_F(ReadModelColumnsTest, EveryColumnOfEveryTableIsFilledBySomeRow) {
  std::string customer =
      ProcessorHarness::IdOf(harness_.Run(commands::CreateCustomer({.name = "ACME",
                                                                    .company_name = "ACME Inc.",
                                                                    .email = "b@acme.com",
                                                                    .currency = "USD",
                                                                    .customer_type = "business"})));
  harness_.Run(commands::DecideTaxRate(
      std::nullopt, domain::CreateTaxRate{.id = "tax_gst_10", .name = "GST", .rate = "10"},
      std::nullopt));
  harness_.Run(commands::DecideProduct(
      std::nullopt,
      domain::CreateProduct{
          .name = "Hosting", .sku = "HOST-1", .unit_price = "12.00", .category = "services"},
      std::nullopt));
  std::string invoice = ProcessorHarness::IdOf(harness_.Run(commands::CreateInvoice(
      {.customer_id = customer,
       .line_items = {{.description = "Work", .unit_price = "100", .tax_rate_id = "tax_gst_10"}},
       .notes = "Thanks",
       .reference = "PO-1"})));
  harness_.Run(commands::ChangeInvoice(invoice, domain::SendInvoice{}, std::nullopt));
  std::string payment = ProcessorHarness::IdOf(
      harness_.Run(commands::RecordPayment({.invoice_id = invoice,
                                            .amount = "110",
                                            .payment_method = "bank_transfer",
                                            .reference = "TX-1"})));
  harness_.Run(commands::RefundPayment(payment, {.amount = "10"}));
  std::string paid = ProcessorHarness::IdOf(harness_.Run(commands::CreateInvoice(
      {.customer_id = customer, .line_items = {{.description = "More", .unit_price = "5"}}})));
  harness_.Run(commands::ChangeInvoice(paid, domain::SendInvoice{}, std::nullopt));
  harness_.Run(commands::MarkInvoicePaid({.invoice_id = paid}));
  harness_.Run(commands::CreateCreditNote(
      {.invoice_id = paid,
       .lines = {{.description = "Returned", .quantity = "1", .unit_price = "2"}},
       .reason = "Damaged"}));
  std::string key = ProcessorHarness::IdOf(
      harness_.Run(commands::CreateApiKey({.name = "CI",
                                           .scopes = {"invoices:read"},
                                           .expires_at = "2030-01-01T00:00:00Z",
                                           .rate_limit_per_minute = 100})));
  harness_.Run(commands::RevokeApiKey(key));
  std::string endpoint = ProcessorHarness::IdOf(harness_.Run(commands::CreateWebhookEndpoint(
      {.url = "https://example.com/hook", .events = {"invoice.paid"}, .description = "ERP"})));
  harness_.Run(commands::DisableWebhookEndpoint(endpoint, "failing"));

  auto models = projections::ReadModels::Open(harness_.store(), dir_.Sub("readmodels.sqlite"));
  ASSERT_TRUE(models);
  ASSERT_TRUE(
      (*models)->projector().WaitFor(harness_.store().HeadPosition(), std::chrono::seconds(10)))
      << ((*models)->projector().failure() ? (*models)->projector().failure()->code + ": " +
                                                 (*models)->projector().failure()->message
                                           : "none");
  auto db = (*models)->Acquire();
  ASSERT_TRUE(db);
  for (auto described :
       {std::span<const projections::tables::Table* const>(projections::kReadModelTables),
        std::span<const projections::tables::Table* const>(projections::kJournalTables)}) {
    for (const projections::tables::Table* table : described) {
      if (table->write == projections::tables::Write::kNotStaged) continue;
      for (const projections::tables::Column& column : table->columns) {
        auto filled = (**db).Prepare("SELECT COUNT(*) FROM " + std::string(table->name) +
                                     " WHERE " + std::string(column.name) + " IS NOT NULL");
        ASSERT_TRUE(filled);
        ASSERT_TRUE(*filled->Step());
        EXPECT_GT(filled->Int(0), 0) << table->name << "." << column.name << " is never filled";
      }
    }
  }
}

}  // namespace
}  // namespace factura::api
