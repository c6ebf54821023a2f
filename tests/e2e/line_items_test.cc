// Invoice lines end to end: a type (seed 001) and a discount of their own (seed 002), before
// the invoice discount; every total the sum of its parts; bad values refused naming the line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

namespace json = boost::json;
using verb = boost::beast::http::verb;

int64_t Cents(const json::value& amount) { return std::llround(amount.to_number<double>() * 100); }

class LineItemsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.started()) << server_.output();
    customer_ = Field(Post("/v1/customers", R"({"name":"ACME","email":"ap@acme.com"})").body, "id");
  }
  Reply Post(const std::string& path, const std::string& body) {
    return client_.Post(path, body, {{"Authorization", "Bearer " + server_.admin_key()}});
  }
  Reply Invoice(const std::string& lines, const std::string& rest = "") {
    return Post("/v1/invoices",
                R"({"customer_id":")" + customer_ + R"(","line_items":)" + lines + rest + "}");
  }

  eventstore::testing::TempDir dir_;
  ServerProcess server_{dir_.Sub("data")};
  HttpClient client_{server_.port()};
  std::string customer_;
};

TEST_F(LineItemsTest, LinesCarryATypeAndADiscountBeforeTheInvoiceDiscount) {
  Reply created = Invoice(R"([
      {"description":"Design","quantity":1,"unit_price":100,"type":"service","tax_rate":10,
       "discount_type":"percent","discount_value":25},
      {"description":"Setup fee","quantity":1,"unit_price":100,"type":"fee",
       "discount_type":"fixed","discount_value":5},
      {"description":"Cable","quantity":2,"unit_price":10.50,"type":"product"}])",
                          R"(,"discount_type":"percent","discount_value":10)");
  ASSERT_EQ(created.status, 201u) << created.body;
  json::object invoice = json::parse(created.body).as_object();
  const json::array& lines = invoice.at("line_items").as_array();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].at("type"), "service");
  EXPECT_EQ(lines[1].at("type"), "fee");
  EXPECT_EQ(lines[2].at("type"), "product");
  EXPECT_EQ(lines[0].at("discount_type"), "percent");
  EXPECT_EQ(Cents(lines[1].at("discount_value")), 500);
  EXPECT_TRUE(lines[2].at("discount_type").is_null());
  // Own discounts 25.00 and 5.00; the invoice's 10% of 191.00 = 19.10, spread 75:95:21.
  EXPECT_EQ(Cents(lines[0].at("discount_amount")), 25'00 + 7'50);
  EXPECT_EQ(Cents(lines[1].at("discount_amount")), 5'00 + 9'50);
  EXPECT_EQ(Cents(lines[2].at("discount_amount")), 2'10);
  EXPECT_EQ(Cents(invoice.at("subtotal")), 221'00);
  EXPECT_EQ(Cents(invoice.at("discount_total")), 49'10);
  EXPECT_EQ(Cents(invoice.at("tax_total")), 6'75);  // 10% of 67.50
  EXPECT_EQ(Cents(invoice.at("total")), 221'00 - 49'10 + 6'75);
  int64_t line_totals = 0;
  for (const json::value& line : lines) line_totals += Cents(line.at("total"));
  EXPECT_EQ(line_totals, Cents(invoice.at("total")));

  // A line's discount is changed by replacing the lines, like any of their fields.
  std::string id = Field(created.body, "id");
  Reply revised =
      client_.Send(verb::patch, "/v1/invoices/" + id,
                   R"({"line_items":[{"description":"Design","quantity":1,"unit_price":100,
                      "discount_type":"fixed","discount_value":100}]})",
                   {{"Authorization", "Bearer " + server_.admin_key()}});
  ASSERT_EQ(revised.status, 200u) << revised.body;
  json::object after = json::parse(revised.body).as_object();
  EXPECT_EQ(after.at("line_items").as_array()[0].at("type"), "service");  // the default
  EXPECT_EQ(Cents(after.at("total")), 0);
}

TEST_F(LineItemsTest, BadLineTypesAndDiscountsAreRefusedNamingTheLine) {
  std::string head = LogHead(client_);
  struct Case {
    std::string lines;
    std::string code;
    std::string param;
  };
  for (
      const Case& bad : std::vector<Case>{
          {R"([{"description":"x","unit_price":1,"type":"gift"}])", "invalid_line_type",
           "line_items[0].type"},
          {R"([{"description":"x","unit_price":1},{"description":"y","unit_price":10,
               "discount_type":"fixed","discount_value":10.01}])",
           "discount_exceeds_subtotal", "line_items[1].discount_value"},
          {R"([{"description":"x","unit_price":1,"discount_type":"percent","discount_value":101}])",
           "invalid_discount", "line_items[0].discount_value"},
          {R"([{"description":"x","unit_price":1,"discount_type":"percent"}])", "missing_field",
           "line_items[0].discount_value"},
          {R"([{"description":"x","unit_price":1,"discount_value":3}])", "missing_field",
           "line_items[0].discount_type"},
          {R"([{"description":"x","unit_price":1,"discount_type":"bogus","discount_value":3}])",
           "invalid_discount_type", "line_items[0].discount_type"},
      }) {
    Reply refused = Invoice(bad.lines);
    EXPECT_EQ(refused.status, 422u) << bad.lines << " " << refused.body;
    EXPECT_EQ(Field(refused.body, "code"), bad.code) << bad.lines;
    EXPECT_EQ(Field(refused.body, "param"), bad.param) << bad.lines;
  }
  EXPECT_EQ(LogHead(client_), head) << "a refused invoice wrote events";
}

}  // namespace
}  // namespace factura::e2e
