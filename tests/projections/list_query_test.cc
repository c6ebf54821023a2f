// Lists over the read models: keyset pages stay stable while rows are added, filters and counts.
#include <gtest/gtest.h>

#include <set>

#include "projections/queries.h"
#include "projections/read_models.h"
#include "projections/tables/customers.h"
#include "tests/support/store_testing.h"

namespace factura::projections {
namespace {

using eventstore::testing::SampleEvent;

class ListQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = eventstore::EventStore::Open(eventstore::testing::Options(dir_));
    ASSERT_TRUE(store);
    store_ = std::move(*store);
    for (int i = 0; i < 12; ++i) Append("cus_" + std::to_string(100 + i), i);
    auto models = ReadModels::Open(*store_, dir_.Sub("readmodels.sqlite"));
    ASSERT_TRUE(models);
    models_ = std::move(*models);
    CatchUp();
  }

  void Append(const std::string& id, int n) {
    eventstore::AppendRequest request;
    request.metadata = {"org_1", "ak_test", "req", "", ""};
    request.streams.push_back(
        {"org_1/" + id, eventstore::ExpectedVersion::Any(), {SampleEvent(id, n)}});
    ASSERT_TRUE(store_->Append(std::move(request)));
  }

  void CatchUp() {
    ASSERT_TRUE(models_->projector().WaitFor(store_->HeadPosition(), std::chrono::seconds(10)));
  }

  // Newest first, five a page.
  ListRequest Newest() {
    return ListRequest{.table = &tables::kCustomers,
                       .organization_id = "org_1",
                       .columns = {tables::kCustomers["id"]},
                       .sort = {{"created_at", true}},
                       .limit = 5};
  }

  std::vector<std::string> Ids(const ListPage& page) {
    std::vector<std::string> ids;
    for (const auto& row : page.rows)
      ids.push_back(std::get<std::string>(row[tables::kCustomers["id"]]));
    return ids;
  }

  eventstore::testing::TempDir dir_;
  std::unique_ptr<eventstore::EventStore> store_;
  std::unique_ptr<ReadModels> models_;
};

TEST_F(ListQueryTest, TheNextPageFollowsTheCursorEvenWhenNewerRowsArrive) {
  auto db = models_->Acquire();
  ASSERT_TRUE(db);
  auto first = List(**db, Newest());
  ASSERT_TRUE(first);
  EXPECT_EQ(Ids(*first),
            (std::vector<std::string>{"cus_111", "cus_110", "cus_109", "cus_108", "cus_107"}));
  EXPECT_TRUE(first->has_more);
  EXPECT_EQ(first->total_count, 12);
  ASSERT_TRUE(first->next_cursor);
  // Three newer customers arrive between the two pages: they sort before the cursor.
  for (int i = 0; i < 3; ++i) Append("cus_2" + std::to_string(i), 100 + i);
  CatchUp();
  ListRequest next = Newest();
  next.cursor = first->next_cursor;
  auto second = List(**db, next);
  ASSERT_TRUE(second);
  EXPECT_EQ(Ids(*second),
            (std::vector<std::string>{"cus_106", "cus_105", "cus_104", "cus_103", "cus_102"}));
  EXPECT_EQ(second->total_count, 15);
}

TEST_F(ListQueryTest, FiltersNarrowTheRowsAndTheCount) {
  auto db = models_->Acquire();
  ASSERT_TRUE(db);
  ListRequest some = Newest();
  some.filters.push_back(
      {"id", Filter::Op::kIn, {std::string("cus_101"), std::string("cus_105"), std::string("x")}});
  auto page = List(**db, some);
  ASSERT_TRUE(page);
  EXPECT_EQ(Ids(*page), (std::vector<std::string>{"cus_105", "cus_101"}));
  EXPECT_EQ(page->total_count, 2);
  EXPECT_FALSE(page->has_more);
  ListRequest others = Newest();
  others.organization_id = "org_2";
  auto none = List(**db, others);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->rows.empty());
}

TEST_F(ListQueryTest, ABadCursorIsRefusedNamingIt) {
  auto db = models_->Acquire();
  ASSERT_TRUE(db);
  ListRequest bad = Newest();
  bad.cursor = "not-a-cursor";
  auto page = List(**db, bad);
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().code, "invalid_cursor");
  EXPECT_EQ(page.error().param, "cursor");
}

}  // namespace
}  // namespace factura::projections
