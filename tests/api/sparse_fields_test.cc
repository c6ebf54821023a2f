#include "api/http/sparse_fields.h"

#include <gtest/gtest.h>

namespace factura::api {
namespace {

constexpr std::string_view kInvoice =
    R"({"id":"inv_1","object":"invoice","number":"INV-1","customer":{"id":"cus_1","name":"A \"B\" {C}","email":null},)"
    R"("line_items":[{"id":"li_1","total":10.50}],"total":7128.00,"notes":null})";

TEST(SparseFieldsTest, KeepsNamedMembersAndIdAndObjectWithExactText) {
  auto fields = ParseFields("total,customer.name");
  ASSERT_TRUE(fields);
  EXPECT_EQ(
      SelectFields(kInvoice, *fields),
      R"({"id":"inv_1","object":"invoice","customer":{"name":"A \"B\" {C}"},"total":7128.00})");
}

TEST(SparseFieldsTest, AWholeMemberKeepsItsNestedValues) {
  auto fields = ParseFields("customer,line_items");
  ASSERT_TRUE(fields);
  EXPECT_EQ(
      SelectFields(kInvoice, *fields),
      R"({"id":"inv_1","object":"invoice","customer":{"id":"cus_1","name":"A \"B\" {C}","email":null},"line_items":[{"id":"li_1","total":10.50}]})");
}

TEST(SparseFieldsTest, ListsFilterEachItem) {
  auto fields = ParseFields("number");
  ASSERT_TRUE(fields);
  std::string list = "{\"object\":\"list\",\"data\":[" + std::string(kInvoice) + "," +
                     std::string(kInvoice) + "],\"has_more\":false}";
  EXPECT_EQ(
      SelectFieldsOfList(list, *fields),
      R"({"object":"list","data":[{"id":"inv_1","object":"invoice","number":"INV-1"},{"id":"inv_1","object":"invoice","number":"INV-1"}],"has_more":false})");
}

TEST(SparseFieldsTest, MalformedPathsAreRefused) {
  for (std::string_view bad : {"", "a,,b", ".a", "a.", "a..b", "a b", "a;drop"}) {
    auto fields = ParseFields(bad);
    ASSERT_FALSE(fields) << bad;
    EXPECT_EQ(fields.error().param, "fields");
  }
}

}  // namespace
}  // namespace factura::api
