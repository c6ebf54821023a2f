// Request bodies of /v1/invoices read into domain commands, without a server: what each field
// becomes, and which error names which field.
#include "api/http/invoice_bodies.h"

#include <gtest/gtest.h>

namespace factura::api {
namespace {

TEST(InvoiceBodiesTest, ACreationReadsEveryFieldIntoTheCommand) {
  auto command = ParseCreateInvoice(R"({"customer_id":"cus_1","currency":"USD",
    "issue_date":"2025-01-15","due_date":"2025-02-14","reference":"PO-7",
    "line_items":[{"description":"Web Development","quantity":40,"unit_price":150.00,
                   "tax_rate":10},
                  {"product_id":"prod_1","tax_profile_id":"tax_gst_10"}],
    "discount_type":"percent","discount_value":10})");
  ASSERT_TRUE(command) << command.error().message;
  EXPECT_EQ(command->customer_id, "cus_1");
  EXPECT_EQ(command->currency, "USD");
  EXPECT_EQ(command->reference, "PO-7");
  ASSERT_EQ(command->line_items.size(), 2u);
  EXPECT_EQ(command->line_items[0].quantity, "40");
  EXPECT_EQ(command->line_items[0].unit_price, "150.00");  // exact text, never a double
  EXPECT_EQ(command->line_items[0].tax_percent, "10");
  EXPECT_EQ(command->line_items[1].tax_rate_id, "tax_gst_10");  // seed 000's older name
  ASSERT_TRUE(command->discount);
  EXPECT_EQ(command->discount->type, "percent");
}

TEST(InvoiceBodiesTest, ErrorsNameTheField) {
  struct Case {
    const char* body;
    domain::ErrorKind kind;
    const char* code;
    const char* param;
  };
  for (const Case& c : {
           Case{R"({"customer_id":)", domain::ErrorKind::kMalformed, "malformed_json", ""},
           Case{R"({"customer_id":"cus_1","colour":"red"})", domain::ErrorKind::kMalformed,
                "unknown_parameter", "colour"},
           Case{R"({"currency":"USD"})", domain::ErrorKind::kInvalidArgument, "missing_field",
                "customer_id"},
           Case{R"({"customer_id":"cus_1","discount_value":5})",
                domain::ErrorKind::kInvalidArgument, "missing_field", "discount_type"},
       }) {
    auto command = ParseCreateInvoice(c.body);
    ASSERT_FALSE(command) << c.body;
    EXPECT_EQ(command.error().kind, c.kind) << c.body;
    EXPECT_EQ(command.error().code, c.code) << c.body;
    EXPECT_EQ(command.error().param, c.param) << c.body;
  }
  auto line = ParseCreateInvoice(R"({"customer_id":"cus_1","line_items":[{"quantity":"x"}]})");
  ASSERT_FALSE(line);
  EXPECT_NE(line.error().param.find("quantity"), std::string::npos) << line.error().param;
}

TEST(InvoiceBodiesTest, AnUpdateTellsOmittedFromNull) {
  auto update = ParseUpdateInvoice(R"({"notes":null,"line_items":null,"reference":"PO-8"})");
  ASSERT_TRUE(update) << update.error().message;
  EXPECT_FALSE(update->customer_id.sets());
  EXPECT_TRUE(update->notes.clears());
  EXPECT_TRUE(update->line_items.clears());
  EXPECT_TRUE(update->reference.sets());
  EXPECT_EQ(update->reference.value(), "PO-8");
}

TEST(InvoiceBodiesTest, ActionsAcceptAnEmptyBody) {
  EXPECT_TRUE(ParseSend(""));
  auto reason = ParseReason("");
  ASSERT_TRUE(reason);
  EXPECT_FALSE(*reason);
  auto paid = ParseMarkPaid("", "inv_1");
  ASSERT_TRUE(paid);
  EXPECT_EQ(paid->invoice_id, "inv_1");
  EXPECT_FALSE(ParseReason(R"({"reason":"dup","extra":1})"));
}

TEST(InvoiceBodiesTest, SeedFieldsTemplateAutoSendAndATotalAlone) {
  auto seed = ParseCreateInvoice(R"({"customer_id":"cus_1","line_items":[{"description":"W",
    "quantity":1,"unit_price":10}],"template_id":"tmpl_modern","auto_send":true})");
  ASSERT_TRUE(seed) << seed.error().message;
  EXPECT_EQ(seed->template_id, "tmpl_modern");
  EXPECT_TRUE(seed->auto_send);

  auto total = ParseCreateInvoice(R"({"customer_id":"cus_1","total":1000.00})");
  ASSERT_TRUE(total) << total.error().message;
  ASSERT_EQ(total->line_items.size(), 1u);
  EXPECT_EQ(total->line_items[0].unit_price, "1000.00");
  EXPECT_EQ(total->line_items[0].quantity, "1");
  EXPECT_FALSE(total->auto_send);

  auto both = ParseCreateInvoice(
      R"({"customer_id":"cus_1","total":5,"line_items":[{"description":"W","unit_price":5}]})");
  ASSERT_FALSE(both);
  EXPECT_EQ(both.error().code, "total_with_line_items");
  EXPECT_EQ(both.error().param, "total");
  EXPECT_FALSE(ParseCreateInvoice(R"({"customer_id":"cus_1","auto_send":"yes"})"));

  auto update = ParseUpdateInvoice(R"({"template_id":null})");
  ASSERT_TRUE(update) << update.error().message;
  EXPECT_TRUE(update->template_id.clears());
}

}  // namespace
}  // namespace factura::api
