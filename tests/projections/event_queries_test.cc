// The events read model's queries, over a real log projected by the real projector.
#include "projections/event_queries.h"

#include <gtest/gtest.h>

#include "projections/read_models.h"
#include "tests/support/store_testing.h"

namespace factura::projections {
namespace {

using eventstore::testing::SampleEvent;

class EventQueriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = eventstore::EventStore::Open(eventstore::testing::Options(dir_));
    ASSERT_TRUE(store);
    store_ = std::move(*store);
    for (int i = 0; i < 12; ++i) Append("org_1", "cus_" + std::to_string(100 + i), i);
    Append("org_2", "cus_200", 0);
    auto models = ReadModels::Open(*store_, dir_.Sub("readmodels.sqlite"));
    ASSERT_TRUE(models);
    models_ = std::move(*models);
    ASSERT_TRUE(models_->projector().WaitFor(store_->HeadPosition(), std::chrono::seconds(10)));
  }

  void Append(const std::string& organization, const std::string& id, int n) {
    eventstore::AppendRequest request;
    request.metadata = {organization, "ak_test", "req", "", ""};
    request.streams.push_back(
        {organization + "/" + id, eventstore::ExpectedVersion::Any(), {SampleEvent(id, n)}});
    ASSERT_TRUE(store_->Append(std::move(request)));
  }

  eventstore::testing::TempDir dir_;
  std::unique_ptr<eventstore::EventStore> store_;
  std::unique_ptr<ReadModels> models_;
};

TEST_F(EventQueriesTest, PagesFollowOnWhereTheLastOneEnded) {
  auto db = models_->Acquire();
  ASSERT_TRUE(db);
  auto first = EventsAfter(**db, "org_1", {}, {}, std::nullopt, 5);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 5u);
  EXPECT_EQ(first->front().type, "customer.created");
  const EventRow& last = first->back();
  auto second = EventsAfter(**db, "org_1", {last.position, last.ordinal}, {}, std::nullopt, 100);
  ASSERT_TRUE(second);
  ASSERT_EQ(second->size(), 7u);  // 12 in org_1; org_2's is not among them
  EXPECT_GT(second->front().position, last.position);
  for (size_t i = 1; i < second->size(); ++i) {
    EXPECT_LT((*second)[i - 1].position, (*second)[i].position);
  }
}

TEST_F(EventQueriesTest, TypesFilterTheEvents) {
  auto db = models_->Acquire();
  ASSERT_TRUE(db);
  auto none =
      EventsAfter(**db, "org_1", {}, {"invoice.paid", "customer.updated"}, std::nullopt, 100);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  auto all =
      EventsAfter(**db, "org_1", {}, {"invoice.paid", "customer.created"}, std::nullopt, 100);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 12u);
}

TEST_F(EventQueriesTest, ACustomerFilterKeepsThatCustomersEventsAlone) {
  auto db = models_->Acquire();
  ASSERT_TRUE(db);
  auto theirs = EventsAfter(**db, "org_1", {}, {}, std::string("cus_105"), 100);
  ASSERT_TRUE(theirs);
  ASSERT_EQ(theirs->size(), 1u);
  EXPECT_EQ(theirs->front().customer_id, "cus_105");
  auto found = FindEvent(**db, "org_1", theirs->front().id);
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->customer_id, "cus_105");
  // Another organization's customer of that id has nothing here.
  auto elsewhere = EventsAfter(**db, "org_1", {}, {}, std::string("cus_200"), 100);
  ASSERT_TRUE(elsewhere);
  EXPECT_TRUE(elsewhere->empty());
}

TEST_F(EventQueriesTest, AnEventIsFoundOnlyInItsOwnOrganization) {
  auto db = models_->Acquire();
  ASSERT_TRUE(db);
  auto theirs = EventsAfter(**db, "org_2", {}, {}, std::nullopt, 10);
  ASSERT_TRUE(theirs);
  ASSERT_EQ(theirs->size(), 1u);
  auto found = FindEvent(**db, "org_2", theirs->front().id);
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->position, theirs->front().position);
  auto elsewhere = FindEvent(**db, "org_1", theirs->front().id);
  ASSERT_TRUE(elsewhere);
  EXPECT_FALSE(elsewhere->has_value());
}

TEST_F(EventQueriesTest, ARangeIsVisitedInOrderUntilTheVisitorStops) {
  auto db = models_->Acquire();
  ASSERT_TRUE(db);
  std::vector<uint64_t> positions;
  auto visited = VisitEventsInRange(**db, "org_1", {.from_position = 3, .to_position = 9},
                                    [&](const EventRow& event) {
                                      positions.push_back(event.position);
                                      return positions.size() < 4;
                                    });
  ASSERT_TRUE(visited);
  EXPECT_EQ(positions, (std::vector<uint64_t>{3, 4, 5, 6}));
}

}  // namespace
}  // namespace factura::projections
