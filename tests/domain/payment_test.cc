#include "domain/payment/payment.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/customer/customer.h"
#include "tests/support/invoice_fixtures.h"

namespace factura::domain {
namespace {

using ::testing::ElementsAre;
using testing::EventAt;
using testing::InvoiceWorld;
using testing::IsRejected;
using testing::IsRejectedOn;
using testing::Then;
using testing::TypesOf;

RecordPayment Pay(std::string amount, std::string invoice_id = "inv_1") {
  return RecordPayment{.invoice_id = std::move(invoice_id),
                       .amount = std::move(amount),
                       .payment_method = "bank_transfer",
                       .payment_date = "2025-01-20"};
}

// Applies a payment decision to the three aggregates it touches.
struct Applied {
  PaymentState payment;
  InvoiceState invoice;
  CustomerState customer;
};

Applied Apply(const Result<Events>& decided, PaymentState payment, InvoiceState invoice,
              CustomerState customer) {
  return Applied{Then(std::move(payment), decided), Then(std::move(invoice), decided),
                 Then(std::move(customer), decided)};
}

TEST(PaymentTest, AFullPaymentSettlesTheInvoiceInOneDecisionAcrossStreams) {
  InvoiceWorld world;
  InvoiceState invoice = world.Issued(InvoiceWorld::SeedInvoice());
  auto decided = Decide(PaymentState{}, Pay("7128.00"), world.PaymentContextFor(invoice));
  EXPECT_THAT(TypesOf(decided), ElementsAre("PaymentRecorded", "PaymentApplied", "InvoicePaid"));
  EXPECT_EQ(StreamOf((*decided)[0]), "pay_1");
  EXPECT_EQ(StreamOf((*decided)[1]), "inv_1");
  auto after = Apply(decided, PaymentState{}, invoice, world.customer);
  EXPECT_EQ(after.invoice.status, InvoiceStatus::kPaid);
  EXPECT_EQ(after.invoice.AmountDue(), 0);
  EXPECT_EQ(FormatDate(*after.invoice.paid_on), "2025-01-20");
  EXPECT_EQ(after.payment.status(), "succeeded");
  EXPECT_EQ(after.payment.applied_minor, 712800);
}

TEST(PaymentTest, PaymentsAreNumberedFromTheOrganizationsOwnSequence) {
  InvoiceWorld world;
  InvoiceState invoice = world.Issued(InvoiceWorld::SeedInvoice());
  PaymentContext context = world.PaymentContextFor(invoice);
  context.organization = &world.organization;
  auto first = Decide(PaymentState{}, Pay("100"), context);
  EXPECT_THAT(TypesOf(first),
              ElementsAre("PaymentNumberReserved", "PaymentRecorded", "PaymentApplied"));
  EXPECT_EQ(StreamOf((*first)[0]), "org_1");  // the number is on record with the organization
  EXPECT_EQ(Then(PaymentState{}, first).number, "PAY-2025-0001");  // the payment date's year
  world.organization = Then(world.organization, first);
  EXPECT_EQ(world.organization.last_payment_sequence, 1);
  EXPECT_EQ(world.organization.last_invoice_sequence, 1);  // apart from invoice numbers
  invoice = Then(invoice, first);
  context = world.PaymentContextFor(invoice, "pay_2");
  context.organization = &world.organization;
  auto second = Decide(PaymentState{}, Pay("100"), context);
  EXPECT_EQ(Then(PaymentState{}, second).number, "PAY-2025-0002");
}

TEST(PaymentTest, APartialPaymentLeavesTheInvoicePartiallyPaid) {
  InvoiceWorld world;
  InvoiceState invoice = world.Issued(InvoiceWorld::SeedInvoice());
  auto decided = Decide(PaymentState{}, Pay("1000"), world.PaymentContextFor(invoice));
  EXPECT_THAT(TypesOf(decided), ElementsAre("PaymentRecorded", "PaymentApplied"));
  auto after = Apply(decided, PaymentState{}, invoice, world.customer);
  EXPECT_EQ(after.invoice.status, InvoiceStatus::kPartiallyPaid);
  EXPECT_EQ(after.invoice.AmountDue(), 612800);
  EXPECT_THAT(Decide(after.invoice, VoidInvoice{}, world.Context()),
              IsRejected("invoice_has_payments"));
}

TEST(PaymentTest, AnOverpaymentGoesToTheCustomersCredit) {
  InvoiceWorld world;
  InvoiceState invoice = world.Issued(InvoiceWorld::SimpleInvoice("100.00"));
  auto decided = Decide(PaymentState{}, Pay("120.00"), world.PaymentContextFor(invoice));
  EXPECT_THAT(TypesOf(decided), ElementsAre("PaymentRecorded", "PaymentApplied", "InvoicePaid",
                                            "CustomerCreditAdjusted"));
  EXPECT_EQ(StreamOf((*decided)[3]), "cus_acme");
  auto after = Apply(decided, PaymentState{}, invoice, world.customer);
  EXPECT_EQ(after.invoice.status, InvoiceStatus::kPaid);
  EXPECT_EQ(after.customer.CreditIn("USD"), 2000);
  EXPECT_EQ(after.payment.credited_minor, 2000);
}

TEST(PaymentTest, MarkPaidRecordsAPaymentForTheAmountDue) {
  InvoiceWorld world;
  InvoiceState invoice = world.Issued(InvoiceWorld::SeedInvoice());
  auto partial = Decide(PaymentState{}, Pay("28.00"), world.PaymentContextFor(invoice));
  invoice = Then(invoice, partial);
  auto decided = Decide(PaymentState{}, MarkInvoicePaid{.invoice_id = "inv_1"},
                        world.PaymentContextFor(invoice, "pay_2"));
  EXPECT_EQ(EventAt<PaymentRecorded>(decided, 0).amount.minor_units, 710000);
  EXPECT_EQ(Then(invoice, decided).status, InvoiceStatus::kPaid);
}

TEST(PaymentTest, PaymentsNeedAnOpenIssuedInvoice) {
  InvoiceWorld world;
  InvoiceState draft = world.Create(InvoiceWorld::SeedInvoice());
  EXPECT_THAT(Decide(PaymentState{}, Pay("1"), world.PaymentContextFor(draft)),
              IsRejectedOn("invoice_not_payable", "invoice_id"));
  InvoiceState sent = world.Issued(InvoiceWorld::SeedInvoice(), "inv_2");
  InvoiceState voided = Then(sent, Decide(sent, VoidInvoice{}, world.Context()));
  EXPECT_THAT(Decide(PaymentState{}, Pay("1", "inv_2"), world.PaymentContextFor(voided)),
              IsRejected("invoice_not_payable"));
  EXPECT_THAT(Decide(PaymentState{}, Pay("1", "inv_9"), world.PaymentContextFor(sent)),
              IsRejectedOn("invoice_not_found", "invoice_id"));
}

TEST(PaymentTest, OverdueInvoicesAcceptPayments) {
  InvoiceWorld world;
  InvoiceState sent = world.Issued(InvoiceWorld::SeedInvoice());
  InvoiceState overdue = Then(
      sent, Decide(sent, MarkInvoiceOverdue{ParseDate("2025-03-01").value()}, world.Context()));
  auto decided = Decide(PaymentState{}, Pay("7128.00"), world.PaymentContextFor(overdue));
  EXPECT_EQ(Then(overdue, decided).status, InvoiceStatus::kPaid);
}

TEST(PaymentTest, InvalidPaymentsNameTheirField) {
  InvoiceWorld world;
  InvoiceState invoice = world.Issued(InvoiceWorld::SeedInvoice());
  auto context = world.PaymentContextFor(invoice);
  EXPECT_THAT(Decide(PaymentState{}, Pay("0"), context), IsRejectedOn("invalid_amount", "amount"));
  EXPECT_THAT(Decide(PaymentState{}, Pay("-5"), context), IsRejectedOn("invalid_amount", "amount"));
  EXPECT_THAT(Decide(PaymentState{}, Pay("1.001"), context),
              IsRejectedOn("too_many_decimals", "amount"));
  RecordPayment euros = Pay("10");
  euros.currency = "EUR";
  EXPECT_THAT(Decide(PaymentState{}, euros, context),
              IsRejectedOn("currency_mismatch", "currency"));
  euros.currency = "EURO";
  EXPECT_THAT(Decide(PaymentState{}, euros, context),
              IsRejectedOn("unsupported_currency", "currency"));
  RecordPayment method = Pay("10");
  method.payment_method = "bitcoin";
  EXPECT_THAT(Decide(PaymentState{}, method, context),
              IsRejectedOn("invalid_payment_method", "payment_method"));
  RecordPayment date = Pay("10");
  date.payment_date = "2025-02-30";
  EXPECT_THAT(Decide(PaymentState{}, date, context), IsRejectedOn("invalid_date", "payment_date"));
}

class RefundTest : public ::testing::Test {
 protected:
  void SetUp() override {
    invoice_ = world_.Issued(InvoiceWorld::SimpleInvoice("100.00"));
    auto paid = Decide(PaymentState{}, Pay("100.00"), world_.PaymentContextFor(invoice_));
    payment_ = Then(PaymentState{}, paid);
    invoice_ = Then(invoice_, paid);
  }

  Result<Events> Refund(std::optional<std::string> amount) {
    return Decide(payment_, RefundPayment{.amount = std::move(amount), .reason = "Requested"},
                  world_.PaymentContextFor(invoice_));
  }

  InvoiceWorld world_;
  InvoiceState invoice_;
  PaymentState payment_;
};

TEST_F(RefundTest, APartialRefundReopensThePaidInvoice) {
  auto decided = Refund("30.00");
  EXPECT_THAT(TypesOf(decided), ElementsAre("PaymentRefunded", "RefundApplied"));
  InvoiceState invoice = Then(invoice_, decided);
  EXPECT_EQ(invoice.status, InvoiceStatus::kPartiallyPaid);
  EXPECT_EQ(invoice.AmountDue(), 3000);
  PaymentState payment = Then(payment_, decided);
  EXPECT_EQ(payment.status(), "partially_refunded");
  EXPECT_EQ(payment.Refundable(), 7000);
  EXPECT_EQ(payment.refunds.at(0).refund_id, "ref_1");
}

TEST_F(RefundTest, AFullRefundMarksTheInvoiceRefunded) {
  auto decided = Refund(std::nullopt);  // everything refundable
  EXPECT_EQ(EventAt<PaymentRefunded>(decided, 0).amount.minor_units, 10000);
  EXPECT_EQ(Then(invoice_, decided).status, InvoiceStatus::kRefunded);
  PaymentState payment = Then(payment_, decided);
  EXPECT_EQ(payment.status(), "refunded");
  EXPECT_THAT(Decide(payment, RefundPayment{}, world_.PaymentContextFor(invoice_)),
              IsRejected("payment_fully_refunded"));
}

TEST_F(RefundTest, RefundsCannotExceedWhatWasPaid) {
  EXPECT_THAT(Refund("100.01"), IsRejectedOn("refund_exceeds_payment", "amount"));
  EXPECT_THAT(Refund("0"), IsRejectedOn("invalid_amount", "amount"));
  EXPECT_THAT(Decide(PaymentState{}, RefundPayment{}, world_.PaymentContextFor(invoice_)),
              IsRejected("payment_not_found"));
}

TEST(PaymentTest, RefundingAnOverpaymentTakesBackTheCreditItCreated) {
  InvoiceWorld world;
  InvoiceState invoice = world.Issued(InvoiceWorld::SimpleInvoice("100.00"));
  auto paid = Decide(PaymentState{}, Pay("150.00"), world.PaymentContextFor(invoice));
  auto after = Apply(paid, PaymentState{}, invoice, world.customer);
  world.customer = after.customer;
  auto refund = Decide(after.payment, RefundPayment{}, world.PaymentContextFor(after.invoice));
  EXPECT_THAT(TypesOf(refund),
              ElementsAre("PaymentRefunded", "RefundApplied", "CustomerCreditAdjusted"));
  const auto& refunded = EventAt<PaymentRefunded>(refund, 0);
  EXPECT_EQ(refunded.from_invoice_minor, 10000);
  EXPECT_EQ(refunded.from_credit_minor, 5000);
  EXPECT_EQ(Then(world.customer, refund).CreditIn("USD"), 0);

  // Had the credit been spent, the part of the refund it funded is refused.
  CustomerCreditAdjusted spent{
      "cus_acme", Money{-5000, FindCurrency("USD").value()}, 0, "manual", std::nullopt, world.now};
  world.customer = Evolve(world.customer, spent);
  EXPECT_THAT(Decide(after.payment, RefundPayment{}, world.PaymentContextFor(after.invoice)),
              IsRejected("credit_already_used"));
}

}  // namespace
}  // namespace factura::domain
