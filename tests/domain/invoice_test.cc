#include "domain/invoice/invoice.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

TEST(InvoiceTest, CreatingTheSeedInvoiceReservesANumberAndDraftsItWithTheDesignTotals) {
  InvoiceWorld world;
  auto decided = Decide(InvoiceState{}, InvoiceWorld::SeedInvoice(), world.Context());
  ASSERT_TRUE(decided.has_value()) << decided.error().code;
  EXPECT_THAT(TypesOf(decided), ElementsAre("InvoiceNumberReserved", "InvoiceDrafted"));
  const auto& reserved = EventAt<InvoiceNumberReserved>(decided, 0);
  EXPECT_EQ(reserved.number, "INV-2025-0001");
  EXPECT_EQ(reserved.sequence, 1);
  EXPECT_EQ(StreamOf((*decided)[0]), "org_1");
  EXPECT_EQ(StreamOf((*decided)[1]), "inv_1");

  InvoiceState invoice = Then(InvoiceState{}, decided);
  EXPECT_EQ(invoice.status, InvoiceStatus::kDraft);
  EXPECT_EQ(invoice.number, "INV-2025-0001");
  EXPECT_EQ(invoice.totals.subtotal, 720000);
  EXPECT_EQ(invoice.totals.discount_total, 72000);
  EXPECT_EQ(invoice.totals.tax_total, 64800);
  EXPECT_EQ(invoice.totals.total, 712800);
  EXPECT_EQ(invoice.AmountDue(), 712800);
  const LineItem& hosting = invoice.content.line_items[1];
  EXPECT_EQ(hosting.description, "Annual Web Hosting");  // inherited from the product
  EXPECT_EQ(hosting.unit_price_minor, 120000);
  ASSERT_TRUE(hosting.tax.has_value());
  EXPECT_EQ(hosting.tax->tax_rate_id, "tax_gst_10");  // the product's tax
  EXPECT_EQ(invoice.content.customer.name, "ACME Corporation");
}

TEST(InvoiceTest, NumbersFollowTheSequenceAndSkipCustomNumbersAlreadyTaken) {
  InvoiceWorld world;
  world.Create(InvoiceWorld::SimpleInvoice(), "inv_1");
  CreateInvoice custom = InvoiceWorld::SimpleInvoice();
  custom.number = "INV-2025-0002";
  InvoiceState second = world.Create(custom, "inv_2");
  EXPECT_EQ(second.number, "INV-2025-0002");
  InvoiceState third = world.Create(InvoiceWorld::SimpleInvoice(), "inv_3");
  EXPECT_EQ(third.number, "INV-2025-0003");
  EXPECT_EQ(world.organization.last_invoice_sequence, 3);
}

TEST(InvoiceTest, ACustomNumberAlreadyInUseIsAConflict) {
  InvoiceWorld world;
  world.Create(InvoiceWorld::SimpleInvoice());
  CreateInvoice duplicate = InvoiceWorld::SimpleInvoice();
  duplicate.number = "INV-2025-0001";
  auto decided = Decide(InvoiceState{}, duplicate, world.Context("inv_2"));
  EXPECT_THAT(decided, IsRejectedOn("invoice_number_taken", "number"));
  EXPECT_EQ(decided.error().kind, ErrorKind::kAlreadyExists);
}

TEST(InvoiceTest, DefaultsComeFromTheCustomerAndOrganization) {
  InvoiceWorld world;
  CreateInvoice command{.customer_id = "cus_acme",
                        .line_items = {LineItemInput{.description = "x", .unit_price = "1"}}};
  InvoiceState invoice = world.Create(command);
  EXPECT_EQ(invoice.content.currency.code(), "USD");
  EXPECT_EQ(FormatDate(invoice.content.issue_date), "2025-01-15");  // today
  EXPECT_EQ(FormatDate(invoice.content.due_date), "2025-02-14");    // net 30
}

TEST(InvoiceTest, InvoiceLevelTaxAppliesToLinesWithoutTheirOwn) {
  InvoiceWorld world;
  CreateInvoice command = InvoiceWorld::SimpleInvoice("9000.00");
  command.tax = InvoiceTaxInput{.rate = "8.25", .name = "sales_tax"};
  InvoiceState invoice = world.Create(command);
  EXPECT_EQ(invoice.totals.tax_total, 74250);
  EXPECT_EQ(invoice.totals.total, 974250);
  EXPECT_EQ(invoice.content.default_tax->name, "sales_tax");
}

TEST(InvoiceTest, TaxExemptInvoicesCarryNoTax) {
  InvoiceWorld world;
  CreateInvoice command = InvoiceWorld::SeedInvoice();
  command.tax = InvoiceTaxInput{.rate = "8.25", .exempt = true, .exempt_reason = "Non-profit"};
  InvoiceState invoice = world.Create(command);
  EXPECT_EQ(invoice.totals.tax_total, 0);
  EXPECT_EQ(invoice.totals.total, 648000);
  EXPECT_TRUE(invoice.content.tax_exempt);
}

TEST(InvoiceTest, InlineLineTaxPercentIsUsed) {
  InvoiceWorld world;
  CreateInvoice command = InvoiceWorld::SimpleInvoice("100.00");
  command.line_items[0].tax_percent = "5";
  EXPECT_EQ(world.Create(command).totals.total, 10500);
}

struct RejectionCase {
  std::string name;
  std::function<void(CreateInvoice&)> mutate;
  std::string code;
  std::string param;
  friend void PrintTo(const RejectionCase& c, std::ostream* os) { *os << c.name; }
};

class InvoiceCreationRejectionTest : public ::testing::TestWithParam<RejectionCase> {};

TEST_P(InvoiceCreationRejectionTest, IsRejectedNamingTheField) {
  InvoiceWorld world;
  CreateInvoice command = InvoiceWorld::SeedInvoice();
  GetParam().mutate(command);
  EXPECT_THAT(Decide(InvoiceState{}, command, world.Context()),
              IsRejectedOn(GetParam().code, GetParam().param));
}

INSTANTIATE_TEST_SUITE_P(
    Rules, InvoiceCreationRejectionTest,
    ::testing::Values(
        RejectionCase{"UnknownCustomer", [](auto& c) { c.customer_id = "cus_nobody"; },
                      "customer_not_found", "customer_id"},
        RejectionCase{"CustomerIdOfWrongKind", [](auto& c) { c.customer_id = "inv_123"; },
                      "invalid_id", "customer_id"},
        RejectionCase{"NoLines", [](auto& c) { c.line_items.clear(); }, "line_items_required",
                      "line_items"},
        RejectionCase{"TooManyLines",
                      [](auto& c) { c.line_items.resize(kMaxLineItems + 1, c.line_items[0]); },
                      "too_many_line_items", "line_items"},
        RejectionCase{"ZeroQuantity", [](auto& c) { c.line_items[0].quantity = "0"; },
                      "invalid_quantity", "line_items[0].quantity"},
        RejectionCase{"NegativeQuantity", [](auto& c) { c.line_items[1].quantity = "-2"; },
                      "invalid_quantity", "line_items[1].quantity"},
        RejectionCase{"QuantityWithFiveDecimals",
                      [](auto& c) { c.line_items[0].quantity = "1.00001"; }, "too_many_decimals",
                      "line_items[0].quantity"},
        RejectionCase{"PriceWithThreeDecimals",
                      [](auto& c) { c.line_items[0].unit_price = "150.001"; }, "too_many_decimals",
                      "line_items[0].unit_price"},
        RejectionCase{"NegativePrice", [](auto& c) { c.line_items[0].unit_price = "-1"; },
                      "invalid_unit_price", "line_items[0].unit_price"},
        RejectionCase{"MalformedPrice", [](auto& c) { c.line_items[0].unit_price = "1,50"; },
                      "invalid_number", "line_items[0].unit_price"},
        RejectionCase{"MissingDescription", [](auto& c) { c.line_items[0].description.reset(); },
                      "missing_field", "line_items[0].description"},
        RejectionCase{"MissingPrice", [](auto& c) { c.line_items[0].unit_price.reset(); },
                      "missing_field", "line_items[0].unit_price"},
        RejectionCase{"UnknownProduct",
                      [](auto& c) { c.line_items[1].product_id = "prod_nothing"; },
                      "product_not_found", "line_items[1].product_id"},
        RejectionCase{"ArchivedProduct",
                      [](auto& c) { c.line_items[1].product_id = "prod_retired"; },
                      "product_archived", "line_items[1].product_id"},
        RejectionCase{"ProductInAnotherCurrency",
                      [](auto& c) { c.line_items[1].product_id = "prod_euro"; },
                      "product_currency_mismatch", "line_items[1].product_id"},
        RejectionCase{"UnknownTaxRate",
                      [](auto& c) { c.line_items[0].tax_rate_id = "tax_nowhere"; },
                      "tax_rate_not_found", "line_items[0].tax_rate_id"},
        RejectionCase{"ArchivedTaxRate", [](auto& c) { c.line_items[0].tax_rate_id = "tax_old"; },
                      "tax_rate_archived", "line_items[0].tax_rate_id"},
        RejectionCase{"BothTaxKinds", [](auto& c) { c.line_items[0].tax_percent = "5"; },
                      "conflicting_tax", "line_items[0].tax_rate_id"},
        RejectionCase{"NegativeTaxPercent",
                      [](auto& c) {
                        c.line_items[0].tax_rate_id.reset();
                        c.line_items[0].tax_percent = "-5";
                      },
                      "invalid_tax_rate", "line_items[0].tax_rate"},
        RejectionCase{"UnsupportedCurrency", [](auto& c) { c.currency = "ABC"; },
                      "unsupported_currency", "currency"},
        RejectionCase{"ImpossibleIssueDate", [](auto& c) { c.issue_date = "2025-02-30"; },
                      "invalid_date", "issue_date"},
        RejectionCase{"DueBeforeIssue", [](auto& c) { c.due_date = "2025-01-01"; },
                      "due_date_before_issue_date", "due_date"},
        RejectionCase{"DiscountOverHundredPercent",
                      [](auto& c) {
                        c.discount = DiscountInput{"percent", "100.01"};
                      },
                      "invalid_discount", "discount_value"},
        RejectionCase{"UnknownDiscountType",
                      [](auto& c) {
                        c.discount = DiscountInput{"bogus", "1"};
                      },
                      "invalid_discount_type", "discount_type"},
        RejectionCase{"FixedDiscountOverSubtotal",
                      [](auto& c) {
                        c.discount = DiscountInput{"fixed", "7200.01"};
                      },
                      "discount_exceeds_subtotal", "discount_value"},
        RejectionCase{"InvalidCustomNumber", [](auto& c) { c.number = "INV 1"; },
                      "invalid_invoice_number", "number"},
        RejectionCase{"OverflowingAmounts",
                      [](auto& c) {
                        c.line_items[0].quantity = "99999999999999";
                        c.line_items[0].unit_price = "99999999999";
                      },
                      "amount_too_large", "line_items"},
        RejectionCase{"UnrepresentableQuantity",
                      [](auto& c) { c.line_items[0].quantity = "999999999999999"; },
                      "number_too_large", "line_items[0].quantity"}),
    [](const auto& test_info) { return test_info.param.name; });

TEST(InvoiceTest, DraftsCanBeUpdatedPartially) {
  InvoiceWorld world;
  InvoiceState draft = world.Create(InvoiceWorld::SeedInvoice());
  UpdateInvoice update{.due_date = Patch<std::string>::Set("2025-02-28"),
                       .notes = Patch<std::string>::Null()};
  auto decided = Decide(draft, update, world.Context());
  InvoiceState updated = Then(draft, decided);
  EXPECT_EQ(FormatDate(updated.content.due_date), "2025-02-28");
  EXPECT_FALSE(updated.content.notes.has_value());
  EXPECT_EQ(updated.content.terms, "Net 30");           // omitted: unchanged
  EXPECT_EQ(updated.totals.total, draft.totals.total);  // lines untouched
  EXPECT_EQ(updated.version, draft.version + 1);
}

TEST(InvoiceTest, ATemplateIsChosenOnCreationAndChangedOrResetInADraft) {
  InvoiceWorld world;
  CreateInvoice create = InvoiceWorld::SeedInvoice();
  EXPECT_EQ(world.Create(create).template_id, "tmpl_classic");  // the default
  create.template_id = "tmpl_modern";
  auto decided = Decide(InvoiceState{}, create, world.Context("inv_2"));
  EXPECT_THAT(TypesOf(decided),
              ElementsAre("InvoiceNumberReserved", "InvoiceDrafted", "InvoiceTemplateChosen"));
  InvoiceState draft = Then(InvoiceState{}, decided);
  EXPECT_EQ(draft.template_id, "tmpl_modern");
  create.template_id = "tmpl_fancy";
  EXPECT_THAT(Decide(InvoiceState{}, create, world.Context("inv_3")),
              IsRejectedOn("invalid_template", "template_id"));

  UpdateInvoice compact{.template_id = Patch<std::string>::Set("tmpl_compact")};
  draft = Then(draft, Decide(draft, compact, world.Context()));
  EXPECT_EQ(draft.template_id, "tmpl_compact");
  UpdateInvoice reset{.template_id = Patch<std::string>::Null()};
  draft = Then(draft, Decide(draft, reset, world.Context()));
  EXPECT_EQ(draft.template_id, "tmpl_classic");
  UpdateInvoice unchanged{.notes = Patch<std::string>::Set("n")};
  EXPECT_THAT(TypesOf(Decide(draft, unchanged, world.Context())),
              ElementsAre("InvoiceDraftUpdated"));  // an omitted template chooses nothing
}

TEST(InvoiceTest, AutoSendIssuesAndSendsInTheSameDecision) {
  InvoiceWorld world;
  CreateInvoice create = InvoiceWorld::SeedInvoice();
  create.auto_send = true;
  auto decided = Decide(InvoiceState{}, create, world.Context());
  EXPECT_THAT(TypesOf(decided), ElementsAre("InvoiceNumberReserved", "InvoiceDrafted",
                                            "InvoiceIssued", "InvoiceSent"));
  InvoiceState sent = Then(InvoiceState{}, decided);
  EXPECT_EQ(sent.status, InvoiceStatus::kSent);
  EXPECT_EQ(sent.last_sent_to, std::vector<std::string>{"billing@acme.com"});
  // Nothing is decided when the sending cannot be: a customer without an e-mail address.
  world.customer.profile.email.reset();
  EXPECT_THAT(Decide(InvoiceState{}, create, world.Context("inv_2")),
              IsRejectedOn("missing_field", "to"));
}

TEST(InvoiceTest, UpdatingLinesRecomputesTotals) {
  InvoiceWorld world;
  InvoiceState draft = world.Create(InvoiceWorld::SeedInvoice());
  UpdateInvoice update{.line_items = Patch<std::vector<LineItemInput>>::Set(
                           {LineItemInput{.description = "Only", .unit_price = "10.00"}}),
                       .discount = Patch<DiscountInput>::Null()};
  InvoiceState updated = Then(draft, Decide(draft, update, world.Context()));
  EXPECT_EQ(updated.totals.total, 1000);
}

TEST(InvoiceTest, RequiredFieldsCannotBeClearedByAnUpdate) {
  InvoiceWorld world;
  InvoiceState draft = world.Create(InvoiceWorld::SeedInvoice());
  EXPECT_THAT(Decide(draft, UpdateInvoice{.due_date = Patch<std::string>::Null()}, world.Context()),
              IsRejectedOn("field_not_nullable", "due_date"));
}

TEST(InvoiceTest, ChangingCurrencyWithoutRepricingLinesIsRejected) {
  InvoiceWorld world;
  InvoiceState draft = world.Create(InvoiceWorld::SimpleInvoice());
  EXPECT_THAT(
      Decide(draft, UpdateInvoice{.currency = Patch<std::string>::Set("JPY")}, world.Context()),
      IsRejectedOn("line_items_required", "line_items"));
}

TEST(InvoiceTest, IssuedInvoicesAreAmendedNotEditedAndNeverDeleted) {
  InvoiceWorld world;
  InvoiceState sent = world.Issued(InvoiceWorld::SeedInvoice());
  auto amended =
      Decide(sent, UpdateInvoice{.notes = Patch<std::string>::Set("x")}, world.Context());
  EXPECT_THAT(TypesOf(amended), ElementsAre("InvoiceAmended"));
  EXPECT_EQ(Then(sent, amended).content.notes, "x");
  EXPECT_EQ(Then(sent, amended).totals, sent.totals);
  EXPECT_THAT(Decide(sent, UpdateInvoice{.line_items = Patch<std::vector<LineItemInput>>::Set({})},
                     world.Context()),
              IsRejectedOn("invoice_not_draft", "line_items"));
  EXPECT_THAT(Decide(sent, DeleteInvoice{}, world.Context()), IsRejected("invoice_not_draft"));
}

TEST(InvoiceTest, DeletingADraftKeepsItsNumberOnRecord) {
  InvoiceWorld world;
  InvoiceState draft = world.Create(InvoiceWorld::SeedInvoice());
  auto decided = Decide(draft, DeleteInvoice{}, world.Context());
  EXPECT_EQ(EventAt<InvoiceDeleted>(decided, 0).number, "INV-2025-0001");
  InvoiceState deleted = Then(draft, decided);
  EXPECT_EQ(deleted.status, InvoiceStatus::kDeleted);
  EXPECT_THAT(Decide(deleted, DeleteInvoice{}, world.Context()), IsRejected("invoice_not_found"));
  // The next invoice does not reuse the number.
  EXPECT_EQ(world.Create(InvoiceWorld::SimpleInvoice(), "inv_2").number, "INV-2025-0002");
}

TEST(InvoiceTest, SendingIssuesTheDraftWithTheCustomerAsOfIssue) {
  InvoiceWorld world;
  InvoiceState draft = world.Create(InvoiceWorld::SeedInvoice());
  world.customer.profile.billing_address->street = "1 New Street";  // moved before issue
  auto decided = Decide(draft, SendInvoice{.cc = {"manager@acme.com"}}, world.Context());
  EXPECT_THAT(TypesOf(decided), ElementsAre("InvoiceIssued", "InvoiceSent"));
  EXPECT_EQ(EventAt<InvoiceIssued>(decided, 0).customer.billing_address->street, "1 New Street");
  EXPECT_THAT(EventAt<InvoiceSent>(decided, 1).to, ElementsAre("billing@acme.com"));
  InvoiceState sent = Then(draft, decided);
  EXPECT_EQ(sent.status, InvoiceStatus::kSent);
  // A later move does not change the issued invoice's record.
  world.customer.profile.billing_address->street = "2 Later Road";
  auto resent = Decide(sent, SendInvoice{}, world.Context());
  EXPECT_THAT(TypesOf(resent), ElementsAre("InvoiceSent"));
  EXPECT_EQ(Then(sent, resent).content.customer.billing_address->street, "1 New Street");
}

TEST(InvoiceTest, SendingRejectsBadRecipients) {
  InvoiceWorld world;
  InvoiceState draft = world.Create(InvoiceWorld::SeedInvoice());
  EXPECT_THAT(Decide(draft, SendInvoice{.to = {"ok@acme.com", "not-an-email"}}, world.Context()),
              IsRejectedOn("invalid_email", "to[1]"));
  world.customer.profile.email.reset();
  EXPECT_THAT(Decide(draft, SendInvoice{}, world.Context()), IsRejectedOn("missing_field", "to"));
}

TEST(InvoiceTest, AZeroInvoiceIsPaidWhenIssued) {
  InvoiceWorld world;
  InvoiceState sent = world.Issued(InvoiceWorld::SimpleInvoice("0"));
  EXPECT_EQ(sent.status, InvoiceStatus::kPaid);
}

TEST(InvoiceTest, ViewingRecordsTheFirstViewOnlyAndKeepsTheStatus) {
  InvoiceWorld world;
  InvoiceState draft = world.Create(InvoiceWorld::SeedInvoice());
  EXPECT_THAT(Decide(draft, MarkInvoiceViewed{}, world.Context()),
              IsRejected("invoice_not_issued"));
  InvoiceState sent = world.Issued(InvoiceWorld::SeedInvoice(), "inv_2");
  InvoiceState viewed = Then(sent, Decide(sent, MarkInvoiceViewed{}, world.Context()));
  EXPECT_TRUE(viewed.viewed_at.has_value());
  EXPECT_EQ(viewed.status, InvoiceStatus::kSent);
  auto again = Decide(viewed, MarkInvoiceViewed{}, world.Context());
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->empty());
}

TEST(InvoiceTest, VoidingAnIssuedInvoiceWithoutPayments) {
  InvoiceWorld world;
  InvoiceState draft = world.Create(InvoiceWorld::SeedInvoice());
  EXPECT_THAT(Decide(draft, VoidInvoice{}, world.Context()), IsRejected("invoice_not_issued"));
  InvoiceState sent = world.Issued(InvoiceWorld::SeedInvoice(), "inv_2");
  InvoiceState voided =
      Then(sent, Decide(sent, VoidInvoice{.reason = "Duplicate invoice"}, world.Context()));
  EXPECT_EQ(voided.status, InvoiceStatus::kVoid);
  EXPECT_EQ(voided.void_reason, "Duplicate invoice");
  EXPECT_THAT(Decide(voided, VoidInvoice{}, world.Context()), IsRejected("invoice_not_voidable"));
  EXPECT_THAT(Decide(voided, SendInvoice{}, world.Context()), IsRejected("invoice_not_sendable"));
}

TEST(InvoiceTest, OverdueOnlyAfterTheDueDateWithAnAmountDue) {
  InvoiceWorld world;
  InvoiceState sent = world.Issued(InvoiceWorld::SeedInvoice());  // due 2025-02-14
  EXPECT_THAT(Decide(sent, MarkInvoiceOverdue{ParseDate("2025-02-14").value()}, world.Context()),
              IsRejected("invoice_not_overdue"));
  auto decided = Decide(sent, MarkInvoiceOverdue{ParseDate("2025-02-15").value()}, world.Context());
  InvoiceState overdue = Then(sent, decided);
  EXPECT_EQ(overdue.status, InvoiceStatus::kOverdue);
  EXPECT_THAT(Decide(overdue, MarkInvoiceOverdue{ParseDate("2025-02-16").value()}, world.Context()),
              IsRejected("invoice_not_overdue"));
}

TEST(InvoiceTest, UncollectibleStopsPayments) {
  InvoiceWorld world;
  InvoiceState sent = world.Issued(InvoiceWorld::SeedInvoice());
  InvoiceState lost = Then(sent, Decide(sent, MarkInvoiceUncollectible{}, world.Context()));
  EXPECT_EQ(lost.status, InvoiceStatus::kUncollectible);
  EXPECT_FALSE(lost.IsPayable());
}

TEST(InvoiceTest, JapaneseYenInvoicesHaveNoMinorDigits) {
  InvoiceWorld world;
  CreateInvoice command = InvoiceWorld::SimpleInvoice("1500");
  command.currency = "JPY";
  command.line_items[0].tax_percent = "10";
  command.line_items[0].quantity = "3";
  InvoiceState invoice = world.Create(command);
  EXPECT_EQ(invoice.totals.total, 4950);
  CreateInvoice fractional = InvoiceWorld::SimpleInvoice("1500.5");
  fractional.currency = "JPY";
  EXPECT_THAT(Decide(InvoiceState{}, fractional, world.Context("inv_2")),
              IsRejectedOn("too_many_decimals", "line_items[0].unit_price"));
}

TEST(InvoiceTest, KuwaitiDinarInvoicesHaveThreeMinorDigits) {
  InvoiceWorld world;
  CreateInvoice command = InvoiceWorld::SimpleInvoice("10.125");
  command.currency = "KWD";
  command.line_items[0].quantity = "2.5";
  InvoiceState invoice = world.Create(command);
  EXPECT_EQ(invoice.totals.total, 25313);  // 25.3125 rounded half-up to 25.313
}

TEST(InvoiceTest, UnidadDeFomentoInvoicesHaveFourMinorDigits) {
  InvoiceWorld world;
  CreateInvoice command = InvoiceWorld::SimpleInvoice("1.2345");
  command.currency = "CLF";
  command.line_items[0].quantity = "3";
  EXPECT_EQ(world.Create(command).totals.total, 37035);
}

}  // namespace
}  // namespace factura::domain
