#include "domain/webhook_endpoint/webhook_event_types.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace factura::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(WebhookEventTypesTest, MapsLogEventsToSeedTypes) {
  AnyState none = OrganizationState{};
  EXPECT_THAT(WebhookTypesOf(CustomerCreated{}, none), ElementsAre("customer.created"));
  EXPECT_THAT(WebhookTypesOf(CustomerDeleted{}, none), ElementsAre("customer.deleted"));
  EXPECT_THAT(WebhookTypesOf(InvoiceDrafted{}, none), ElementsAre("invoice.created"));
  EXPECT_THAT(WebhookTypesOf(InvoiceSent{}, none), ElementsAre("invoice.sent"));
  EXPECT_THAT(WebhookTypesOf(InvoicePaid{}, none), ElementsAre("invoice.paid"));
  EXPECT_THAT(WebhookTypesOf(InvoiceVoided{}, none), ElementsAre("invoice.voided"));
  EXPECT_THAT(WebhookTypesOf(InvoiceOverdue{}, none), ElementsAre("invoice.overdue"));
  EXPECT_THAT(WebhookTypesOf(PaymentRecorded{}, none),
              ElementsAre("payment.created", "payment.succeeded", "payment.received"));
  EXPECT_THAT(WebhookTypesOf(PaymentRefunded{}, none), ElementsAre("payment.refunded"));
  EXPECT_THAT(WebhookTypesOf(InvoiceIssued{}, none), IsEmpty());  // invoice.sent says it
  EXPECT_THAT(WebhookTypesOf(ApiKeyCreated{}, none), IsEmpty());
}

TEST(WebhookEventTypesTest, APaymentIsPartialOnlyWhenTheInvoiceStillHasADue) {
  InvoiceState partly;
  partly.status = InvoiceStatus::kPartiallyPaid;
  InvoiceState settled;
  settled.status = InvoiceStatus::kPaid;
  EXPECT_THAT(WebhookTypesOf(PaymentApplied{}, partly), ElementsAre("invoice.partially_paid"));
  EXPECT_THAT(WebhookTypesOf(PaymentApplied{}, settled), IsEmpty());  // InvoicePaid follows
}

TEST(WebhookEventTypesTest, IdsAreStablePerOrdinal) {
  EXPECT_EQ(WebhookEventId("evt_abc", 0), "evt_abc");
  EXPECT_EQ(WebhookEventId("evt_abc", 1), "evt_abc_1");
}

TEST(WebhookEventTypesTest, SubscriptionsMatchTypesOrEverything) {
  EXPECT_TRUE(IsSubscribed({"*"}, "invoice.paid"));
  EXPECT_TRUE(IsSubscribed({"invoice.sent", "invoice.paid"}, "invoice.paid"));
  EXPECT_FALSE(IsSubscribed({"invoice.sent"}, "invoice.paid"));
  EXPECT_FALSE(IsSubscribed({}, "invoice.paid"));
}

}  // namespace
}  // namespace factura::domain
