#include "domain/invoice/invoice_totals.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <numeric>
#include <random>

#include "tests/support/domain_testing.h"

namespace factura::domain {
namespace {

using testing::IsRejected;

LineItem Line(int64_t quantity_ten_thousandths, int64_t unit_price_minor,
              std::optional<AppliedTax> tax = std::nullopt) {
  return LineItem{"li",
                  "item",
                  std::nullopt,
                  Quantity{quantity_ten_thousandths},
                  unit_price_minor,
                  std::nullopt,
                  std::move(tax)};
}

AppliedTax Rate(int64_t ten_thousandths, std::string id = "tax_x", bool inclusive = false) {
  return AppliedTax{std::move(id), "Tax", Percent{ten_thousandths}, inclusive};
}

Discount PercentOff(int64_t ten_thousandths) {
  return Discount{DiscountType::kPercent, Percent{ten_thousandths}, 0};
}

// Seed 000 §4.1.1 as DESIGN.md §2 states it: 40 × 150.00 + 1 × 1,200.00 at 10% with a 10%
// discount.
TEST(InvoiceTotalsTest, DesignWorkedExampleWithDiscountAndTax) {
  std::vector<LineItem> lines{Line(400000, 15000, Rate(100000, "tax_gst_10")),
                              Line(10000, 120000, Rate(100000, "tax_gst_10"))};
  auto totals = ComputeTotals(lines, std::nullopt, PercentOff(100000));
  ASSERT_TRUE(totals.has_value());
  EXPECT_EQ(totals->subtotal, 720000);
  EXPECT_EQ(totals->discount_total, 72000);
  EXPECT_EQ(totals->tax_total, 64800);
  EXPECT_EQ(totals->total, 712800);
  EXPECT_EQ(totals->lines[0], (LineTotals{600000, 0, 60000, 54000, 594000}));
  EXPECT_EQ(totals->lines[1], (LineTotals{120000, 0, 12000, 10800, 118800}));
  ASSERT_EQ(totals->taxes.size(), 1u);
  EXPECT_EQ(totals->taxes[0].taxable_amount, 648000);
  EXPECT_EQ(totals->taxes[0].tax_amount, 64800);
}

// Seed 003 §7.4: 9,000.00 at 8.25% → 742.50, as the invoice-level tax.
TEST(InvoiceTotalsTest, InvoiceLevelTaxOnNineThousand) {
  std::vector<LineItem> lines{Line(400000, 15000), Line(10000, 240000), Line(10000, 60000)};
  auto totals = ComputeTotals(lines, Rate(82500), Discount{});
  ASSERT_TRUE(totals.has_value());
  EXPECT_EQ(totals->subtotal, 900000);
  EXPECT_EQ(totals->tax_total, 74250);
  EXPECT_EQ(totals->total, 974250);
}

TEST(InvoiceTotalsTest, EightThousandSevenHundredFiftyAtEightPointTwoFiveRoundsHalfUp) {
  std::vector<LineItem> lines{Line(10000, 875000, Rate(82500))};
  auto totals = ComputeTotals(lines, std::nullopt, Discount{});
  ASSERT_TRUE(totals.has_value());
  EXPECT_EQ(totals->tax_total, 72188);
  EXPECT_EQ(totals->total, 947188);
}

// Tax once per rate on the sum, not per line: three lines of 0.05 at 10% are 0.15 taxed 0.02
// (0.015 rounded up), where per-line rounding would give 0.03.
TEST(InvoiceTotalsTest, TaxIsComputedOncePerRateThenSpreadBack) {
  std::vector<LineItem> lines{Line(10000, 5, Rate(100000)), Line(10000, 5, Rate(100000)),
                              Line(10000, 5, Rate(100000))};
  auto totals = ComputeTotals(lines, std::nullopt, Discount{});
  ASSERT_TRUE(totals.has_value());
  EXPECT_EQ(totals->tax_total, 2);
  EXPECT_EQ(totals->lines[0].tax + totals->lines[1].tax + totals->lines[2].tax, 2);
  EXPECT_EQ(totals->total, 17);
}

TEST(InvoiceTotalsTest, DifferentRatesAreTaxedSeparately) {
  std::vector<LineItem> lines{Line(10000, 10000, Rate(100000, "tax_a")),
                              Line(10000, 10000, Rate(200000, "tax_b")), Line(10000, 10000)};
  auto totals = ComputeTotals(lines, std::nullopt, Discount{});
  ASSERT_TRUE(totals.has_value());
  ASSERT_EQ(totals->taxes.size(), 2u);
  EXPECT_EQ(totals->taxes[0].tax_amount, 1000);
  EXPECT_EQ(totals->taxes[1].tax_amount, 2000);
  EXPECT_EQ(totals->lines[2].tax, 0);
  EXPECT_EQ(totals->total, 33000);
}

TEST(InvoiceTotalsTest, LineTaxOverridesTheInvoiceDefault) {
  std::vector<LineItem> lines{Line(10000, 10000, Rate(0, "tax_zero")), Line(10000, 10000)};
  auto totals = ComputeTotals(lines, Rate(100000, "tax_default"), Discount{});
  ASSERT_TRUE(totals.has_value());
  EXPECT_EQ(totals->lines[0].tax, 0);
  EXPECT_EQ(totals->lines[1].tax, 1000);
  EXPECT_EQ(totals->total, 21000);
}

TEST(InvoiceTotalsTest, InclusiveTaxIsInsideThePriceNotAdded) {
  std::vector<LineItem> lines{Line(10000, 11000, Rate(100000, "tax_vat", true))};
  auto totals = ComputeTotals(lines, std::nullopt, Discount{});
  ASSERT_TRUE(totals.has_value());
  EXPECT_EQ(totals->subtotal, 11000);
  EXPECT_EQ(totals->tax_total, 1000);
  EXPECT_EQ(totals->total, 11000);
  EXPECT_EQ(totals->taxes[0].taxable_amount, 10000);
  EXPECT_EQ(totals->lines[0].total, 11000);
}

TEST(InvoiceTotalsTest, FixedDiscountIsSpreadByLargestRemainder) {
  std::vector<LineItem> lines{Line(10000, 100), Line(10000, 100), Line(10000, 100)};
  auto totals = ComputeTotals(lines, std::nullopt, Discount{DiscountType::kFixed, {}, 100});
  ASSERT_TRUE(totals.has_value());
  EXPECT_EQ(totals->lines[0].discount, 34);
  EXPECT_EQ(totals->lines[1].discount, 33);
  EXPECT_EQ(totals->lines[2].discount, 33);
  EXPECT_EQ(totals->total, 200);
}

TEST(InvoiceTotalsTest, FixedDiscountLargerThanSubtotalIsRejected) {
  std::vector<LineItem> lines{Line(10000, 100)};
  EXPECT_THAT(ComputeTotals(lines, std::nullopt, Discount{DiscountType::kFixed, {}, 101}),
              IsRejected("discount_exceeds_subtotal"));
}

TEST(InvoiceTotalsTest, OverflowIsReportedNotWrapped) {
  constexpr int64_t kHuge = std::numeric_limits<int64_t>::max() / 2 + 1;
  std::vector<LineItem> lines{Line(10000, kHuge), Line(10000, kHuge)};
  EXPECT_THAT(ComputeTotals(lines, std::nullopt, Discount{}), IsRejected("amount_too_large"));
  std::vector<LineItem> taxed{Line(10000, kHuge, Rate(1000 * 10000))};
  EXPECT_THAT(ComputeTotals(taxed, std::nullopt, Discount{}), IsRejected("amount_too_large"));
}

// A line's own discount comes first; the invoice discount applies to what the lines come to
// after theirs, spread in proportion to those amounts.
TEST(InvoiceTotalsTest, LineDiscountsComeBeforeTheInvoiceDiscount) {
  std::vector<LineItem> lines{Line(10'000, 100'00, Rate(100000)), Line(10'000, 100'00)};
  lines[0].discount = PercentOff(250000);                                // 25% of 100.00 = 25.00
  lines[1].discount = Discount{DiscountType::kFixed, {}, 500};           // 5.00
  auto totals = ComputeTotals(lines, std::nullopt, PercentOff(100000));  // 10% of 170.00
  ASSERT_TRUE(totals.has_value());
  EXPECT_EQ(totals->subtotal, 200'00);
  EXPECT_EQ(totals->lines[0].own_discount, 25'00);
  EXPECT_EQ(totals->lines[1].own_discount, 5'00);
  EXPECT_EQ(totals->lines[0].discount, 25'00 + 7'50);  // 75.00 of 170.00 of 17.00
  EXPECT_EQ(totals->lines[1].discount, 5'00 + 9'50);   // 95.00 of 170.00 of 17.00
  EXPECT_EQ(totals->discount_total, 47'00);
  EXPECT_EQ(totals->lines[0].tax, 6'75);  // 10% of 67.50
  EXPECT_EQ(totals->total, 200'00 - 47'00 + 6'75);
  // A fixed discount beyond the line's subtotal is refused, naming the line.
  lines[1].discount = Discount{DiscountType::kFixed, {}, 100'01};
  auto refused = ComputeTotals(lines, std::nullopt, Discount{});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "discount_exceeds_subtotal");
  EXPECT_EQ(refused.error().param, "line_items[1].discount_value");
}

// Property: over many generated invoices, every total is the sum of its parts.
TEST(InvoiceTotalsTest, EveryTotalEqualsTheSumOfItsPartsOverGeneratedInvoices) {
  std::mt19937_64 random(20251121);
  const std::vector<AppliedTax> rates{Rate(100000, "tax_10"), Rate(82500, "tax_825"),
                                      Rate(190000, "tax_vat_19", true), Rate(0, "tax_zero")};
  for (int round = 0; round < 5'000; ++round) {
    std::vector<LineItem> lines;
    size_t count = 1 + random() % 25;
    for (size_t i = 0; i < count; ++i) {
      int64_t quantity = 1 + static_cast<int64_t>(random() % 1'000'000);
      int64_t price = static_cast<int64_t>(random() % 10'000'000);
      std::optional<AppliedTax> tax;
      if (random() % 5 != 0) tax = rates[random() % rates.size()];
      lines.push_back(Line(quantity, price, tax));
      // A third of the lines carry a discount of their own.
      int64_t line_subtotal = *LineAmount(Quantity{quantity}, price);
      switch (random() % 6) {
        case 0:
          lines.back().discount =
              PercentOff(static_cast<int64_t>(random() % (kOneHundredPercent + 1)));
          break;
        case 1:
          lines.back().discount = Discount{
              DiscountType::kFixed, {}, static_cast<int64_t>(random() % (line_subtotal + 1))};
          break;
        default:
          break;
      }
    }
    // What the invoice discount applies to: the lines after their own discounts.
    int64_t nets = 0;
    for (const LineItem& line : lines) {
      int64_t line_subtotal = *LineAmount(line.quantity, line.unit_price_minor);
      nets += line_subtotal - (line.discount.type == DiscountType::kPercent
                                   ? *PercentOf(line_subtotal, line.discount.percent)
                                   : line.discount.fixed_minor);
    }
    Discount discount;
    switch (random() % 3) {
      case 0:
        break;
      case 1:
        discount = PercentOff(static_cast<int64_t>(random() % (kOneHundredPercent + 1)));
        break;
      case 2:
        discount = Discount{DiscountType::kFixed, {}, static_cast<int64_t>(random() % (nets + 1))};
        break;
    }
    std::optional<AppliedTax> default_tax;
    if (random() % 2 == 0) default_tax = rates[random() % rates.size()];
    auto totals = ComputeTotals(lines, default_tax, discount);
    ASSERT_TRUE(totals.has_value());

    int64_t subtotal = 0, discounts = 0, taxes = 0, line_totals = 0, exclusive = 0;
    for (size_t i = 0; i < count; ++i) {
      const LineTotals& line = totals->lines[i];
      EXPECT_EQ(line.subtotal, LineAmount(lines[i].quantity, lines[i].unit_price_minor));
      const Discount& own = lines[i].discount;
      EXPECT_EQ(line.own_discount, own.type == DiscountType::kPercent
                                       ? *PercentOf(line.subtotal, own.percent)
                                       : own.fixed_minor);
      EXPECT_GE(line.discount, line.own_discount);
      EXPECT_LE(line.discount, line.subtotal);
      subtotal += line.subtotal;
      discounts += line.discount;
      taxes += line.tax;
      line_totals += line.total;
    }
    int64_t group_taxes = 0;
    for (const TaxTotal& group : totals->taxes) {
      group_taxes += group.tax_amount;
      if (!group.tax.inclusive) {
        exclusive += group.tax_amount;
        EXPECT_EQ(group.tax_amount, PercentOf(group.taxable_amount, group.tax.rate));
      }
    }
    EXPECT_EQ(subtotal, totals->subtotal);
    EXPECT_EQ(discounts, totals->discount_total);
    EXPECT_EQ(taxes, totals->tax_total);
    EXPECT_EQ(group_taxes, totals->tax_total);
    EXPECT_EQ(line_totals, totals->total);
    EXPECT_EQ(totals->total, totals->subtotal - totals->discount_total + exclusive);
  }
}

}  // namespace
}  // namespace factura::domain
