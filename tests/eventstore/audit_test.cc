#include "eventstore/audit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <sstream>

#include "eventstore/ndjson.h"
#include "tests/support/domain_testing.h"
#include "tests/support/store_testing.h"

namespace factura::eventstore {
namespace {

using domain::testing::IsRejected;
using testing::OneEvent;
using testing::Options;
using testing::TempDir;

void Fill(const std::string& path, int count) {
  auto store = EventStore::Open({.path = path});
  ASSERT_TRUE(store.has_value());
  for (int i = 0; i < count; ++i) {
    ASSERT_TRUE((*store)
                    ->Append(OneEvent("s" + std::to_string(i % 4), ExpectedVersion::Any(), i))
                    .has_value());
  }
}

// Rewrites one stored record behind the store's back, as an attacker or a bad disk would.
void Tamper(const std::string& path, uint64_t position,
            const std::function<void(std::string&)>& mutate) {
  std::vector<rocksdb::ColumnFamilyDescriptor> families{{rocksdb::kDefaultColumnFamilyName, {}},
                                                        {"log", {}},
                                                        {"streams", {}},
                                                        {"idempotency", {}},
                                                        {"meta", {}}};
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open({}, path, families, &handles, &db).ok());
  std::string value;
  ASSERT_TRUE(db->Get({}, handles[1], LogKey(position), &value).ok());
  mutate(value);
  ASSERT_TRUE(db->Put({}, handles[1], LogKey(position), value).ok());
  for (auto* handle : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
  delete db;
}

domain::Result<VerifyReport> Verify(const std::string& path) {
  auto reader = LogReader::Open(path);
  if (!reader) return std::unexpected(reader.error());
  return VerifyChain(**reader, nullptr);
}

TEST(AuditTest, AnIntactLogVerifies) {
  TempDir dir;
  Fill(dir.Sub("events"), 50);
  uint64_t last_progress = 0;
  auto reader = LogReader::Open(dir.Sub("events"));
  ASSERT_TRUE(reader.has_value());
  auto report = VerifyChain(**reader, [&](uint64_t done, uint64_t) { last_progress = done; });
  ASSERT_TRUE(report.has_value());
  EXPECT_FALSE(report->first_bad_position.has_value()) << report->problem;
  EXPECT_EQ(report->records_checked, 50u);
  EXPECT_EQ(last_progress, 50u);
}

TEST(AuditTest, AFlippedPayloadByteInAnOldRecordIsNamed) {
  TempDir dir;
  Fill(dir.Sub("events"), 50);
  Tamper(dir.Sub("events"), 17, [](std::string& bytes) { bytes[bytes.size() / 2] ^= 0x01; });
  auto report = Verify(dir.Sub("events"));
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->first_bad_position, 17u);
  EXPECT_EQ(report->records_checked, 16u);
}

TEST(AuditTest, ARecordRehashedByATampererBreaksTheNextLink) {
  TempDir dir;
  Fill(dir.Sub("events"), 20);
  Tamper(dir.Sub("events"), 5, [](std::string& bytes) {
    EventRecord record = DecodeRecord(bytes).value();
    record.actor = "ak_intruder";
    SealRecord(record);  // a consistent record on its own...
    bytes = EncodeRecord(record);
  });
  auto report = Verify(dir.Sub("events"));
  EXPECT_EQ(report->first_bad_position, 6u);  // ...whose successor no longer chains to it
}

TEST(AuditTest, TamperingWithTheLastRecordStopsTheStoreFromOpening) {
  TempDir dir;
  Fill(dir.Sub("events"), 5);
  Tamper(dir.Sub("events"), 5, [](std::string& bytes) { bytes[40] ^= 0x20; });
  auto store = EventStore::Open({.path = dir.Sub("events")});
  EXPECT_THAT(store, IsRejected("chain_broken"));
  EXPECT_EQ(Verify(dir.Sub("events"))->first_bad_position, 5u);
}

TEST(AuditTest, ExportThenImportGivesAnIdenticalLog) {
  TempDir dir;
  Fill(dir.Sub("source"), 9000);  // more than one import chunk
  std::stringstream exported;
  {
    auto reader = LogReader::Open(dir.Sub("source"));
    auto written = ExportNdjson(**reader, 1, std::nullopt, exported, nullptr);
    ASSERT_TRUE(written.has_value());
    EXPECT_EQ(*written, 9000u);
  }
  {
    auto target = EventStore::Open({.path = dir.Sub("target")});
    auto imported = ImportNdjson(**target, exported, nullptr);
    ASSERT_TRUE(imported.has_value()) << imported.error().message;
    EXPECT_EQ(*imported, 9000u);
    // Appending after an import continues the same chain.
    ASSERT_TRUE((*target)->Append(OneEvent("s0", ExpectedVersion::Exact(2250))).has_value());
  }
  auto source = LogReader::Open(dir.Sub("source"));
  auto target = LogReader::Open(dir.Sub("target"));
  for (uint64_t position : {1u, 4096u, 4097u, 9000u}) {
    EXPECT_EQ((*source)->Read(position).value(), (*target)->Read(position).value()) << position;
  }
  EXPECT_FALSE(Verify(dir.Sub("target"))->first_bad_position.has_value());
  EXPECT_EQ((*target)->StreamPositions("s1")->size(), 2250u);
}

TEST(AuditTest, ImportRefusesANonEmptyStoreAndABrokenChain) {
  TempDir dir;
  Fill(dir.Sub("source"), 10);
  std::stringstream exported;
  auto reader = LogReader::Open(dir.Sub("source"));
  ASSERT_TRUE(ExportNdjson(**reader, 1, std::nullopt, exported, nullptr).has_value());
  std::string text = exported.str();

  Fill(dir.Sub("busy"), 1);
  auto busy = EventStore::Open({.path = dir.Sub("busy")});
  std::stringstream again(text);
  EXPECT_THAT(ImportNdjson(**busy, again, nullptr), IsRejected("store_not_empty"));

  // Drop line 4: position 5 no longer follows position 3.
  std::stringstream in(text), gapped;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (n != 4) gapped << line << '\n';
  }
  auto empty = EventStore::Open({.path = dir.Sub("empty")});
  EXPECT_THAT(ImportNdjson(**empty, gapped, nullptr), IsRejected("chain_broken"));
  std::stringstream garbage("{\"position\": \"x\"}\n");
  EXPECT_THAT(ImportNdjson(**empty, garbage, nullptr), IsRejected("invalid_export_line"));
}

TEST(AuditTest, AStreamExportHoldsOnlyThatStream) {
  TempDir dir;
  Fill(dir.Sub("events"), 12);
  auto reader = LogReader::Open(dir.Sub("events"));
  std::stringstream out;
  EXPECT_EQ(ExportNdjson(**reader, 1, "s2", out, nullptr), 3u);
  auto first = RecordFromJsonLine(out.str().substr(0, out.str().find('\n')));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->stream_id, "s2");
  EXPECT_EQ(first->position, 3u);
  EXPECT_THAT(out.str(), ::testing::HasSubstr("\"payload\":{\"customer_id\":\"cus_1\""));
}

}  // namespace
}  // namespace factura::eventstore
