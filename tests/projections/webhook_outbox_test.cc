// The webhook outbox against a real store: one delivery per (event, endpoint subscribed when the
// event happened), in the checkpoint's transaction, so reopening it half-way, whenever, neither
// loses nor repeats one; other organizations' events go nowhere; attempts are recorded.
#include "projections/webhook_outbox.h"

#include <gtest/gtest.h>

#include <map>

#include "tests/support/store_testing.h"

namespace factura::projections {
namespace {

using eventstore::testing::SampleEvent;

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = eventstore::EventStore::Open(eventstore::testing::Options(dir_));
    ASSERT_TRUE(store);
    store_ = std::move(*store);
  }

  void Append(const std::string& organization, const std::string& aggregate, domain::Event event) {
    eventstore::AppendRequest request;
    request.metadata = {organization, "ak_test", "req_" + std::to_string(++requests_), "", ""};
    request.streams.push_back(
        {organization + "/" + aggregate, eventstore::ExpectedVersion::Any(), {std::move(event)}});
    auto appended = store_->Append(std::move(request));
    ASSERT_TRUE(appended) << appended.error().message;
  }
  void Customer(const std::string& organization, int n) {
    std::string id = "cus_" + std::to_string(1000 + n);
    Append(organization, id, SampleEvent(id, n));
  }
  void Endpoint(const std::string& organization, const std::string& id,
                std::vector<std::string> events) {
    Append(organization, id,
           domain::WebhookEndpointCreated{id, "https://example.com/" + id, std::move(events),
                                          std::nullopt, "whsec_x", domain::Timestamp{1}});
  }

  // (endpoint, event type) → deliveries.
  std::map<std::pair<std::string, std::string>, int> Count(Outbox& outbox,
                                                           const std::string& organization,
                                                           const std::vector<std::string>& ids) {
    std::map<std::pair<std::string, std::string>, int> count;
    for (const std::string& id : ids) {
      auto page = outbox.ListDeliveries(organization, id, 100, std::nullopt);
      EXPECT_TRUE(page);
      for (const auto& [delivery, attempts] : page->deliveries) {
        ++count[{delivery.endpoint_id, delivery.type}];
      }
    }
    return count;
  }

  eventstore::testing::TempDir dir_;
  std::unique_ptr<eventstore::EventStore> store_;
  int requests_ = 0;
};

TEST_F(OutboxTest, OneDeliveryPerSubscribedEndpointWhateverTheRestarts) {
  Customer("org_1", 0);  // before any endpoint: nobody hears of it
  Endpoint("org_1", "wh_all", {"*"});
  Customer("org_1", 1);
  Endpoint("org_1", "wh_customers", {"customer.created"});
  for (int i = 2; i < 12; ++i) Customer("org_1", i);
  Endpoint("org_2", "wh_other", {"*"});
  for (int i = 12; i < 17; ++i) Customer("org_2", i);
  Append("org_1", "wh_customers",
         domain::WebhookEndpointUpdated{
             "wh_customers",
             {},
             domain::Patch<std::vector<std::string>>::Set({"customer.updated"}),
             {},
             {},
             domain::Timestamp{2}});
  for (int i = 17; i < 20; ++i) Customer("org_1", i);
  uint64_t head = store_->HeadPosition();

  // Batches of 3, the outbox reopened after each: as if killed at every batch boundary.
  std::string path = dir_.Sub("outbox.sqlite");
  size_t created = 0;
  while (true) {
    auto outbox = Outbox::Open(*store_, path);
    ASSERT_TRUE(outbox) << outbox.error().message;
    if ((*outbox)->checkpoint() >= head) break;
    auto added = (*outbox)->ProjectFromLog(3);
    ASSERT_TRUE(added) << added.error().message;
    created += *added;
  }
  auto outbox = Outbox::Open(*store_, path);
  ASSERT_TRUE(outbox);
  auto count = Count(**outbox, "org_1", {"wh_all", "wh_customers"});
  // wh_all: customers 1..11 and 17..19; wh_customers: 2..11 (then it stopped listening).
  EXPECT_EQ((count[{"wh_all", "customer.created"}]), 14);
  EXPECT_EQ((count[{"wh_customers", "customer.created"}]), 10);
  EXPECT_EQ((Count(**outbox, "org_2", {"wh_other"})[{"wh_other", "customer.created"}]), 5);
  EXPECT_EQ(Count(**outbox, "org_2", {"wh_all"}).size(), 0u);  // not across organizations
  EXPECT_EQ(created, 29u);
}

TEST_F(OutboxTest, AttemptsAreRecordedAndDueDeliveriesSkipBusyOnes) {
  Endpoint("org_1", "wh_a", {"*"});
  Endpoint("org_1", "wh_b", {"*"});
  Customer("org_1", 0);
  Customer("org_1", 1);
  auto outbox = Outbox::Open(*store_, dir_.Sub("outbox.sqlite"));
  ASSERT_TRUE(outbox);
  ASSERT_EQ(*(*outbox)->ProjectFromLog(100), 4u);
  int64_t now = 1'900'000'000'000'000;
  auto due = (*outbox)->Due(now, 10, {}, {});
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 4u);
  // In flight and saturated endpoints are left out.
  EXPECT_EQ((*outbox)->Due(now, 10, {due->front().id}, {})->size(), 3u);
  EXPECT_EQ((*outbox)->Due(now, 10, {}, {"wh_a"})->size(), 2u);

  int64_t id = due->front().id;
  ASSERT_TRUE((*outbox)->RecordAttempts(
      {{id, {1, now, 500, 12, std::nullopt}, {"pending", now + 5'000'000, false}}}));
  EXPECT_EQ((*outbox)->Due(now, 10, {}, {})->size(), 3u);  // not due again before its retry
  EXPECT_EQ((*outbox)->Due(now + 5'000'000, 10, {}, {})->size(), 4u);
  ASSERT_TRUE((*outbox)->RecordAttempts(
      {{id, {2, now + 5'000'000, 200, 3, std::nullopt}, {"succeeded", 0, true}}}));
  auto found = (*outbox)->FindDelivery("org_1", due->front().endpoint_id, id);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->first.status, "succeeded");
  ASSERT_EQ((*found)->second.size(), 2u);
  EXPECT_EQ((*found)->second[0].status_code, 500);
  EXPECT_EQ((*found)->second[1].status_code, 200);
  EXPECT_FALSE(*(*outbox)->FindDelivery("org_2", due->front().endpoint_id, id));
}

TEST_F(OutboxTest, TheSweepRemovesOldFinishedDeliveriesOnly) {
  Endpoint("org_1", "wh_a", {"*"});
  for (int i = 0; i < 5; ++i) Customer("org_1", i);
  auto outbox = Outbox::Open(*store_, dir_.Sub("outbox.sqlite"));
  ASSERT_TRUE(outbox);
  ASSERT_EQ(*(*outbox)->ProjectFromLog(100), 5u);
  int64_t now = 1'900'000'000'000'000;
  auto due = (*outbox)->Due(now, 10, {}, {});
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 5u);
  // Two succeeded, one failed, one canceled, one still pending.
  ASSERT_TRUE((*outbox)->RecordAttempts(
      {{(*due)[0].id, {1, now, 200, 1, std::nullopt}, {"succeeded", 0, true}},
       {(*due)[1].id, {1, now, 200, 1, std::nullopt}, {"succeeded", 0, true}},
       {(*due)[2].id, {1, now, 500, 1, std::nullopt}, {"failed", 0, false}},
       {(*due)[3].id, {1, now, 500, 1, std::nullopt}, {"pending", now, false}}}));
  ASSERT_TRUE((*outbox)->Cancel((*due)[4].id, "endpoint deleted"));
  // Created before the cutoff: all of them (the records' instants are in the past).
  auto swept = (*outbox)->SweepFinished(now, 2);
  ASSERT_TRUE(swept);
  EXPECT_EQ(*swept, 2u);  // bounded per call
  EXPECT_EQ(*(*outbox)->SweepFinished(now, 100), 2u);
  auto left = (*outbox)->ListDeliveries("org_1", "wh_a", 100, std::nullopt);
  ASSERT_TRUE(left);
  ASSERT_EQ(left->deliveries.size(), 1u);
  EXPECT_EQ(left->deliveries[0].first.status, "pending");
  EXPECT_EQ(*(*outbox)->SweepFinished(0, 100), 0u);  // nothing is older than the epoch
}

}  // namespace
}  // namespace factura::projections
