// The tables' descriptions (projections/tables/) and what follows from them: the files' schema
// is exactly the described columns, the write statements prepare, a description's change changes
// the schema version.
#include <gtest/gtest.h>

#include "projections/schema.h"
#include "projections/sqlite.h"
#include "projections/tables/table.h"
#include "projections/writer_support.h"
#include "tests/support/store_testing.h"

namespace factura::projections {
namespace {

class TablesTest : public ::testing::Test {
 protected:
  std::unique_ptr<Database> Create(std::span<const tables::Table* const> described) {
    auto db = Database::Open(dir_.Sub("tables.sqlite"), Database::Mode::kReadWrite);
    EXPECT_TRUE(db);
    EXPECT_TRUE((*db)->Execute(tables::CreateSql(described)));
    EXPECT_TRUE((*db)->Execute(tables::IndexesSql(described)));
    return std::move(*db);
  }

  eventstore::testing::TempDir dir_;
};

TEST_F(TablesTest, EachFileHasExactlyTheDescribedColumns) {
  for (auto described : {std::span<const tables::Table* const>(kReadModelTables),
                         std::span<const tables::Table* const>(kJournalTables)}) {
    auto db = Create(described);
    for (const tables::Table* table : described) {
      auto info = db->Prepare("SELECT name, type, \"notnull\" FROM pragma_table_info(?1)");
      ASSERT_TRUE(info);
      info->Bind(1, table->name);
      size_t column = 0;
      while (*info->Step()) {
        ASSERT_LT(column, table->columns.size()) << table->name << " has an extra column";
        const tables::Column& expected = table->columns[column];
        EXPECT_EQ(info->Text(0), expected.name) << table->name;
        EXPECT_EQ(info->Text(1), expected.type == tables::Type::kInteger ? "INTEGER" : "TEXT")
            << table->name << "." << expected.name;
        EXPECT_EQ(info->Int(2) == 0, expected.nullable) << table->name << "." << expected.name;
        ++column;
      }
      EXPECT_EQ(column, table->columns.size()) << table->name;
    }
    EXPECT_TRUE(PrepareTables(*db, described));
  }
}

TEST_F(TablesTest, ARowWrittenTwiceByItsKeyIsOneRowAndAnOwnersRowsAreRemovedTogether) {
  auto db = Create(kReadModelTables);
  auto statements = PrepareTables(*db, kReadModelTables);
  ASSERT_TRUE(statements);
  using tables::kInvoiceTaxes;
  StagedRows rows;
  for (std::string_view key : {"tax_a", "tax_b", "tax_a"}) {
    rows.Add(kInvoiceTaxes)
        .Int(kInvoiceTaxes["org"], 1)
        .Text(kInvoiceTaxes["invoice_id"], "inv_1")
        .Text(kInvoiceTaxes["tax_key"], key)
        .Text(kInvoiceTaxes["name"], "Tax")
        .Text(kInvoiceTaxes["rate"], "10")
        .Int(kInvoiceTaxes["taxable"], 100)
        .Int(kInvoiceTaxes["tax"], 10);
  }
  TableStatements* taxes = Find(*statements, &kInvoiceTaxes);
  ASSERT_NE(taxes, nullptr);
  for (const StagedRows::Row& row : rows.rows()) ASSERT_TRUE(WriteStaged(*taxes, rows, row));
  auto count = [&] {
    auto counted = db->Prepare("SELECT COUNT(*) FROM invoice_taxes");
    EXPECT_TRUE(counted && *counted->Step());
    return counted->Int(0);
  };
  EXPECT_EQ(count(), 2);
  rows.Clear();
  rows.Remove(kInvoiceTaxes)
      .Int(kInvoiceTaxes["org"], 1)
      .Text(kInvoiceTaxes["invoice_id"], "inv_1");
  ASSERT_TRUE(WriteStaged(*taxes, rows, rows.rows().front()));
  EXPECT_EQ(count(), 0);
}

TEST(TableFingerprintTest, ChangesWithAnyPartOfADescription) {
  static constexpr tables::Column kColumns[] = {{"org", tables::Type::kInteger},
                                                {"id", tables::Type::kText}};
  static constexpr tables::Column kNullableId[] = {{"org", tables::Type::kInteger},
                                                   {"id", tables::Type::kText, true}};
  static constexpr tables::Table kA{.name = "a", .columns = kColumns, .key = tables::kOrgAndId};
  static constexpr tables::Table kB{.name = "a", .columns = kNullableId, .key = tables::kOrgAndId};
  static constexpr tables::Table kC{
      .name = "a", .columns = kColumns, .key = tables::kOrgAndId, .indexes = "CREATE INDEX x"};
  static constexpr const tables::Table* kAs[] = {&kA};
  static constexpr const tables::Table* kBs[] = {&kB};
  static constexpr const tables::Table* kCs[] = {&kC};
  EXPECT_NE(tables::Fingerprint(kAs, 1), tables::Fingerprint(kBs, 1));
  EXPECT_NE(tables::Fingerprint(kAs, 1), tables::Fingerprint(kCs, 1));
  EXPECT_NE(tables::Fingerprint(kAs, 1), tables::Fingerprint(kAs, 2));  // the folding version
  EXPECT_EQ(tables::Fingerprint(kAs, 1), tables::Fingerprint(kAs, 1));
  EXPECT_GT(kSchemaVersion, 0);
  // Names are checked when compiling: kA["amount"] does not compile.
  static_assert(kA["id"] == 1);
}

}  // namespace
}  // namespace factura::projections
