// Property test over random sequences of what moves money around an invoice: partial payments and
// overpayments, refunds to money and to credit, credit notes and credit applications. Whatever
// the order, the invoice's amount due is its total less what was paid, credited and applied, and
// never negative; the customer's credit is never negative and is exactly what flowed into it
// less what flowed out.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "domain/credit_note/credit_note.h"
#include "domain/payment/payment.h"
#include "tests/support/invoice_fixtures.h"

namespace factura::domain {
namespace {

using testing::InvoiceWorld;

struct Ledger {
  int64_t into_credit = 0;    // overpayments, refunds to credit, credit notes beyond the amount due
  int64_t out_of_credit = 0;  // credit applied, money refunds of overpaid credit
  int64_t paid_to_invoice = 0;
  int64_t refunded_from_invoice = 0;
  int64_t credit_notes_applied = 0;
  int64_t credit_applied = 0;
};

std::string Amount(int64_t minor) {
  return std::to_string(minor / 100) + "." + (minor % 100 < 10 ? "0" : "") +
         std::to_string(minor % 100);
}

TEST(MoneyFlowPropertyTest, AmountDueAndCreditStayConsistentUnderAnyOrder) {
  std::mt19937_64 random(20261205);
  int decisions = 0;
  for (int sequence = 0; sequence < 150; ++sequence) {
    InvoiceWorld world;
    int64_t total = std::uniform_int_distribution<int64_t>(1, 500'000)(random);
    InvoiceState invoice = world.Issued(InvoiceWorld::SimpleInvoice(Amount(total)));
    ASSERT_EQ(invoice.totals.total, total);
    std::vector<PaymentState> payments;
    Ledger ledger;
    auto any_amount = [&](int64_t most) {
      return std::uniform_int_distribution<int64_t>(1, std::max<int64_t>(1, most))(random);
    };
    for (int step = 0; step < 30; ++step) {
      std::string id = std::to_string(sequence) + "_" + std::to_string(step);
      int kind = std::uniform_int_distribution<int>(0, 3)(random);
      if (kind == 0) {  // a payment, sometimes more than is due
        auto decided =
            Decide(PaymentState{},
                   RecordPayment{.invoice_id = "inv_1",
                                 .amount = Amount(any_amount(invoice.AmountDue() * 3 / 2 + 100)),
                                 .payment_method = "card"},
                   world.PaymentContextFor(invoice, "pay_" + id));
        if (!decided) continue;
        PaymentState payment = testing::Then(PaymentState{}, decided);
        ledger.paid_to_invoice += payment.applied_minor;
        ledger.into_credit += payment.credited_minor;
        payments.push_back(payment);
        invoice = testing::Then(std::move(invoice), decided);
        world.customer = testing::Then(std::move(world.customer), decided);
      } else if (kind == 1 && !payments.empty()) {  // a refund, to money or to credit
        PaymentState& payment =
            payments[std::uniform_int_distribution<size_t>(0, payments.size() - 1)(random)];
        bool to_credit = std::bernoulli_distribution(0.5)(random);
        PaymentContext context = world.PaymentContextFor(invoice);
        auto decided = Decide(payment,
                              RefundPayment{.amount = Amount(any_amount(payment.Refundable())),
                                            .apply_as_credit = to_credit},
                              context);
        if (!decided) continue;
        const auto& refunded = std::get<PaymentRefunded>(decided->front());
        ledger.refunded_from_invoice += refunded.from_invoice_minor;
        if (to_credit) {
          ledger.into_credit += refunded.amount.minor_units;
        } else {
          ledger.out_of_credit += refunded.from_credit_minor;
        }
        payment = testing::Then(std::move(payment), decided);
        invoice = testing::Then(std::move(invoice), decided);
        world.customer = testing::Then(std::move(world.customer), decided);
      } else if (kind == 2) {  // a credit note, up to what is left to credit
        int64_t left = invoice.totals.total - invoice.credit_notes_total_minor;
        auto decided =
            Decide(CreditNoteState{},
                   CreateCreditNote{.invoice_id = "inv_1", .amount = Amount(any_amount(left))},
                   CreditNoteContext{world.now, "cn_" + id, &invoice, &world.customer});
        if (!decided) continue;
        const auto& created = std::get<CreditNoteCreated>(decided->front());
        EXPECT_EQ(created.applied_minor + created.credited_minor, created.amount.minor_units);
        ledger.credit_notes_applied += created.applied_minor;
        ledger.into_credit += created.credited_minor;
        invoice = testing::Then(std::move(invoice), decided);
        world.customer = testing::Then(std::move(world.customer), decided);
      } else {  // the customer's credit applied
        auto decided = Decide(invoice, ApplyCustomerCredit{}, world.Context());
        if (!decided) continue;
        const auto& applied = std::get<CustomerCreditApplied>(decided->front());
        ledger.credit_applied += applied.amount.minor_units;
        ledger.out_of_credit += applied.amount.minor_units;
        invoice = testing::Then(std::move(invoice), decided);
        world.customer = testing::Then(std::move(world.customer), decided);
      }
      ++decisions;
      int64_t credit = world.customer.CreditIn("USD");
      ASSERT_GE(invoice.AmountDue(), 0) << "sequence " << sequence << " step " << step;
      ASSERT_GE(credit, 0) << "sequence " << sequence << " step " << step;
      ASSERT_EQ(invoice.AmountDue(), total - ledger.paid_to_invoice + ledger.refunded_from_invoice -
                                         ledger.credit_notes_applied - ledger.credit_applied);
      ASSERT_EQ(credit, ledger.into_credit - ledger.out_of_credit);
      ASSERT_LE(invoice.credit_notes_total_minor, total);
      ASSERT_EQ(invoice.status == InvoiceStatus::kPaid, invoice.AmountDue() == 0)
          << StatusName(invoice.status);
    }
  }
  EXPECT_GT(decisions, 150 * 10);  // the sequences did things, not only refusals
}

}  // namespace
}  // namespace factura::domain
