#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "domain/any_state.h"
#include "domain/date.h"
#include "domain/ids.h"
#include "domain/stream_id.h"
#include "tests/support/domain_testing.h"

namespace factura::domain {
namespace {

using testing::IsRejected;

TEST(DateTest, ParsesAndFormatsIsoDates) {
  auto date = ParseDate("2025-01-15");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(FormatDate(*date), "2025-01-15");
  EXPECT_EQ(FormatDate(AddDays(*date, 30)), "2025-02-14");
  EXPECT_EQ(ParseDate("1970-01-01")->days_since_epoch, 0);
  EXPECT_EQ(FormatDate(ParseDate("2024-02-29").value()), "2024-02-29");
  EXPECT_EQ(DaysBetween(*ParseDate("2025-01-10"), *ParseDate("2025-01-20")), 10);
  EXPECT_EQ(YearOf(*date), 2025);
  // Past year 9999 (reachable only by adding days), the year is shown whole.
  EXPECT_EQ(FormatDate(AddDays(*ParseDate("9999-12-31"), 1)), "10000-01-01");
}

TEST(DateTest, RejectsImpossibleAndMalformedDates) {
  for (std::string_view text :
       {"2025-02-30", "2025-02-29", "2025-13-01", "2025-00-10", "2025-01-00", "2025-1-15",
        "25-01-15", "2025/01/15", "2025-01-15T00:00:00Z", "", "abcd-ef-gh", "1899-12-31"}) {
    EXPECT_THAT(ParseDate(text), IsRejected("invalid_date")) << text;
  }
}

TEST(TimestampTest, ParsesRfc3339WithOffsetsAndFractions) {
  auto utc = ParseTimestamp("2025-01-15T10:30:00Z");
  ASSERT_TRUE(utc.has_value());
  EXPECT_EQ(FormatTimestamp(*utc), "2025-01-15T10:30:00Z");
  EXPECT_EQ(ParseTimestamp("2025-01-15T12:30:00+02:00"), utc);
  EXPECT_EQ(ParseTimestamp("2025-01-15t05:30:00-05:00"), utc);
  auto fraction = ParseTimestamp("2025-01-15T10:30:00.123Z");
  EXPECT_EQ(fraction->micros_since_epoch - utc->micros_since_epoch, 123000);
  EXPECT_EQ(FormatTimestamp(*fraction), "2025-01-15T10:30:00.123Z");
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("2025-01-15T10:30:00.000001Z")),
            "2025-01-15T10:30:00.000001Z");
  EXPECT_EQ(FormatDate(UtcDateOf(*ParseTimestamp("2025-01-15T23:30:00-02:00"))), "2025-01-16");
}

TEST(TimestampTest, RejectsMalformedTimestamps) {
  for (std::string_view text :
       {"2025-01-15", "2025-01-15T24:00:00Z", "2025-01-15T10:60:00Z", "2025-01-15T10:30:61Z",
        "2025-01-15T10:30:00", "2025-02-30T10:30:00Z", "2025-01-15T10:30:00+2:00",
        "2025-01-15 10:30:00Z", "2025-01-15T10:30:00.Z", "2025-01-15T10:30:00Zjunk"}) {
    EXPECT_THAT(ParseTimestamp(text), IsRejected("invalid_timestamp")) << text;
  }
}

TEST(IdsTest, GeneratedIdsArePrefixedValidAndSortInCreationOrder) {
  IdGenerator ids(1);
  Timestamp now = ParseTimestamp("2025-01-15T10:30:00Z").value();
  std::vector<std::string> generated;
  for (int i = 0; i < 1000; ++i) {
    // Several per millisecond, and the clock moving on now and then.
    generated.push_back(
        ids.Next(kInvoicePrefix, Timestamp{now.micros_since_epoch + i / 10 * 1000}));
  }
  for (const std::string& id : generated) {
    EXPECT_TRUE(ValidateId(id, kInvoicePrefix, "id").has_value()) << id;
    EXPECT_EQ(id.size(), 4u + 26u);
  }
  EXPECT_TRUE(std::is_sorted(generated.begin(), generated.end()));
  EXPECT_EQ(std::set<std::string>(generated.begin(), generated.end()).size(), generated.size());
}

TEST(IdsTest, IdsStayOrderedWhenTheClockStepsBack) {
  IdGenerator ids(2);
  std::string later = ids.Next(kPaymentPrefix, Timestamp{2'000'000'000});
  std::string earlier_clock = ids.Next(kPaymentPrefix, Timestamp{1'000'000'000});
  EXPECT_LT(later, earlier_clock);
}

TEST(IdsTest, ValidationRefusesWrongKindsAndPathCharacters) {
  EXPECT_TRUE(ValidateId("tax_gst_10", kTaxRatePrefix, "id").has_value());
  EXPECT_THAT(ValidateId("cus_123", kInvoicePrefix, "invoice_id"), IsRejected("invalid_id"));
  EXPECT_EQ(ValidateId("cus_123", kInvoicePrefix, "invoice_id").error().param, "invoice_id");
  for (std::string_view bad : {"inv_", "inv", "inv_../etc", "inv_a/b", "inv_%2e", "inv_a.b",
                               "inv_a b", "INV_abc", "invabc", "inv_\xc3\xa9"}) {
    EXPECT_THAT(ValidateId(bad, kInvoicePrefix, "id"), IsRejected("invalid_id")) << bad;
  }
  EXPECT_THAT(ValidateId("inv_" + std::string(65, 'a'), kInvoicePrefix, "id"),
              IsRejected("invalid_id"));
}

// An id's kind is its prefix up to the first underscore, and names the aggregate's state type.
TEST(IdsTest, AnIdsPrefixNamesItsAggregatesEmptyState) {
  EXPECT_TRUE(HasIdPrefix("inv_01jd8x", kInvoicePrefix));
  EXPECT_FALSE(HasIdPrefix("invoice_1", kInvoicePrefix));
  EXPECT_FALSE(HasIdPrefix("inv", kInvoicePrefix));
  EXPECT_FALSE(HasIdPrefix("tax_1", kTaxRatePrefix.substr(0, 2)));
  EXPECT_TRUE(std::holds_alternative<InvoiceState>(*EmptyStateFor("inv_1")));
  EXPECT_TRUE(std::holds_alternative<OrganizationState>(*EmptyStateFor("org_1")));
  EXPECT_TRUE(std::holds_alternative<ApiKeyState>(*EmptyStateFor("ak_1")));
  EXPECT_TRUE(std::holds_alternative<WebhookEndpointState>(*EmptyStateFor("wh_1")));
  EXPECT_FALSE(EmptyStateFor("evt_1"));  // events are no aggregate
  EXPECT_FALSE(EmptyStateFor("pay"));
}

}  // namespace
}  // namespace factura::domain

namespace factura::domain {
namespace {

TEST(StreamIdTest, ComposesAndSplitsBackIntoItsParts) {
  std::string stream = StreamId::Compose("org_01jd8x", "inv_01jd8y");
  EXPECT_EQ(stream, "org_01jd8x/inv_01jd8y");
  EXPECT_EQ(StreamId::OrganizationOf(stream), "org_01jd8x");
  EXPECT_EQ(StreamId::AggregateOf(stream), "inv_01jd8y");
}

TEST(StreamIdTest, AnIdWithoutAnOrganizationIsAllAggregate) {
  EXPECT_EQ(StreamId::OrganizationOf("inv_1"), "");
  EXPECT_EQ(StreamId::AggregateOf("inv_1"), "inv_1");
}

}  // namespace
}  // namespace factura::domain
