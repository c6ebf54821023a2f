#include "domain/money.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "domain/decimal.h"
#include "tests/support/domain_testing.h"

namespace factura::domain {
namespace {

using testing::IsRejected;

Currency Code(std::string_view code) { return FindCurrency(code).value(); }

TEST(CurrencyTest, KnowsMinorDigitsOfEveryExponentClass) {
  EXPECT_EQ(Code("JPY").minor_digits(), 0);
  EXPECT_EQ(Code("KRW").minor_digits(), 0);
  EXPECT_EQ(Code("USD").minor_digits(), 2);
  EXPECT_EQ(Code("EUR").minor_digits(), 2);
  for (std::string_view three : {"KWD", "BHD", "JOD", "OMR", "TND", "IQD", "LYD"}) {
    EXPECT_EQ(Code(three).minor_digits(), 3) << three;
  }
  EXPECT_EQ(Code("CLF").minor_digits(), 4);
  EXPECT_EQ(Code("UYW").minor_digits(), 4);
}

TEST(CurrencyTest, RejectsUnknownAndLowerCaseCodes) {
  EXPECT_THAT(FindCurrency("XYZ"), IsRejected("unsupported_currency"));
  EXPECT_THAT(FindCurrency("usd"), IsRejected("unsupported_currency"));
  EXPECT_THAT(FindCurrency(""), IsRejected("unsupported_currency"));
  EXPECT_THAT(FindCurrency("USDX"), IsRejected("unsupported_currency"));
  EXPECT_EQ(FindCurrency("XYZ").error().param, "currency");
}

TEST(CurrencyTest, TableHoldsEveryActiveCodeOnce) {
  EXPECT_GE(AllCurrencies().size(), 150u);
  for (const Currency& c : AllCurrencies()) {
    ASSERT_TRUE(FindCurrency(c.code()).has_value()) << c.code();
    EXPECT_GE(c.minor_digits(), 0);
    EXPECT_LE(c.minor_digits(), 4);
  }
}

TEST(DecimalTest, ParsesExactlyAtTheGivenScale) {
  EXPECT_EQ(ParseScaled("150.00", 2), 15000);
  EXPECT_EQ(ParseScaled("150", 2), 15000);
  EXPECT_EQ(ParseScaled("0.1", 2), 10);
  EXPECT_EQ(ParseScaled("-12.5", 2), -1250);
  EXPECT_EQ(ParseScaled("8.25", 4), 82500);
  EXPECT_EQ(ParseScaled("1.500", 2), 150);  // trailing zeros beyond the scale are fine
  EXPECT_EQ(ParseScaled("0", 0), 0);
  EXPECT_EQ(ParseScaled("-0.00", 2), 0);
}

TEST(DecimalTest, ExponentsAreExactNotFloatingPoint) {
  EXPECT_EQ(ParseScaled("1e2", 2), 10000);
  EXPECT_EQ(ParseScaled("1.5E-1", 2), 15);
  EXPECT_EQ(ParseScaled("25e-2", 2), 25);
  EXPECT_THAT(ParseScaled("1e-3", 2), IsRejected("too_many_decimals"));
  // 0.1 + 0.2 style values stay exact.
  EXPECT_EQ(ParseScaled("0.30", 2), 30);
  EXPECT_EQ(ParseScaled("1234567890123.45", 2), 123456789012345);
}

TEST(DecimalTest, RejectsMoreDecimalsThanTheScale) {
  EXPECT_THAT(ParseScaled("10.005", 2), IsRejected("too_many_decimals"));
  EXPECT_THAT(ParseScaled("1.5", 0), IsRejected("too_many_decimals"));
  EXPECT_THAT(ParseScaled("0.00001", 4), IsRejected("too_many_decimals"));
}

TEST(DecimalTest, RejectsMalformedText) {
  for (std::string_view text : {"", "-", "abc", "1.", ".5", "1..2", "1e", "1e+", "+1", "1 ", " 1",
                                "0x10", "1,5", "NaN", "Infinity", "--1", "1e2.5"}) {
    EXPECT_THAT(ParseScaled(text, 2), IsRejected("invalid_number")) << "'" << text << "'";
  }
}

TEST(DecimalTest, RejectsValuesBeyondInt64InsteadOfWrapping) {
  EXPECT_THAT(ParseScaled("92233720368547758.08", 2), IsRejected("number_too_large"));
  EXPECT_EQ(ParseScaled("92233720368547758.07", 2), std::numeric_limits<int64_t>::max());
  EXPECT_THAT(ParseScaled("1e30", 2), IsRejected("number_too_large"));
  EXPECT_THAT(ParseScaled("1e999999999999", 2), IsRejected("number_too_large"));
  EXPECT_THAT(ParseScaled("100000000000000000000000", 0), IsRejected("number_too_large"));
}

TEST(DecimalTest, FormatsWithTheScalesDigits) {
  EXPECT_EQ(FormatScaled(712800, 2), "7128.00");
  EXPECT_EQ(FormatScaled(5, 3), "0.005");
  EXPECT_EQ(FormatScaled(-1250, 2), "-12.50");
  EXPECT_EQ(FormatScaled(12, 0), "12");
  EXPECT_EQ(FormatScaled(std::numeric_limits<int64_t>::min(), 2), "-92233720368547758.08");
  // The widest results: every digit of the extremes, and a scale wider than the value.
  EXPECT_EQ(FormatScaled(std::numeric_limits<int64_t>::min(), 18), "-9.223372036854775808");
  EXPECT_EQ(FormatScaled(std::numeric_limits<int64_t>::max(), 0), "9223372036854775807");
  EXPECT_EQ(FormatScaled(-1, 18), "-0.000000000000000001");
  EXPECT_EQ(FormatScaled(0, 6), "0.000000");
  EXPECT_EQ(FormatScaledTrimmed(82500, 4), "8.25");
  EXPECT_EQ(FormatScaledTrimmed(100000, 4), "10");
}

TEST(DecimalTest, FormatThenParseRoundTrips) {
  std::mt19937_64 random(42);
  for (int i = 0; i < 10'000; ++i) {
    auto value = static_cast<int64_t>(random());
    int scale = static_cast<int>(random() % 5);
    EXPECT_EQ(ParseScaled(FormatScaled(value, scale), scale), value);
  }
}

TEST(DecimalTest, RoundsHalfAwayFromZero) {
  EXPECT_EQ(DivideRoundHalfUp(5, 10), 1);
  EXPECT_EQ(DivideRoundHalfUp(4, 10), 0);
  EXPECT_EQ(DivideRoundHalfUp(-5, 10), -1);
  EXPECT_EQ(DivideRoundHalfUp(-4, 10), 0);
  EXPECT_EQ(DivideRoundHalfUp(15, 10), 2);
}

TEST(MoneyTest, ParsesAmountsWithTheCurrencysDigits) {
  EXPECT_EQ(ParseAmount("7128.00", Code("USD")), 712800);
  EXPECT_EQ(ParseAmount("7128", Code("JPY")), 7128);
  EXPECT_THAT(ParseAmount("7128.5", Code("JPY")), IsRejected("too_many_decimals"));
  EXPECT_EQ(ParseAmount("1.234", Code("KWD")), 1234);
  EXPECT_THAT(ParseAmount("1.2345", Code("KWD")), IsRejected("too_many_decimals"));
  EXPECT_EQ(ParseAmount("1.2345", Code("CLF")), 12345);
}

TEST(MoneyTest, FormatsAmountsWithTheCurrencysDigits) {
  EXPECT_EQ(FormatAmount(712800, Code("USD")), "7128.00");
  EXPECT_EQ(FormatAmount(7128, Code("JPY")), "7128");
  EXPECT_EQ(FormatAmount(1500, Code("KWD")), "1.500");
  EXPECT_EQ(FormatAmount(12345, Code("CLF")), "1.2345");
}

TEST(MoneyTest, ArithmeticIsCheckedNotWrapped) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  EXPECT_THAT(CheckedAdd(kMax, 1), IsRejected("amount_too_large"));
  EXPECT_EQ(CheckedAdd(kMax - 1, 1), kMax);
  EXPECT_THAT(CheckedSubtract(std::numeric_limits<int64_t>::min(), 1),
              IsRejected("amount_too_large"));
  const int64_t values[] = {kMax, 1};
  EXPECT_THAT(CheckedSum(values), IsRejected("amount_too_large"));
  EXPECT_EQ(CheckedAdd(kMax, 1).error().kind, ErrorKind::kOutOfRange);
}

TEST(MoneyTest, AddingDifferentCurrenciesIsAnError) {
  EXPECT_THAT(Add(Money{100, Code("USD")}, Money{100, Code("EUR")}),
              IsRejected("currency_mismatch"));
  EXPECT_EQ(Add(Money{100, Code("USD")}, Money{250, Code("USD")}), (Money{350, Code("USD")}));
  EXPECT_EQ(Subtract(Money{100, Code("USD")}, Money{250, Code("USD")}), (Money{-150, Code("USD")}));
}

TEST(MoneyTest, LineAmountRoundsHalfUpToTheMinorUnit) {
  EXPECT_EQ(LineAmount(Quantity{400000}, 15000), 600000);  // 40 × 150.00
  EXPECT_EQ(LineAmount(Quantity{15000}, 333), 500);        // 1.5 × 3.33 = 4.995 → 5.00
  EXPECT_EQ(LineAmount(Quantity{12345}, 100), 123);        // 1.2345 × 1.00 = 1.2345 → 1.23
  EXPECT_EQ(LineAmount(Quantity{1}, 5000), 1);             // 0.0001 × 50.00 = 0.005 → 0.01
  EXPECT_THAT(LineAmount(Quantity{std::numeric_limits<int64_t>::max()}, 1'000'000),
              IsRejected("amount_too_large"));
}

TEST(MoneyTest, PercentagesFromTheDesignDocument) {
  EXPECT_EQ(PercentOf(900000, Percent{82500}), 74250);  // 9,000.00 at 8.25% → 742.50
  EXPECT_EQ(PercentOf(875000, Percent{82500}), 72188);  // 8,750.00 at 8.25% → 721.875 → 721.88
  EXPECT_EQ(PercentOf(720000, Percent{100000}), 72000);
  EXPECT_EQ(IncludedTax(11000, Percent{100000}), 1000);  // 110.00 incl. 10% contains 10.00
  EXPECT_EQ(ParsePercent("8.25").value().ten_thousandths, 82500);
  EXPECT_THAT(ParsePercent("8.123456"), IsRejected("too_many_decimals"));
  EXPECT_EQ(FormatPercent(Percent{82500}), "8.25");
  EXPECT_EQ(FormatQuantity(Quantity{15000}), "1.5");
}

TEST(AllocationTest, LargestRemainderAddsUpExactly) {
  const int64_t equal[] = {1, 1, 1};
  EXPECT_EQ(AllocateProportionally(100, equal), (std::vector<int64_t>{34, 33, 33}));
  const int64_t weights[] = {600000, 120000};
  EXPECT_EQ(AllocateProportionally(72000, weights), (std::vector<int64_t>{60000, 12000}));
  const int64_t uneven[] = {1, 2, 3};
  EXPECT_EQ(AllocateProportionally(10, uneven), (std::vector<int64_t>{2, 3, 5}));
  const int64_t with_zero[] = {0, 5, 0};
  EXPECT_EQ(AllocateProportionally(7, with_zero), (std::vector<int64_t>{0, 7, 0}));
}

TEST(AllocationTest, NothingToSpreadOverZeroWeights) {
  const int64_t zeros[] = {0, 0};
  EXPECT_EQ(AllocateProportionally(0, zeros), (std::vector<int64_t>{0, 0}));
  EXPECT_THAT(AllocateProportionally(5, zeros), IsRejected("allocation_without_weights"));
}

TEST(AllocationTest, PartsAlwaysAddUpAndStayWithinOneOfTheExactShare) {
  std::mt19937_64 random(7);
  for (int round = 0; round < 2'000; ++round) {
    size_t count = 1 + random() % 30;
    std::vector<int64_t> weights(count);
    __int128 weight_sum = 0;
    for (auto& w : weights) {
      w = static_cast<int64_t>(random() % 1'000'000'000'000ULL);
      weight_sum += w;
    }
    if (weight_sum == 0) continue;
    auto total = static_cast<int64_t>(random() % 1'000'000'000'000'000ULL);
    auto parts = AllocateProportionally(total, weights);
    ASSERT_TRUE(parts.has_value());
    __int128 sum = 0;
    for (size_t i = 0; i < count; ++i) {
      sum += (*parts)[i];
      __int128 floor_share = static_cast<__int128>(total) * weights[i] / weight_sum;
      EXPECT_GE((*parts)[i], floor_share);
      EXPECT_LE((*parts)[i], floor_share + 1);
    }
    EXPECT_TRUE(sum == total);
  }
}

}  // namespace
}  // namespace factura::domain
