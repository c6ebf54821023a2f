// The operator commands as an operator runs them: the real `factura` binary, its output and its
// exit codes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>

#include "eventstore/event_store.h"
#include "tests/support/store_testing.h"

namespace factura::tools {
namespace {

using eventstore::testing::TempDir;
using ::testing::HasSubstr;

struct CommandRun {
  int exit_code;
  std::string output;  // stdout and stderr
};

CommandRun Factura(const std::string& arguments) {
  std::string command = std::string(FACTURA_BINARY) + " " + arguments + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  std::array<char, 4096> buffer;
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

void Fill(const std::string& data_dir, int count) {
  auto store = eventstore::EventStore::Open({.path = data_dir + "/events"});
  ASSERT_TRUE(store.has_value());
  for (int i = 0; i < count; ++i) {
    ASSERT_TRUE((*store)
                    ->Append(eventstore::testing::OneEvent("org_1/cus_" + std::to_string(i % 3),
                                                           eventstore::ExpectedVersion::Any(), i))
                    .has_value());
  }
}

void FlipByteOfRecord(const std::string& path, uint64_t position) {
  std::vector<rocksdb::ColumnFamilyDescriptor> families{{rocksdb::kDefaultColumnFamilyName, {}},
                                                        {"log", {}},
                                                        {"streams", {}},
                                                        {"idempotency", {}},
                                                        {"meta", {}}};
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open({}, path, families, &handles, &db).ok());
  std::string value;
  ASSERT_TRUE(db->Get({}, handles[1], eventstore::LogKey(position), &value).ok());
  value[value.size() / 2] ^= 0x10;
  ASSERT_TRUE(db->Put({}, handles[1], eventstore::LogKey(position), value).ok());
  for (auto* handle : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
  delete db;
}

TEST(FacturaCliTest, AuditVerifyPassesThenNamesTheTamperedPosition) {
  TempDir dir;
  std::string data = dir.Sub("data");
  Fill(data, 30);
  CommandRun ok = Factura("--data-dir " + data + " audit verify");
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_THAT(ok.output, HasSubstr("OK: 30 records"));
  FlipByteOfRecord(data + "/events", 12);
  CommandRun bad = Factura("--data-dir " + data + " audit verify");
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_THAT(bad.output, HasSubstr("FAILED at position 12"));
}

TEST(FacturaCliTest, ExportImportAndShowWorkFromTheCommandLine) {
  TempDir dir;
  std::string data = dir.Sub("data");
  Fill(data, 20);
  std::string file = dir.Sub("log.ndjson");
  CommandRun exported = Factura("--data-dir " + data + " events export -o " + file);
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  EXPECT_THAT(exported.output, HasSubstr("Exported 20 events"));
  CommandRun imported = Factura("--data-dir " + dir.Sub("restored") + " events import -i " + file);
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  EXPECT_EQ(Factura("--data-dir " + dir.Sub("restored") + " audit verify").exit_code, 0);
  CommandRun again = Factura("--data-dir " + dir.Sub("restored") + " events import -i " + file);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.output, HasSubstr("store_not_empty"));

  CommandRun show = Factura("--data-dir " + data + " stream show org_1/cus_1");
  EXPECT_EQ(show.exit_code, 0) << show.output;
  EXPECT_THAT(show.output, HasSubstr("Stream org_1/cus_1: 7 events"));
  EXPECT_THAT(show.output, HasSubstr("CustomerCreated"));
  CommandRun one_stream = Factura("--data-dir " + data + " events export --stream org_1/cus_2");
  EXPECT_EQ(std::count(one_stream.output.begin(), one_stream.output.end(), '\n'), 6 + 1);
}

TEST(FacturaCliTest, MissingStoresAndBadArgumentsExitTwo) {
  TempDir dir;
  CommandRun missing = Factura("--data-dir " + dir.Sub("nothing") + " audit verify");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.output, HasSubstr("No event store"));
  EXPECT_EQ(Factura("--data-dir " + dir.Sub("nothing") + " stream show").exit_code, 2);
  EXPECT_EQ(Factura("no-such-command").exit_code, 2);
  EXPECT_EQ(Factura("--help").exit_code, 0);
}

}  // namespace
}  // namespace factura::tools
