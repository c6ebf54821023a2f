// The list endpoints over the read models, end to end: filters, sort, search, pagination edges,
// reading one's own writes, bad parameters, tenancy, and the replay tool.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <sstream>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

namespace json = boost::json;
using eventstore::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> Ids(const json::value& page) {
  std::vector<std::string> ids;
  for (const json::value& item : page.at("data").as_array()) {
    ids.emplace_back(item.at("id").as_string());
  }
  return ids;
}

class ListsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    std::string data = dir_->Sub("data");
    {
      ServerProcess first(data);
      key_ = first.admin_key();
      first.Terminate();
    }
    std::istringstream other(RunFactura("--data-dir " + data +
                                        " keys create --new-org Other --scopes invoices:read,"
                                        "customers:read,customers:write,payments:read,"
                                        "products:read"));
    std::string ignored;
    other >> ignored >> ignored >> other_key_;
    server_ = new ServerProcess(data);
    HttpClient client(server_->port());
    auto create = [&](const std::string& path, const std::string& body) {
      Reply reply = client.Post(path, body, Auth());
      EXPECT_EQ(reply.status, 201u) << path << " " << reply.body;
      return std::string(json::parse(reply.body).at("id").as_string());
    };
    acme_ = create("/v1/customers", R"({"name":"ACME Corporation","email":"billing@acme.com"})");
    globex_ = create("/v1/customers", R"({"name":"Globex","email":"ap@globex.com"})");
    // Five invoices: amounts 100, 200, …, 500; the third in EUR for Globex, the fourth sent
    // and paid in part, the fifth sent and paid in full.
    for (int i = 1; i <= 5; ++i) {
      std::string customer = i == 3 ? globex_ : acme_;
      std::string currency = i == 3 ? "EUR" : "USD";
      std::string body = R"({"customer_id":")" + customer + R"(","currency":")" + currency +
                         R"(","issue_date":"2025-01-0)" + std::to_string(i) +
                         R"(","due_date":"2025-02-0)" + std::to_string(i) + R"(","notes":"batch )" +
                         (i % 2 ? "odd" : "even") +
                         R"(","line_items":[{"description":"Work","quantity":1,"unit_price":)" +
                         std::to_string(i * 100) + "}]}";
      invoices_.push_back(create("/v1/invoices", body));
    }
    for (int i : {3, 4}) {
      EXPECT_EQ(client.Post("/v1/invoices/" + invoices_[i] + "/send", "", Auth()).status, 200u);
    }
    create("/v1/payments",
           R"({"invoice_id":")" + invoices_[3] + R"(","amount":150,"payment_method":"card"})");
    create("/v1/payments", R"({"invoice_id":")" + invoices_[4] +
                               R"(","amount":500,"payment_method":"bank_transfer"})");
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  static std::map<std::string, std::string> Auth(const std::string& key = key_) {
    return {{"Authorization", "Bearer " + key}};
  }
  json::value List(const std::string& target, const std::string& key = key_) {
    HttpClient client(server_->port());
    Reply reply = client.Get(target, Auth(key));
    EXPECT_EQ(reply.status, 200u) << target << " " << reply.body;
    EXPECT_EQ(reply.Header("X-Read-Model-Stale"), "") << target;
    return json::parse(reply.body);
  }

  static TempDir* dir_;
  static ServerProcess* server_;
  static std::string key_, other_key_, acme_, globex_;
  static std::vector<std::string> invoices_;
};

TempDir* ListsTest::dir_ = nullptr;
ServerProcess* ListsTest::server_ = nullptr;
std::string ListsTest::key_, ListsTest::other_key_, ListsTest::acme_, ListsTest::globex_;
std::vector<std::string> ListsTest::invoices_;

TEST_F(ListsTest, InvoicesNewestFirstWithTheirFiguresAndStatus) {
  json::value page = List("/v1/invoices");
  EXPECT_EQ(page.at("object").as_string(), "list");
  EXPECT_EQ(page.at("total_count").as_int64(), 5);
  EXPECT_FALSE(page.at("has_more").as_bool());
  EXPECT_TRUE(page.at("next_cursor").is_null());
  std::vector<std::string> newest_first(invoices_.rbegin(), invoices_.rend());
  EXPECT_EQ(Ids(page), newest_first);
  const json::object& paid = page.at("data").as_array()[0].as_object();
  EXPECT_EQ(paid.at("status").as_string(), "paid");
  const json::object& partial = page.at("data").as_array()[1].as_object();
  EXPECT_EQ(partial.at("status").as_string(), "partially_paid");
  // Amounts in the currency's digits, exactly as written (not through a double).
  HttpClient client(server_->port());
  std::string raw = client.Get("/v1/invoices", Auth()).body;
  EXPECT_THAT(raw, HasSubstr(R"("total":500.00,"amount_paid":500.00,"amount_due":0.00)"));
  EXPECT_THAT(raw, HasSubstr(R"("total":400.00,"amount_paid":150.00,"amount_due":250.00)"));
  // Due 2025-02-04, long past: the days since then.
  EXPECT_GT(partial.at("days_overdue").as_int64(), 300);
  EXPECT_EQ(page.at("data").as_array()[2].at("days_overdue").as_int64(), 0);  // a draft
  EXPECT_EQ(partial.at("customer").at("name").as_string(), "ACME Corporation");
}

TEST_F(ListsTest, FiltersCombine) {
  EXPECT_THAT(Ids(List("/v1/invoices?status=draft&sort=created_at")),
              ElementsAre(invoices_[0], invoices_[1], invoices_[2]));
  EXPECT_THAT(Ids(List("/v1/invoices?status=paid,partially_paid&sort=created_at")),
              ElementsAre(invoices_[3], invoices_[4]));
  EXPECT_THAT(Ids(List("/v1/invoices?customer_id=" + globex_)), ElementsAre(invoices_[2]));
  EXPECT_THAT(Ids(List("/v1/invoices?currency=EUR")), ElementsAre(invoices_[2]));
  EXPECT_THAT(Ids(List("/v1/invoices?issue_date%5Bgte%5D=2025-01-02&issue_date%5Blte%5D=2025-01-03"
                       "&sort=issue_date")),
              ElementsAre(invoices_[1], invoices_[2]));
  EXPECT_THAT(Ids(List("/v1/invoices?due_date[lte]=2025-02-01")), ElementsAre(invoices_[0]));
  EXPECT_EQ(List("/v1/invoices?created_at[gte]=2100-01-01T00:00:00Z").at("total_count"), 0);
  EXPECT_THAT(Ids(List("/v1/customers/" + globex_ + "/invoices")), ElementsAre(invoices_[2]));
  EXPECT_EQ(List("/v1/invoices?currency=EUR&status=paid").at("total_count"), 0);
}

TEST_F(ListsTest, SortBySeveralKeys) {
  EXPECT_THAT(Ids(List("/v1/invoices?sort=-total")),
              ElementsAre(invoices_[4], invoices_[3], invoices_[2], invoices_[1], invoices_[0]));
  // Customer name first (ACME before Globex), then amount due, largest first.
  EXPECT_THAT(Ids(List("/v1/invoices?sort=customer_name,-amount_due")),
              ElementsAre(invoices_[3], invoices_[1], invoices_[0], invoices_[4], invoices_[2]));
}

TEST_F(ListsTest, SearchMatchesWordPrefixesInTheChosenFields) {
  EXPECT_THAT(Ids(List("/v1/invoices?search=glob")), ElementsAre(invoices_[2]));
  EXPECT_EQ(List("/v1/invoices?search=acme%20corp").at("total_count"), 4);
  EXPECT_EQ(List("/v1/invoices?search=even&search_fields=notes").at("total_count"), 2);
  EXPECT_EQ(List("/v1/invoices?search=even&search_fields=number").at("total_count"), 0);
  EXPECT_EQ(List("/v1/invoices?search=%22%29%28*").at("total_count"), 0);  // FTS syntax is text
  EXPECT_THAT(Ids(List("/v1/customers?search=billing")), ElementsAre(acme_));
}

// A list by status alone is counted from counts kept per status: they follow sends, payments,
// voids and deletions, and agree with the rows the list shows.
TEST_F(ListsTest, CountsByStatusAgreeWithTheRows) {
  HttpClient client(server_->port());
  Reply draft =
      client.Post("/v1/invoices",
                  R"({"customer_id":")" + acme_ +
                      R"(","line_items":[{"description":"Gone","quantity":1,"unit_price":5}]})",
                  Auth());
  ASSERT_EQ(draft.status, 201u);
  std::string deleted(json::parse(draft.body).at("id").as_string());
  ASSERT_EQ(
      client.Send(boost::beast::http::verb::delete_, "/v1/invoices/" + deleted, "", Auth()).status,
      204u);
  ASSERT_EQ(client.Post("/v1/invoices/" + invoices_[0] + "/send", "", Auth()).status, 200u);
  ASSERT_EQ(client.Post("/v1/invoices/" + invoices_[0] + "/void", "", Auth()).status, 200u);
  std::map<std::string, int64_t> expected{{"", 5},     {"draft", 2},      {"void", 1},
                                          {"paid", 1}, {"draft,void", 3}, {"open,sent,overdue", 0}};
  for (const auto& [statuses, count] : expected) {
    std::string target = "/v1/invoices?limit=100" + (statuses.empty() ? "" : "&status=" + statuses);
    json::value page = List(target);
    EXPECT_EQ(page.at("total_count").as_int64(), count) << target;
    EXPECT_EQ(static_cast<int64_t>(Ids(page).size()), count) << target;
  }
  EXPECT_EQ(List("/v1/invoices?status=draft&limit=1").at("total_count").as_int64(), 2);
  EXPECT_EQ(List("/v1/invoices", other_key_).at("total_count").as_int64(), 0);
}

// A search counts and pages its matches in one pass: every page carries the whole count, the
// pages cover the matches once, and a page past the last match still counts them.
TEST_F(ListsTest, SearchPagesCarryTheWholeCount) {
  json::value first = List("/v1/invoices?search=acme&sort=-total&limit=3");
  EXPECT_EQ(first.at("total_count").as_int64(), 4);
  EXPECT_THAT(Ids(first), ElementsAre(invoices_[4], invoices_[3], invoices_[1]));
  ASSERT_TRUE(first.at("has_more").as_bool());
  std::string cursor(first.at("next_cursor").as_string());
  json::value second = List("/v1/invoices?search=acme&sort=-total&limit=3&cursor=" + cursor);
  EXPECT_EQ(second.at("total_count").as_int64(), 4);
  EXPECT_THAT(Ids(second), ElementsAre(invoices_[0]));
  EXPECT_FALSE(second.at("has_more").as_bool());
  json::value past = List("/v1/invoices?search=acme&sort=-total&starting_after=" + invoices_[0]);
  EXPECT_EQ(past.at("total_count").as_int64(), 4);
  EXPECT_THAT(Ids(past), ElementsAre());
  json::value before =
      List("/v1/invoices?search=acme&sort=-total&limit=2&ending_before=" + invoices_[0]);
  EXPECT_EQ(before.at("total_count").as_int64(), 4);
  EXPECT_THAT(Ids(before), ElementsAre(invoices_[3], invoices_[1]));
  EXPECT_EQ(List("/v1/invoices?search=acme&status=paid").at("total_count"), 1);
}

TEST_F(ListsTest, PagesCoverEverythingOnceEvenWhenRowsArriveBetweenThem) {
  json::value first = List("/v1/invoices?limit=2&sort=created_at");
  EXPECT_THAT(Ids(first), ElementsAre(invoices_[0], invoices_[1]));
  ASSERT_TRUE(first.at("has_more").as_bool());
  // A new invoice arrives between pages: it sorts last, and shows up once, at the end.
  HttpClient client(server_->port());
  Reply late =
      client.Post("/v1/invoices",
                  R"({"customer_id":")" + acme_ +
                      R"(","line_items":[{"description":"Late","quantity":1,"unit_price":1}]})",
                  Auth());
  ASSERT_EQ(late.status, 201u);
  std::string late_id(json::parse(late.body).at("id").as_string());
  std::string cursor(first.at("next_cursor").as_string());
  json::value second = List("/v1/invoices?limit=2&sort=created_at&cursor=" + cursor);
  EXPECT_THAT(Ids(second), ElementsAre(invoices_[2], invoices_[3]));
  json::value third = List("/v1/invoices?limit=2&sort=created_at&cursor=" +
                           std::string(second.at("next_cursor").as_string()));
  EXPECT_THAT(Ids(third), ElementsAre(invoices_[4], late_id));
  EXPECT_FALSE(third.at("has_more").as_bool());
  EXPECT_EQ(third.at("total_count").as_int64(), 6);
  // Exactly `limit` rows left: no further page.
  json::value exact = List("/v1/invoices?limit=6");
  EXPECT_EQ(Ids(exact).size(), 6u);
  EXPECT_FALSE(exact.at("has_more").as_bool());
  // starting_after / ending_before an id.
  EXPECT_THAT(Ids(List("/v1/invoices?sort=created_at&limit=2&starting_after=" + invoices_[1])),
              ElementsAre(invoices_[2], invoices_[3]));
  EXPECT_THAT(Ids(List("/v1/invoices?sort=created_at&limit=2&ending_before=" + invoices_[3])),
              ElementsAre(invoices_[1], invoices_[2]));
  // Empty (a status no test of this suite gives: they share one server, in any order).
  json::value none = List("/v1/invoices?status=uncollectible");
  EXPECT_TRUE(none.at("data").as_array().empty());
  EXPECT_FALSE(none.at("has_more").as_bool());
  // Clean up for the other tests: the late draft is deleted (and leaves the lists).
  ASSERT_EQ(
      client.Send(boost::beast::http::verb::delete_, "/v1/invoices/" + late_id, "", Auth()).status,
      204u);
  EXPECT_EQ(List("/v1/invoices").at("total_count").as_int64(), 5);
}

TEST_F(ListsTest, PaymentsCustomersProductsAndTaxRates) {
  json::value payments = List("/v1/payments?sort=created_at");
  ASSERT_EQ(payments.at("total_count").as_int64(), 2);
  EXPECT_EQ(payments.at("data").as_array()[0].at("invoice_id").as_string(), invoices_[3]);
  EXPECT_EQ(List("/v1/payments?payment_method=bank_transfer").at("total_count"), 1);
  EXPECT_EQ(List("/v1/payments?invoice_id=" + invoices_[3]).at("total_count"), 1);
  json::value customers = List("/v1/customers?sort=name");
  EXPECT_THAT(Ids(customers), ElementsAre(acme_, globex_));
  // ACME owes the partly paid invoice's rest (the drafts are not owed yet).
  HttpClient client(server_->port());
  EXPECT_THAT(client.Get("/v1/customers?sort=name&limit=1", Auth()).body,
              HasSubstr(R"("balance":250.00,"balances":[{"currency":"USD","amount":250.00}])"));
  ASSERT_EQ(
      client
          .Post("/v1/products", R"({"name":"Hosting","unit_price":10,"category":"infra"})", Auth())
          .status,
      201u);
  EXPECT_EQ(List("/v1/products?category=infra&is_active=true").at("total_count"), 1);
  ASSERT_EQ(client.Post("/v1/tax-rates", R"({"name":"VAT","rate":20,"type":"vat"})", Auth()).status,
            201u);
  EXPECT_EQ(List("/v1/tax-rates?type=vat").at("total_count"), 1);
}

TEST_F(ListsTest, AnotherOrganizationSeesNoneOfIt) {
  for (const char* path : {"/v1/invoices", "/v1/customers", "/v1/payments", "/v1/products",
                           "/v1/invoices?search=acme"}) {
    EXPECT_EQ(List(path, other_key_).at("total_count").as_int64(), 0) << path;
  }
  HttpClient client(server_->port());
  EXPECT_EQ(client.Get("/v1/customers/" + acme_ + "/invoices", Auth(other_key_)).status, 404u);
  // Once it has rows of its own, each organization lists only its own (the read models key rows
  // by an organization's number: two organizations must not share one).
  Reply created = client.Post("/v1/customers", R"({"name":"Initech Intruder"})", Auth(other_key_));
  ASSERT_EQ(created.status, 201u) << created.body;
  json::value theirs = List("/v1/customers", other_key_);
  ASSERT_EQ(theirs.at("total_count").as_int64(), 1);
  EXPECT_EQ(theirs.at("data").at(0).at("name"), "Initech Intruder");
  EXPECT_EQ(List("/v1/customers?search=Intruder").at("total_count").as_int64(), 0);
  EXPECT_GT(List("/v1/customers").at("total_count").as_int64(), 0);
}

TEST_F(ListsTest, BadParametersAreNamed) {
  HttpClient client(server_->port());
  struct Case {
    std::string target;
    unsigned status;
    std::string param;
  };
  for (const Case& c : std::vector<Case>{
           {"/v1/invoices?colour=red", 400, "colour"},
           {"/v1/invoices?limit=0", 422, "limit"},
           {"/v1/invoices?limit=101", 422, "limit"},
           {"/v1/invoices?limit=ten", 422, "limit"},
           {"/v1/invoices?sort=secret", 422, "sort"},
           {"/v1/invoices?sort=total,total", 422, "sort"},
           {"/v1/invoices?cursor=zzz", 422, "cursor"},
           {"/v1/invoices?cursor=i1.i2&starting_after=inv_1", 422, "cursor"},
           {"/v1/invoices?issue_date[gte]=2025-13-01", 422, "issue_date[gte]"},
           {"/v1/invoices?created_at[lte]=yesterday", 422, "created_at[lte]"},
           {"/v1/invoices?search=a&search_fields=password", 422, "search_fields"},
           {"/v1/invoices?starting_after=inv_nope", 404, "starting_after"},
           {"/v1/invoices?min_position=-1", 422, "min_position"},
           {"/v1/products?is_active=yes", 422, "is_active"},
       }) {
    Reply reply = client.Get(c.target, Auth());
    EXPECT_EQ(reply.status, c.status) << c.target << " " << reply.body;
    EXPECT_THAT(reply.body, HasSubstr(R"("param":")" + c.param + "\"")) << c.target;
  }
}

TEST_F(ListsTest, FieldsAndExpandShapeListsAndDetails) {
  HttpClient client(server_->port());
  std::string slim =
      client.Get("/v1/invoices?sort=created_at&limit=1&fields=number,total", Auth()).body;
  EXPECT_THAT(
      slim, HasSubstr(R"("data":[{"id":")" + invoices_[0] + R"(","object":"invoice","number":")"));
  EXPECT_THAT(slim, HasSubstr(R"(,"total":100.00}])"));
  EXPECT_THAT(slim, ::testing::Not(HasSubstr("amount_due")));

  std::string detail =
      client.Get("/v1/invoices/" + invoices_[4] + "?fields=customer.name,amount_paid", Auth()).body;
  EXPECT_EQ(
      detail,
      R"({"id":")" + invoices_[4] +
          R"(","object":"invoice","customer":{"name":"ACME Corporation"},"amount_paid":500.00})");

  std::string expanded =
      client.Get("/v1/invoices/" + invoices_[4] + "?expand=customer,payments", Auth()).body;
  EXPECT_THAT(expanded, HasSubstr(R"("customer":{"id":")" + acme_ + R"(","object":"customer")"));
  EXPECT_THAT(expanded, HasSubstr(R"("payments":[{"id":"pay_)"));
  EXPECT_THAT(expanded, HasSubstr(R"("object":"payment","payment_number":"PAY-)"));
  EXPECT_THAT(expanded, HasSubstr(R"(","invoice_id":")" + invoices_[4]));

  std::string listed =
      client.Get("/v1/invoices?status=paid&expand=customer,line_items,payments", Auth()).body;
  EXPECT_THAT(listed, HasSubstr(R"("customer":{"id":")" + acme_ + R"(","object":"customer")"));
  EXPECT_THAT(listed, HasSubstr(R"("line_items":[{"id":"li_)"));
  EXPECT_THAT(listed, HasSubstr(R"("object":"payment")"));
  // Seed 003 §7.3's list item fields: lines, subtotal, tax, and the date it was paid.
  EXPECT_THAT(listed, HasSubstr(R"("item_count":1,"subtotal":500.00,"tax_total":0.00,)"));
  EXPECT_THAT(listed, ::testing::ContainsRegex(R"("paid_at":"[0-9]{4}-[0-9]{2}-[0-9]{2}")"));

  for (const auto& [target, param] : std::vector<std::pair<std::string, std::string>>{
           {"/v1/invoices?fields=a..b", "fields"},
           {"/v1/invoices?expand=secrets", "expand"},
           {"/v1/invoices/" + invoices_[0] + "?expand=secrets", "expand"},
           {"/v1/customers?fields=,", "fields"}}) {
    Reply reply = client.Get(target, Auth());
    EXPECT_EQ(reply.status, 422u) << target;
    EXPECT_THAT(reply.body, HasSubstr(R"("param":")" + param + "\"")) << target;
  }
}

// Each write followed at once by a list from another connection: the list shows it.
TEST_F(ListsTest, AListShowsTheCallersOwnWriteAtOnce) {
  HttpClient writer(server_->port());
  HttpClient reader(server_->port());
  for (int i = 0; i < 20; ++i) {
    std::string name = "Read-your-writes " + std::to_string(i);
    Reply created = writer.Post("/v1/customers", R"({"name":")" + name + R"("})", Auth());
    ASSERT_EQ(created.status, 201u);
    Reply list = reader.Get("/v1/customers?limit=1", Auth());
    ASSERT_EQ(list.status, 200u);
    EXPECT_THAT(list.body, HasSubstr(name));
    EXPECT_GE(std::stoull(list.Header("X-Read-Model-Position")),
              std::stoull(created.Header("X-Event-Position")));
  }
}

}  // namespace
}  // namespace factura::e2e

namespace factura::e2e {
namespace {

// An overpayment's credit shows on the customer in lists, in the currency's digits.
TEST(CustomerCreditTest, ListsShowCreditBalancesFromOverpayments) {
  eventstore::testing::TempDir dir;
  ServerProcess server(dir.Sub("data"));
  ASSERT_TRUE(server.started());
  std::map<std::string, std::string> auth{{"Authorization", "Bearer " + server.admin_key()}};
  HttpClient client(server.port());
  std::string customer = Field(
      client.Post("/v1/customers", R"({"name":"Overpayer","email":"o@example.com"})", auth).body,
      "id");
  std::string invoice = Field(
      client
          .Post(
              "/v1/invoices",
              R"({"customer_id":")" + customer +
                  R"(","currency":"JPY","line_items":[{"description":"Work","quantity":1,"unit_price":1000}]})",
              auth)
          .body,
      "id");
  ASSERT_EQ(client.Post("/v1/invoices/" + invoice + "/send", "", auth).status, 200u);
  ASSERT_EQ(
      client
          .Post("/v1/payments",
                R"({"invoice_id":")" + invoice + R"(","amount":1250,"payment_method":"cash"})",
                auth)
          .status,
      201u);
  std::string list = client.Get("/v1/customers", auth).body;
  EXPECT_THAT(list, HasSubstr(R"("credit_balances":[{"currency":"JPY","amount":250}])")) << list;
  EXPECT_THAT(list, HasSubstr(R"("balances":[])"));
}

}  // namespace
}  // namespace factura::e2e
