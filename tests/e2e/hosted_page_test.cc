// The hosted invoice page end to end (issue 19): public_url on an issued invoice opens a page
// anyone with the link may read — in a real browser (headless Chromium: its DOM holds the totals,
// a screenshot is kept under the build directory) — with the security headers a page of money
// needs; the customer's first view is `invoice.viewed` exactly once, the organization's own
// previews are not; a wrong, tampered, older or revoked link is a 404 that tells nothing apart.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using eventstore::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using verb = boost::beast::http::verb;

std::string Output(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  pclose(pipe);
  return out;
}

class HostedPageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(dir_.Sub("data"));
    ASSERT_TRUE(server_->started());
    client_ = std::make_unique<HttpClient>(server_->port());
    auth_ = {{"Authorization", "Bearer " + server_->admin_key()}};
    Reply customer =
        client_->Post("/v1/customers", R"({"name":"Ana","email":"ana@example.com"})", auth_);
    ASSERT_EQ(customer.status, 201u) << customer.body;
    customer_ = Field(customer.body, "id");
    Reply invoice =
        client_->Post("/v1/invoices",
                      R"({"customer_id":")" + customer_ +
                          R"(","line_items":[{"description":"Espresso <script>alert(1)</script>",)"
                          R"("quantity":12,"unit_price":2.5,"tax_rate":10}]})",
                      auth_);
    ASSERT_EQ(invoice.status, 201u) << invoice.body;
    invoice_ = Field(invoice.body, "id");
    EXPECT_EQ(AnyField(invoice.body, "public_url"), "null");  // a draft has no page
    Reply sent = client_->Post("/v1/invoices/" + invoice_ + "/send", "", auth_);
    ASSERT_EQ(sent.status, 200u) << sent.body;
    url_ = Field(sent.body, "public_url");
    ASSERT_THAT(url_, StartsWith("/i/"));
  }

  // How many invoice.viewed events the organization has.
  size_t Views() {
    Reply events = client_->Get("/v1/events?type=invoice.viewed", auth_);
    EXPECT_EQ(events.status, 200u) << events.body;
    size_t count = 0;
    for (size_t at = 0;
         (at = events.body.find("\"type\":\"invoice.viewed\"", at)) != std::string::npos; ++at) {
      ++count;
    }
    return count;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
  std::map<std::string, std::string> auth_;
  std::string customer_, invoice_, url_;
};

TEST_F(HostedPageTest, TheLinkOpensTheInvoiceWithTheHeadersAPageOfMoneyNeeds) {
  // The organization previewing with its own credential: the page, but not a view.
  Reply preview = client_->Get(url_, auth_);
  ASSERT_EQ(preview.status, 200u) << preview.body;
  EXPECT_EQ(Views(), 0u);

  Reply page = client_->Get(url_);
  ASSERT_EQ(page.status, 200u) << page.body;
  EXPECT_THAT(page.headers["Content-Type"], StartsWith("text/html"));
  EXPECT_THAT(page.headers["Content-Security-Policy"], HasSubstr("default-src 'none'"));
  EXPECT_THAT(page.headers["Content-Security-Policy"], HasSubstr("frame-ancestors 'none'"));
  EXPECT_EQ(page.headers["X-Frame-Options"], "DENY");
  EXPECT_EQ(page.headers["Referrer-Policy"], "no-referrer");
  EXPECT_THAT(page.headers["X-Robots-Tag"], HasSubstr("noindex"));
  EXPECT_THAT(page.body, HasSubstr("<meta name=\"robots\" content=\"noindex"));
  EXPECT_THAT(page.body, HasSubstr("$33.00"));  // 12 × 2.50 + 10%
  // Every value escaped: the description's markup is text.
  EXPECT_THAT(page.body, Not(HasSubstr("<script>")));
  EXPECT_THAT(page.body, HasSubstr("&lt;script&gt;"));

  // The customer's first view is the fact, recorded once however often the page is opened.
  EXPECT_EQ(Views(), 1u);
  EXPECT_EQ(client_->Get(url_).status, 200u);
  EXPECT_EQ(Views(), 1u);
  EXPECT_NE(AnyField(client_->Get("/v1/invoices/" + invoice_, auth_).body, "viewed_at"), "null");

  // The PDF from the page, as the API serves it.
  Reply pdf = client_->Get(url_ + "/pdf");
  ASSERT_EQ(pdf.status, 200u);
  EXPECT_EQ(pdf.headers["Content-Type"], "application/pdf");
  EXPECT_EQ(pdf.body, client_->Get("/v1/invoices/" + invoice_ + "/pdf", auth_).body);
}

TEST_F(HostedPageTest, AWrongTamperedOlderOrRevokedLinkIsNotFound) {
  std::string token = url_.substr(3);
  std::string tampered = token;
  tampered.back() = tampered.back() == 'a' ? 'b' : 'a';
  // Another invoice of the organization under this MAC: the MAC covers the ids.
  Reply other = client_->Post("/v1/invoices",
                              R"({"customer_id":")" + customer_ +
                                  R"(","line_items":[{"description":"Tea","unit_price":2}]})",
                              auth_);
  ASSERT_EQ(other.status, 201u) << other.body;
  ASSERT_EQ(client_->Post("/v1/invoices/" + Field(other.body, "id") + "/send", "", auth_).status,
            200u);
  std::string swapped = token.substr(0, 26) + Field(other.body, "id").substr(4) + token.substr(52);
  for (const std::string& path :
       {"/i/" + tampered, "/i/" + swapped, "/i/" + token.substr(1), "/i/" + token + "x",
        std::string("/i/x"), "/i/" + std::string(78, '0')}) {
    Reply refused = client_->Get(path);
    EXPECT_EQ(refused.status, 404u) << path;
    EXPECT_THAT(refused.body, Not(HasSubstr(invoice_))) << path;
  }
  // A new link: the old one stops working, the new one works.
  Reply regenerated = client_->Post("/v1/invoices/" + invoice_ + "/public-link", "", auth_);
  ASSERT_EQ(regenerated.status, 200u) << regenerated.body;
  std::string fresh = Field(regenerated.body, "public_url");
  EXPECT_NE(fresh, url_);
  EXPECT_EQ(client_->Get(url_).status, 404u);
  EXPECT_EQ(client_->Get(fresh).status, 200u);
  // Revoked: no page, no URL; a new one brings it back.
  Reply revoked =
      client_->Send(verb::delete_, "/v1/invoices/" + invoice_ + "/public-link", "", auth_);
  ASSERT_EQ(revoked.status, 200u) << revoked.body;
  EXPECT_EQ(AnyField(revoked.body, "public_url"), "null");
  EXPECT_EQ(client_->Get(fresh).status, 404u);
  EXPECT_EQ(client_->Get(fresh + "/pdf").status, 404u);
  Reply again = client_->Post("/v1/invoices/" + invoice_ + "/public-link", "", auth_);
  EXPECT_EQ(client_->Get(Field(again.body, "public_url")).status, 200u);
}

// Anyone may open a page, so each client address has a limit: 60 views a minute, then 429 with
// when to come back; a wrong token counts too (guessing is not free).
TEST_F(HostedPageTest, AClientAddressIsLimitedToSixtyViewsAMinute) {
  size_t allowed = 0;
  Reply last;
  for (int i = 0; i < 61; ++i) {
    last = client_->Get(i % 2 == 0 ? url_ : "/i/" + std::string(78, '0'));
    if (last.status != 429) ++allowed;
  }
  EXPECT_EQ(allowed, 60u);
  EXPECT_EQ(last.status, 429u) << last.body;
  EXPECT_FALSE(last.headers["Retry-After"].empty());
}

TEST_F(HostedPageTest, ARealBrowserShowsTheTotals) {
  std::string chromium = std::filesystem::exists("/usr/bin/chromium") ? "/usr/bin/chromium" : "";
  ASSERT_FALSE(chromium.empty()) << "chromium is installed by tools/setup.sh";
  std::string address = "http://127.0.0.1:" + std::to_string(server_->port()) + url_;
  std::string flags =
      " --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage "
      "--no-first-run --user-data-dir=" +
      dir_.Sub("chromium") + " ";
  std::string dom = Output(chromium + flags + "--dump-dom '" + address + "' 2>/dev/null");
  ASSERT_THAT(dom, HasSubstr("id=\"amount-due\""));
  EXPECT_THAT(dom, HasSubstr("$33.00"));
  EXPECT_THAT(dom, HasSubstr("Espresso &lt;script&gt;"));
  // A phone-sized screenshot, kept for a person to look at.
  // Beside the test binary: under the build directory.
  std::filesystem::path shot =
      std::filesystem::canonical("/proc/self/exe").parent_path() / "hosted_invoice_page.png";
  std::filesystem::remove(shot);
  Output(chromium + flags + "--window-size=390,844 --screenshot=" + shot.string() + " '" + address +
         "' 2>/dev/null");
  EXPECT_TRUE(std::filesystem::exists(shot)) << shot;
  EXPECT_EQ(Views(), 1u);
}

}  // namespace
}  // namespace factura::e2e
