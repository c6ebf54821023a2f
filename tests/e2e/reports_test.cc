// Reports end to end with figures computed by hand (see the scenario below): aging as of past
// dates (payments, refunds and voids counted only up to the date), several currencies never
// added together, sales by month, tax on accrual and cash basis, dashboard breakdowns.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using eventstore::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

// Scenario:
//   inv1  ACME    USD  issued 2025-01-01, due 2025-01-31, 1,000.00 + GST 10% = 1,100.00;
//                      paid 400.00 on 2025-02-10, 100.00 of it refunded on 2025-03-05.
//   inv2  ACME    USD  issued 2025-02-01, due 2025-03-03, 500.00, no tax.
//   inv3  Globex  EUR  issued 2025-01-15, due 2025-02-14, 200.00; voided today.
//   inv4  Globex  USD  a draft (never issued), 300.00.
class ReportsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new ServerProcess(dir_->Sub("data"));
    HttpClient client(server_->port());
    auto post = [&](const std::string& path, const std::string& body) {
      Reply reply = client.Post(path, body, Auth());
      EXPECT_LT(reply.status, 300u) << path << " " << reply.body;
      return Field(reply.body, "id");
    };
    std::string acme = post("/v1/customers", R"({"name":"ACME","email":"a@acme.com"})");
    std::string globex = post("/v1/customers", R"({"name":"Globex","email":"g@globex.com"})");
    post("/v1/tax-rates", R"j({"id":"tax_gst_10","name":"GST (10%)","type":"gst","rate":10})j");
    auto invoice = [&](const std::string& customer, const std::string& currency,
                       const std::string& issue, const std::string& due, const std::string& line) {
      return post("/v1/invoices", R"({"customer_id":")" + customer + R"(","currency":")" +
                                      currency + R"(","issue_date":")" + issue +
                                      R"(","due_date":")" + due + R"(","line_items":[)" + line +
                                      "]}");
    };
    std::string inv1 = invoice(
        acme, "USD", "2025-01-01", "2025-01-31",
        R"({"description":"Work","quantity":1,"unit_price":1000,"tax_rate_id":"tax_gst_10"})");
    std::string inv2 = invoice(acme, "USD", "2025-02-01", "2025-03-03",
                               R"({"description":"Work","quantity":1,"unit_price":500})");
    std::string inv3 = invoice(globex, "EUR", "2025-01-15", "2025-02-14",
                               R"({"description":"Work","quantity":1,"unit_price":200})");
    invoice(globex, "USD", "2025-03-01", "2025-03-31",
            R"({"description":"Work","quantity":1,"unit_price":300})");
    for (const std::string& id : {inv1, inv2, inv3}) post("/v1/invoices/" + id + "/send", "");
    std::string payment =
        post("/v1/payments",
             R"({"invoice_id":")" + inv1 +
                 R"(","amount":400,"payment_method":"card","payment_date":"2025-02-10"})");
    post("/v1/payments/" + payment + "/refund", R"({"amount":100,"refund_date":"2025-03-05"})");
    post("/v1/invoices/" + inv3 + "/void", R"({"reason":"duplicate"})");
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static std::map<std::string, std::string> Auth() {
    return {{"Authorization", "Bearer " + server_->admin_key()}};
  }
  std::string Get(const std::string& target, unsigned status = 200) {
    HttpClient client(server_->port());
    Reply reply = client.Get(target, Auth());
    EXPECT_EQ(reply.status, status) << target << " " << reply.body;
    return reply.body;
  }
  static TempDir* dir_;
  static ServerProcess* server_;
};
TempDir* ReportsTest::dir_ = nullptr;
ServerProcess* ReportsTest::server_ = nullptr;

TEST_F(ReportsTest, AgingAsOfAPastDateCountsOnlyWhatHadHappenedByThen) {
  std::string aging = Get("/v1/reports/aging?as_of_date=2025-02-20");
  // USD: inv2 not yet due (current 500.00); inv1 20 days late with 700.00 left.
  EXPECT_THAT(
      aging,
      HasSubstr(
          R"("currency":"USD","summary":{"current":500.00,"1_30_days":700.00,"31_60_days":0.00,"61_90_days":0.00,"over_90_days":0.00,"total_due":1200.00,"counts":{"current":1,"1_30_days":1,"31_60_days":0,"61_90_days":0,"over_90_days":0}})"));
  // EUR separately: inv3 was not voided yet on that date, 6 days late.
  EXPECT_THAT(
      aging,
      HasSubstr(
          R"("currency":"EUR","summary":{"current":0.00,"1_30_days":200.00,"31_60_days":0.00,"61_90_days":0.00,"over_90_days":0.00,"total_due":200.00,"counts":{"current":0,"1_30_days":1,"31_60_days":0,"61_90_days":0,"over_90_days":0}})"));
  EXPECT_THAT(aging, HasSubstr(R"("customer_name":"Globex")"));

  // 2025-03-10: the refund reopened 100.00 of inv1 (38 days late); inv2 7 days late.
  std::string march = Get("/v1/reports/aging?as_of_date=2025-03-10&currency=USD");
  EXPECT_THAT(
      march,
      HasSubstr(
          R"("currency":"USD","summary":{"current":0.00,"1_30_days":500.00,"31_60_days":800.00,"61_90_days":0.00,"over_90_days":0.00,"total_due":1300.00,"counts":{"current":0,"1_30_days":1,"31_60_days":1,"61_90_days":0,"over_90_days":0}})"));
  EXPECT_THAT(march, Not(HasSubstr("EUR")));

  // Today: inv3 is void; the rest is over 90 days late.
  std::string today = Get("/v1/reports/aging");
  EXPECT_THAT(today, Not(HasSubstr("EUR")));
  EXPECT_THAT(today, HasSubstr(R"("over_90_days":1300.00,"total_due":1300.00)"));

  // Custom periods name their buckets; before anything was issued there is nothing.
  EXPECT_THAT(
      Get("/v1/reports/aging?as_of_date=2025-03-10&aging_periods=15,45&currency=USD"),
      HasSubstr(R"("current":0.00,"1_15_days":500.00,"16_45_days":800.00,"over_45_days":0.00)"));
  EXPECT_THAT(Get("/v1/reports/aging?as_of_date=2024-12-31"), HasSubstr(R"("by_currency":[])"));
}

TEST_F(ReportsTest, SalesByMonthLeaveOutDraftsAndVoids) {
  std::string sales =
      Get("/v1/reports/sales?start_date=2025-01-01&end_date=2025-03-31&group_by=month");
  EXPECT_THAT(
      sales,
      HasSubstr(
          R"({"period":"2025-01-01","period_end":"2025-01-31","currency":"USD","invoices_count":1,"total_invoiced":1100.00,"total_paid":300.00,"total_outstanding":800.00,"total_credited":0.00})"));
  EXPECT_THAT(
      sales,
      HasSubstr(
          R"({"period":"2025-02-01","period_end":"2025-02-28","currency":"USD","invoices_count":1,"total_invoiced":500.00,"total_paid":0.00,"total_outstanding":500.00,"total_credited":0.00})"));
  EXPECT_THAT(
      sales,
      HasSubstr(
          R"("summary":{"currency":"USD","total_invoiced":1600.00,"total_paid":300.00,"total_outstanding":1300.00,"total_credited":0.00},"by_currency":[{"currency":"USD","total_invoiced":1600.00,"total_paid":300.00,"total_outstanding":1300.00,"total_credited":0.00}])"));
  std::string by_customer =
      Get("/v1/reports/sales?start_date=2025-01-01&end_date=2025-03-31&group_by=customer");
  EXPECT_THAT(by_customer,
              HasSubstr(R"("customer_name":"ACME","currency":"USD","invoices_count":2)"));
  std::string weekly =
      Get("/v1/reports/sales?start_date=2025-01-01&end_date=2025-01-31&group_by=week");
  EXPECT_THAT(weekly, HasSubstr(R"("period":"2024-12-30","period_end":"2025-01-05")"));  // Monday
}

TEST_F(ReportsTest, TaxOnAccrualAndCashBasis) {
  std::string accrual = Get("/v1/reports/tax?start_date=2025-01-01&end_date=2025-03-31");
  EXPECT_THAT(
      accrual,
      HasSubstr(
          R"j({"tax_profile_id":"tax_gst_10","name":"GST (10%)","type":"gst","rate":10,"currency":"USD","total_sales":1000.00,"total_tax_collected":100.00,"invoice_count":1})j"));
  // February collected 400.00 of 1,100.00: 4/11 of the taxable amount and of the tax.
  std::string february =
      Get("/v1/reports/tax?start_date=2025-02-01&end_date=2025-02-28&basis=cash");
  EXPECT_THAT(february, HasSubstr(R"("total_sales":363.64,"total_tax_collected":36.36)"));
  // March gave 100.00 back.
  std::string march = Get("/v1/reports/tax?start_date=2025-03-01&end_date=2025-03-31&basis=cash");
  EXPECT_THAT(march, HasSubstr(R"("total_sales":-90.91,"total_tax_collected":-9.09)"));
  EXPECT_THAT(accrual, HasSubstr(R"("summary":{"currency":"USD","total_sales":)"));
  // Nothing taxed: the summary is zeros in the organization's currency.
  EXPECT_THAT(Get("/v1/reports/tax?start_date=2025-04-01&end_date=2025-04-30"),
              HasSubstr(R"("tax_profiles":[],"summary":{"currency":"USD","total_sales":0.00,)"
                        R"("total_tax_collected":0.00},"by_currency":[])"));
}

TEST_F(ReportsTest, DashboardBreakdowns) {
  std::string status = Get("/v1/dashboard/invoice-status");
  EXPECT_THAT(
      status,
      HasSubstr(R"("draft":{"count":1,"total_amount":[{"currency":"USD","amount":300.00}]})"));
  EXPECT_THAT(
      status,
      HasSubstr(
          R"("partially_paid":{"count":1,"total_amount":[{"currency":"USD","amount":1100.00}]})"));
  EXPECT_THAT(
      status,
      HasSubstr(R"("void":{"count":1,"total_amount":[{"currency":"EUR","amount":200.00}]})"));
  std::string metrics = Get("/v1/dashboard/metrics");
  EXPECT_THAT(metrics,
              HasSubstr(R"("outstanding_invoices":[{"currency":"USD","amount":1300.00}])"));
  EXPECT_THAT(metrics, HasSubstr(R"("active_customers":2)"));
  std::string trend = Get("/v1/dashboard/revenue-trend?months=3");
  EXPECT_EQ(std::count(trend.begin(), trend.end(), '{') - 1, 3);  // three months, oldest first
}

TEST_F(ReportsTest, BadParametersAreNamed) {
  for (const auto& [target, param] : std::vector<std::pair<std::string, std::string>>{
           {"/v1/reports/aging?as_of_date=2025-02-30", "as_of_date"},
           {"/v1/reports/aging?aging_periods=60,30", "aging_periods"},
           {"/v1/reports/aging?colour=red", "colour"},
           {"/v1/reports/sales?start_date=2025-01-01", "end_date"},
           {"/v1/reports/sales?start_date=2025-02-01&end_date=2025-01-01", "end_date"},
           {"/v1/reports/sales?start_date=2025-01-01&end_date=2025-02-01&group_by=hour",
            "group_by"},
           {"/v1/reports/tax?start_date=2025-01-01&end_date=2025-02-01&basis=magic", "basis"},
           {"/v1/dashboard/revenue-trend?months=0", "months"},
       }) {
    HttpClient client(server_->port());
    Reply reply = client.Get(target, Auth());
    EXPECT_GE(reply.status, 400u) << target;
    EXPECT_THAT(reply.body, HasSubstr(R"("param":")" + param + "\"")) << target << reply.body;
  }
}

}  // namespace
}  // namespace factura::e2e
