// The projector runtime and the read-model writer against a real store: rows and checkpoint
// commit together, a gap or a bad batch keeps nothing, a file of another schema version (or a
// journal behind it) is rebuilt at start, a journal ahead takes its batch again, and two
// rebuilds write the same rows.
#include "projections/read_model_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "projections/projector.h"
#include "projections/read_models.h"
#include "projections/schema.h"
#include "projections/writer_support.h"
#include "tests/support/store_testing.h"

namespace factura::projections {
namespace {

using eventstore::testing::SampleEvent;

class ReadModelWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = eventstore::EventStore::Open(eventstore::testing::Options(dir_));
    ASSERT_TRUE(store);
    store_ = std::move(*store);
    for (int i = 0; i < 30; ++i) {
      std::string id = "cus_" + std::to_string(100 + i);
      ASSERT_TRUE(Append(id, SampleEvent(id, i)));
    }
  }

  // Appends `event` to org_1's stream of `id`, one commit.
  domain::Result<eventstore::AppendResult> Append(const std::string& id, domain::Event event) {
    eventstore::AppendRequest request;
    request.metadata = {"org_1", "ak_test", "req", "", ""};
    request.streams.push_back(
        {"org_1/" + id, eventstore::ExpectedVersion::Any(), {std::move(event)}});
    return store_->Append(std::move(request));
  }

  // Every row of the customers table, in order, as text; its organization by id and number
  // (a row whose organization has no number in the file is left out).
  std::string Dump(const std::string& path) {
    auto db = Database::Open(path, Database::Mode::kReadOnly);
    EXPECT_TRUE(db);
    auto rows = (*db)->Prepare(
        "SELECT o.id || ' #' || c.org, c.id, name, email, version, created_at FROM customers c "
        "JOIN organizations o ON o.number = c.org ORDER BY c.org, c.id");
    EXPECT_TRUE(rows);
    std::string dump;
    while (true) {
      auto step = rows->Step();
      if (!step || !*step) break;
      for (int c = 0; c < 6; ++c) dump += std::string(rows->Text(c)) + "|";
      dump += "\n";
    }
    return dump;
  }

  // The customers of the file at `path` whose search entry matches `query`, by id, after FTS5 has
  // checked every entry against the rows it was made from.
  std::vector<std::string> CustomersMatching(const std::string& path, std::string_view query) {
    auto db = Database::Open(path, Database::Mode::kReadWrite);
    EXPECT_TRUE(db);
    EXPECT_TRUE(
        (*db)->Execute("INSERT INTO customer_search(customer_search) VALUES ('integrity-check')"));
    auto rows = (*db)->Prepare(
        "SELECT id FROM customers WHERE rowid IN (SELECT rowid FROM customer_search "
        "WHERE customer_search MATCH ?1) ORDER BY id");
    EXPECT_TRUE(rows);
    rows->Bind(1, query);
    std::vector<std::string> ids;
    while (*rows->Step()) ids.emplace_back(rows->Text(0));
    return ids;
  }

  eventstore::testing::TempDir dir_;
  std::unique_ptr<eventstore::EventStore> store_;
};

TEST_F(ReadModelWriterTest, RowsAndCheckpointCommitTogether) {
  std::string path = dir_.Sub("models.sqlite");
  {
    auto writer = ReadModelWriter::Open(*store_, path);
    ASSERT_TRUE(writer);
    EXPECT_EQ((*writer)->checkpoint(), 0u);
    auto records = store_->ReadLog(1, 10);
    ASSERT_TRUE(records);
    std::vector<RecordRef> batch;
    for (const auto& record : *records) batch.push_back(RecordRef::Of(record));
    ASSERT_TRUE((*writer)->Apply(batch));
    EXPECT_EQ((*writer)->checkpoint(), 10u);
  }
  auto reopened = ReadModelWriter::Open(*store_, path);
  ASSERT_TRUE(reopened);
  EXPECT_EQ((*reopened)->checkpoint(), 10u);
  std::string dump = Dump(path);
  EXPECT_EQ(std::count(dump.begin(), dump.end(), '\n'), 10);
}

TEST_F(ReadModelWriterTest, AGapOrABadRecordKeepsNothingOfTheBatch) {
  std::string path = dir_.Sub("models.sqlite");
  auto writer = ReadModelWriter::Open(*store_, path);
  ASSERT_TRUE(writer);
  auto records = store_->ReadLog(1, 30);
  ASSERT_TRUE(records);
  std::vector<RecordRef> gap{RecordRef::Of((*records)[0]), RecordRef::Of((*records)[2])};
  auto refused = (*writer)->Apply(gap);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "position_gap");
  eventstore::EventRecord corrupt = (*records)[1];
  corrupt.payload = "not a payload";
  std::vector<RecordRef> bad{RecordRef::Of((*records)[0]), RecordRef::Of(corrupt)};
  EXPECT_FALSE((*writer)->Apply(bad));
  EXPECT_EQ((*writer)->checkpoint(), 0u);
  EXPECT_EQ(Dump(path), "");
  // The batch written after them writes the organization's number too (the failed ones did
  // not): the first record of org_1 is at position 1.
  ASSERT_TRUE((*writer)->ApplyFromLog(1));
  EXPECT_THAT(Dump(path), ::testing::StartsWith("org_1 #1|"));
}

TEST_F(ReadModelWriterTest, AFileOfAnotherSchemaVersionIsRebuiltAtStart) {
  std::string path = dir_.Sub("models.sqlite");
  {
    auto models = ReadModels::Open(*store_, path);
    ASSERT_TRUE(models);
    ASSERT_TRUE((*models)->projector().WaitFor(30, std::chrono::seconds(10)));
  }
  std::string before = Dump(path);
  {
    auto db = Database::Open(path, Database::Mode::kReadWrite);
    ASSERT_TRUE(db);
    ASSERT_TRUE(
        (*db)->Execute("UPDATE meta SET value = 999 WHERE key = 'schema_version';"
                       "DELETE FROM customers;"));
  }
  auto models = ReadModels::Open(*store_, path);
  ASSERT_TRUE(models);
  EXPECT_EQ((*models)->projector().checkpoint(), 30u);
  EXPECT_EQ(Dump(path), before);
  auto writer_view = Database::Open(path, Database::Mode::kReadOnly);
  auto version = (*writer_view)->Prepare("SELECT value FROM meta WHERE key = 'schema_version'");
  ASSERT_TRUE(version && *version->Step());
  EXPECT_EQ(version->Int(0), kSchemaVersion);
}

// Files an older version wrote lack columns this version's statements and indexes name (an
// upgrade): the server still starts, rebuilding both from the log.
TEST_F(ReadModelWriterTest, FilesOfAnOlderVersionLackingColumnsAreRebuiltAtStart) {
  std::string path = dir_.Sub("models.sqlite");
  {
    auto models = ReadModels::Open(*store_, path);
    ASSERT_TRUE(models);
    ASSERT_TRUE((*models)->projector().WaitFor(30, std::chrono::seconds(10)));
  }
  std::string before = Dump(path);
  for (const auto& [file, sql] :
       {std::pair{JournalPath(path), "ALTER TABLE events DROP COLUMN customer_id;"},
        std::pair{path, "ALTER TABLE customers DROP COLUMN company_name;"}}) {
    auto db = Database::Open(file, Database::Mode::kReadWrite);
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->Execute(std::string(sql) +
                               "UPDATE meta SET value = 7 WHERE key = 'schema_version';"))
        << file;
  }
  auto models = ReadModels::Open(*store_, path);
  ASSERT_TRUE(models) << models.error().message;
  EXPECT_EQ((*models)->projector().checkpoint(), 30u);
  EXPECT_EQ(Dump(path), before);
}

// The search index holds only the rows' text as it is now: an entry is rewritten when a row's
// text changes (from NULL, to another value, back to NULL), in the same batch as its creation or
// in a later one, and left alone when only other fields change.
TEST_F(ReadModelWriterTest, SearchFollowsTheRowsText) {
  auto update = [&](std::string_view id, domain::CustomerUpdated change) {
    change.customer_id = std::string(id);
    ASSERT_TRUE(Append(std::string(id), std::move(change)));
  };
  using Text = domain::Patch<std::string>;
  std::string path = dir_.Sub("models.sqlite");
  auto writer = ReadModelWriter::Open(*store_, path);
  ASSERT_TRUE(writer);
  ASSERT_TRUE((*writer)->ApplyFromLog(25));  // cus_100..cus_124; the rest comes with the updates
  update("cus_100", {.name = Text::Set("Zephyr Holdings")});
  update("cus_101", {.company_name = Text::Null()});
  update("cus_102", {.phone = Text::Set("+1-555-0199")});            // not searchable
  update("cus_127", {.email = Text::Set("ledger@quokka.example")});  // created in this batch
  ASSERT_TRUE((*writer)->ApplyFromLog(100));
  update("cus_101", {.company_name = Text::Set("Quokka Trading")});
  update("cus_100", {.email = Text::Null()});
  ASSERT_TRUE((*writer)->ApplyFromLog(100));

  auto matching = [&](std::string_view query) { return CustomersMatching(path, query); };
  using ::testing::ElementsAre;
  EXPECT_THAT(matching("zephyr"), ElementsAre("cus_100"));
  EXPECT_THAT(matching("name:customer AND name:\"0\""), ElementsAre());  // its old name
  EXPECT_THAT(matching("billing0"), ElementsAre());                      // its cleared email
  EXPECT_THAT(matching("quokka"), ElementsAre("cus_101", "cus_127"));
  EXPECT_THAT(matching("\"legal name 1\""), ElementsAre());  // cus_101's company, cleared
  EXPECT_THAT(matching("\"legal name 2\""), ElementsAre("cus_102"));
  EXPECT_THAT(matching("billing27"), ElementsAre());
  EXPECT_EQ(matching("customer").size(), 29u);
}

// The projector's WAL is copied into the file by a checkpointer thread as it grows (the
// applying thread does not do it), so the file, not only the WAL, holds the rows while it runs.
TEST_F(ReadModelWriterTest, TheWalIsCheckpointedWhileTheProjectorRuns) {
  std::string path = dir_.Sub("models.sqlite");
  auto models = ReadModels::Open(*store_, path);
  ASSERT_TRUE(models);
  ASSERT_TRUE((*models)->projector().WaitFor(30, std::chrono::seconds(10)));
  uintmax_t empty_size = std::filesystem::file_size(path);
  // One commit per customer: each writes a few pages to the WAL, well past 1,000 frames.
  for (int i = 0; i < 600; ++i) {
    std::string id = "cus_9" + std::to_string(1000 + i);
    auto appended = Append(id, SampleEvent(id, i));
    ASSERT_TRUE(appended) << appended.error().message;
    ASSERT_TRUE((*models)->projector().WaitFor(appended->last_position, std::chrono::seconds(10)));
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::filesystem::file_size(path) < empty_size + 200 * 1024 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_GE(std::filesystem::file_size(path), empty_size + 200 * 1024);
}

TEST_F(ReadModelWriterTest, TwoRebuildsWriteTheSameRows) {
  std::string first = dir_.Sub("first.sqlite"), second = dir_.Sub("second.sqlite");
  auto one = Rebuild(*store_, first);
  auto two = Rebuild(*store_, second);
  ASSERT_TRUE(one && two);
  EXPECT_EQ(*one, 30u);
  EXPECT_EQ(Dump(first), Dump(second));
  EXPECT_NE(Dump(first), "");
}

// A rebuild indexes the text once from the finished rows (not row by row as the live writer
// does): the search index is whole and finds what the live writer's finds.
TEST_F(ReadModelWriterTest, ARebuildSearchesAsTheLiveWriter) {
  std::string live = dir_.Sub("live.sqlite"), rebuilt = dir_.Sub("rebuilt.sqlite");
  {
    auto writer = ReadModelWriter::Open(*store_, live);
    ASSERT_TRUE(writer);
    while ((*writer)->checkpoint() < 30) ASSERT_TRUE((*writer)->ApplyFromLog(7));
  }
  ASSERT_TRUE(Rebuild(*store_, rebuilt));
  for (std::string_view query : {"customer", "billing7", "\"legal name 12\""}) {
    std::vector<std::string> found = CustomersMatching(rebuilt, query);
    EXPECT_FALSE(found.empty()) << query;
    EXPECT_EQ(found, CustomersMatching(live, query)) << query;
  }
}

// A batch ends before it changes as many states as the cache holds, so that none of them is
// forgotten before its row is written; the batches after it write the rest.
TEST_F(ReadModelWriterTest, ABatchChangesFewerStatesThanTheCacheHolds) {
  std::string path = dir_.Sub("models.sqlite");
  auto writer = ReadModelWriter::Open(*store_, path, /*bulk=*/false, /*max_cached_states=*/4);
  ASSERT_TRUE(writer);
  auto applied = (*writer)->ApplyFromLog(100);  // 30 customers, each a stream of its own
  ASSERT_TRUE(applied);
  EXPECT_EQ(*applied, 3u);
  while ((*writer)->checkpoint() < 30) ASSERT_TRUE((*writer)->ApplyFromLog(100));
  std::string rebuilt = dir_.Sub("rebuilt.sqlite");
  ASSERT_TRUE(Rebuild(*store_, rebuilt));
  EXPECT_EQ(Dump(path), Dump(rebuilt));
}

// How many webhook events the journal beside `path` holds.
int64_t JournalEvents(const std::string& path) {
  auto db = ReadModels::OpenForQueries(path);
  EXPECT_TRUE(db);
  auto count = (*db)->Prepare("SELECT COUNT(*) FROM events");
  EXPECT_TRUE(count && *count->Step());
  return count->Int(0);
}

// The journal is never behind the read models: one that is (lost, or older) makes the pair be
// rebuilt at start; otherwise the projector would go on from the read models' checkpoint and
// never write the events before it.
TEST_F(ReadModelWriterTest, AJournalBehindTheReadModelsIsRebuiltAtStart) {
  std::string path = dir_.Sub("models.sqlite");
  {
    auto models = ReadModels::Open(*store_, path);
    ASSERT_TRUE(models);
    ASSERT_TRUE((*models)->projector().WaitFor(30, std::chrono::seconds(10)));
  }
  ASSERT_EQ(JournalEvents(path), 30);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(JournalPath(path) + suffix);
  }
  auto models = ReadModels::Open(*store_, path);
  ASSERT_TRUE(models);
  EXPECT_EQ((*models)->projector().checkpoint(), 30u);
  EXPECT_EQ(JournalEvents(path), 30);
}

// A crash between a batch's two commits leaves the journal ahead: the batch is written again,
// and its journal rows (keyed by position) replace themselves, none twice.
TEST_F(ReadModelWriterTest, AJournalAheadOfTheReadModelsTakesTheBatchAgain) {
  std::string path = dir_.Sub("models.sqlite");
  {
    auto writer = ReadModelWriter::Open(*store_, path);
    ASSERT_TRUE(writer);
    ASSERT_TRUE((*writer)->ApplyFromLog(20));
    auto records = store_->ReadLog(21, 10);
    ASSERT_TRUE(records);
    RowFolder folder(*store_);  // goes on from the read models, as the writer's own does
    auto models = Database::Open(path, Database::Mode::kReadOnly);
    ASSERT_TRUE(models);
    ASSERT_TRUE(TellOrganizations(**models, folder));
    StagedRows rows;
    for (const eventstore::EventRecord& record : *records) {
      ASSERT_TRUE(folder.Fold(RecordRef::Of(record), rows));
    }
    folder.Finish(rows);
    ASSERT_TRUE((*writer)->journal().Write(rows));  // and the read models' commit never happens
  }
  ASSERT_EQ(JournalEvents(path), 30);
  auto writer = ReadModelWriter::Open(*store_, path);
  ASSERT_TRUE(writer);
  EXPECT_EQ((*writer)->schema_version(), kSchemaVersion);
  EXPECT_EQ((*writer)->checkpoint(), 20u);
  ASSERT_TRUE((*writer)->ApplyFromLog(100));
  EXPECT_EQ((*writer)->checkpoint(), 30u);
  EXPECT_EQ(JournalEvents(path), 30);
  std::string rebuilt = dir_.Sub("rebuilt.sqlite");
  ASSERT_TRUE(Rebuild(*store_, rebuilt));
  EXPECT_EQ(Dump(path), Dump(rebuilt));
}

}  // namespace
}  // namespace factura::projections
