#include "domain/credit_note/credit_note.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/payment/payment.h"
#include "tests/support/invoice_fixtures.h"

namespace factura::domain {
namespace {

using ::testing::ElementsAre;
using testing::EventAt;
using testing::InvoiceWorld;
using testing::IsRejectedOn;
using testing::Then;
using testing::TypesOf;

CreditNoteContext ContextFor(const InvoiceWorld& world, const InvoiceState& invoice,
                             std::string id = "cn_1") {
  return CreditNoteContext{world.now, std::move(id), &invoice, &world.customer};
}

CreateCreditNote For(std::string amount) {
  return CreateCreditNote{.invoice_id = "inv_1", .amount = std::move(amount)};
}

TEST(CreditNoteTest, TheAmountDueTakesWhatItCanAndTheCustomersCreditTheRest) {
  InvoiceWorld world;
  InvoiceState invoice = world.Issued(InvoiceWorld::SimpleInvoice("100.00"));
  auto partial = Decide(CreditNoteState{}, For("30"), ContextFor(world, invoice));
  EXPECT_THAT(TypesOf(partial), ElementsAre("CreditNoteCreated", "CreditNoteIssued"));
  const auto& created = EventAt<CreditNoteCreated>(partial, 0);
  EXPECT_EQ(created.applied_minor, 3000);
  EXPECT_EQ(created.credited_minor, 0);
  EXPECT_EQ(created.number, invoice.number + "-CN-01");
  invoice = Then(std::move(invoice), partial);
  EXPECT_EQ(invoice.AmountDue(), 7000);

  // Paid 50 of the 70, then credited 40: 20 settles the invoice, 20 goes to the customer.
  auto paid = Decide(
      PaymentState{},
      RecordPayment{.invoice_id = "inv_1", .amount = "50", .payment_method = "bank_transfer"},
      world.PaymentContextFor(invoice));
  invoice = Then(std::move(invoice), paid);
  ASSERT_EQ(invoice.AmountDue(), 2000);
  auto beyond = Decide(CreditNoteState{}, For("40"), ContextFor(world, invoice, "cn_2"));
  ASSERT_TRUE(beyond) << beyond.error().code << " " << beyond.error().param;
  EXPECT_THAT(TypesOf(beyond), ElementsAre("CreditNoteCreated", "CreditNoteIssued", "InvoicePaid",
                                           "CustomerCreditAdjusted"));
  EXPECT_EQ(EventAt<CreditNoteCreated>(beyond, 0).number, invoice.number + "-CN-02");
  EXPECT_EQ(EventAt<CreditNoteCreated>(beyond, 0).credited_minor, 2000);
  invoice = Then(std::move(invoice), beyond);
  CustomerState customer = Then(world.customer, beyond);
  EXPECT_EQ(invoice.AmountDue(), 0);
  EXPECT_EQ(invoice.status, InvoiceStatus::kPaid);
  EXPECT_EQ(customer.CreditIn("USD"), 2000);
  EXPECT_EQ(Then(CreditNoteState{}, beyond).amount.minor_units, 4000);
}

TEST(CreditNoteTest, NeverMoreThanTheInvoicesTotalIsCredited) {
  InvoiceWorld world;
  InvoiceState invoice = world.Issued(InvoiceWorld::SimpleInvoice("100.00"));
  invoice =
      Then(std::move(invoice), Decide(CreditNoteState{}, For("60"), ContextFor(world, invoice)));
  EXPECT_THAT(Decide(CreditNoteState{}, For("40.01"), ContextFor(world, invoice, "cn_2")),
              IsRejectedOn("amount_exceeds_invoice", "amount"));
  EXPECT_TRUE(Decide(CreditNoteState{}, For("40"), ContextFor(world, invoice, "cn_2")));
}

TEST(CreditNoteTest, LinesAddUpAndTheTaxGivenBackIsTheInvoicesInProportion) {
  InvoiceWorld world;
  InvoiceState invoice = world.Issued(InvoiceWorld::SeedInvoice());
  CreateCreditNote lines{
      .invoice_id = "inv_1",
      .lines = {{.description = "Hours not worked", .quantity = "2.5", .unit_price = "150.00"}}};
  auto decided = Decide(CreditNoteState{}, lines, ContextFor(world, invoice));
  ASSERT_TRUE(decided) << decided.error().code;
  const auto& created = EventAt<CreditNoteCreated>(decided, 0);
  EXPECT_EQ(created.amount.minor_units, 37500);
  EXPECT_EQ(created.lines.at(0).amount_minor, 37500);
  // The seed invoice: total 7,128.00 with 648.00 of tax; 375 × 648 / 7128 = 34.09.
  ASSERT_EQ(invoice.totals.total, 712800);
  ASSERT_EQ(invoice.totals.tax_total, 64800);
  EXPECT_EQ(created.tax_minor, 3409);
  lines.amount = "375.01";
  EXPECT_THAT(Decide(CreditNoteState{}, lines, ContextFor(world, invoice)),
              IsRejectedOn("amount_mismatch", "amount"));
}

TEST(CreditNoteTest, OnlyIssuedInvoicesStillStandingAreCredited) {
  InvoiceWorld world;
  InvoiceState draft = world.Create(InvoiceWorld::SimpleInvoice());
  EXPECT_THAT(Decide(CreditNoteState{}, For("1"), ContextFor(world, draft)),
              IsRejectedOn("invoice_not_creditable", "invoice_id"));
  InvoiceState sent = world.Issued(InvoiceWorld::SimpleInvoice(), "inv_2");
  InvoiceState voided = Then(sent, Decide(sent, VoidInvoice{}, world.Context()));
  CreateCreditNote command = For("1");
  command.invoice_id = "inv_2";
  EXPECT_THAT(Decide(CreditNoteState{}, command, ContextFor(world, voided)),
              IsRejectedOn("invoice_not_creditable", "invoice_id"));
  EXPECT_THAT(
      Decide(CreditNoteState{}, CreateCreditNote{.invoice_id = "inv_2"}, ContextFor(world, sent)),
      IsRejectedOn("amount_or_lines_required", "amount"));
}

}  // namespace
}  // namespace factura::domain
