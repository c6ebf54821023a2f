// Documents end to end (issue 19): the PDFs the API serves, read back by real tools (poppler's
// pdftotext and pdfinfo): every line, tax rate and total is in the text; a 500-line invoice runs
// over pages with "page N of M"; two downloads of an issued invoice are the same bytes; the
// organization's locale and the template shape the document; credit notes and receipts too.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <regex>

#include "tests/support/server_process.h"
#include "tests/support/store_testing.h"

namespace factura::e2e {
namespace {

using eventstore::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

// What a command prints (stdout), or "" when it fails.
std::string Output(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  return pclose(pipe) == 0 ? out : "";
}

class DocumentsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new ServerProcess(dir_->Sub("data"));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  void SetUp() override {
    ASSERT_TRUE(server_->started());
    client_ = std::make_unique<HttpClient>(server_->port());
  }

  std::map<std::string, std::string> Auth() const {
    return {{"Authorization", "Bearer " + server_->admin_key()}};
  }
  Reply Post(const std::string& path, const std::string& body) {
    return client_->Post(path, body, Auth());
  }
  Reply Get(const std::string& path) { return client_->Get(path, Auth()); }
  std::string Created(const std::string& path, const std::string& body) {
    Reply reply = Post(path, body);
    EXPECT_LT(reply.status, 300u) << path << " " << reply.body;
    return Field(reply.body, "id");
  }
  // A sent invoice of `lines` (JSON objects) for a new customer.
  std::string SentInvoice(const std::string& lines, const std::string& extra = "") {
    static int customers = 0;
    std::string customer = Created(
        "/v1/customers",
        R"({"name":"Zoë Durand","company_name":"Café Lumière SARL","email":"zoe)" +
            std::to_string(++customers) +
            R"(@lumiere.fr",)"
            R"("billing_address":{"street":"12 rue des Lilas","city":"Lyon","postal_code":"69001",)"
            R"("country":"FR"}})");
    std::string invoice =
        Created("/v1/invoices", R"({"customer_id":")" + customer + R"(","line_items":[)" + lines +
                                    "]" + extra + "}");
    EXPECT_EQ(Post("/v1/invoices/" + invoice + "/send", "").status, 200u);
    return invoice;
  }
  // The PDF at `path`, saved; its text by pdftotext (layout kept).
  std::string Text(const std::string& pdf, const std::string& name) {
    std::string file = dir_->Sub(name + ".pdf");
    std::ofstream(file, std::ios::binary) << pdf;
    return Output("pdftotext -layout " + file + " -");
  }
  int Pages(const std::string& pdf, const std::string& name) {
    std::string file = dir_->Sub(name + ".pdf");
    std::ofstream(file, std::ios::binary) << pdf;
    std::smatch match;
    std::string info = Output("pdfinfo " + file);
    if (!std::regex_search(info, match, std::regex("Pages:\\s+(\\d+)"))) return 0;
    return std::stoi(match[1]);
  }

  static TempDir* dir_;
  static ServerProcess* server_;
  std::unique_ptr<HttpClient> client_;
};
TempDir* DocumentsTest::dir_ = nullptr;
ServerProcess* DocumentsTest::server_ = nullptr;

TEST_F(DocumentsTest, AnInvoicePdfSaysWhatTheInvoiceSays) {
  ASSERT_EQ(client_
                ->Send(boost::beast::http::verb::patch, "/v1/organization",
                       R"({"legal_name":"Atelier Nord GmbH","tax_id":"DE123456789"})", Auth())
                .status,
            200u);
  std::string invoice = SentInvoice(
      R"({"description":"Website redesign","quantity":40,"unit_price":150,"unit":"hour","tax_rate":10},)"
      R"({"description":"Hosting 東京リージョン","quantity":1,"unit_price":1200,"tax_rate":20},)"
      R"({"description":"Setup fee","quantity":1,"unit_price":99.5,"discount_type":"percent","discount_value":10})",
      R"(,"notes":"Thank you for your business","terms":"Net 30","reference":"PO-7781")");
  std::string number = Field(Get("/v1/invoices/" + invoice).body, "number");
  Reply pdf = Get("/v1/invoices/" + invoice + "/pdf");
  ASSERT_EQ(pdf.status, 200u) << pdf.body;
  EXPECT_EQ(pdf.headers["Content-Type"], "application/pdf");
  EXPECT_EQ(pdf.headers["Content-Disposition"],
            "attachment; filename=\"Invoice_" + number + ".pdf\"");
  ASSERT_TRUE(pdf.body.starts_with("%PDF-"));
  std::string text = Text(pdf.body, "invoice");
  ASSERT_FALSE(text.empty()) << "pdftotext could not read it";
  for (const std::string& expected :
       {number, std::string("Atelier Nord GmbH"), std::string("DE123456789"),
        std::string("Café Lumière SARL"), std::string("Zoë Durand"), std::string("Lyon"),
        std::string("Website redesign"), std::string("Hosting 東京リージョン"),
        std::string("Setup fee"), std::string("PO-7781"), std::string("10%"), std::string("20%"),
        std::string("$6,000.00"), std::string("$1,200.00"), std::string("$89.55"),
        // Tax per rate: 10% of 6,000.00 and 20% of 1,200.00; the total and what is due.
        std::string("$600.00"), std::string("$240.00"), std::string("$8,129.55"),
        std::string("Amount due"), std::string("Thank you for your business"),
        std::string("Net 30"), std::string("Page 1 of 1")}) {
    EXPECT_THAT(text, HasSubstr(expected)) << text;
  }
  // An issued invoice's PDF is the same file every time.
  Reply again = Get("/v1/invoices/" + invoice + "/pdf");
  EXPECT_EQ(again.body, pdf.body);
  // After a payment it says so (a new version, a new file).
  ASSERT_EQ(Post("/v1/payments",
                 R"({"invoice_id":")" + invoice + R"(","amount":1000,"payment_method":"card"})")
                .status,
            201u);
  std::string paid = Text(Get("/v1/invoices/" + invoice + "/pdf").body, "paid");
  EXPECT_THAT(paid, HasSubstr("$7,129.55"));
  EXPECT_THAT(paid, HasSubstr("Amount paid"));
}

TEST_F(DocumentsTest, FiveHundredLinesRunOverPagesWithTheirHeaderAndPageNumbers) {
  std::string lines;
  for (int i = 1; i <= 500; ++i) {
    if (i > 1) lines += ",";
    lines += R"({"description":"Item number )" + std::to_string(i) +
             (i % 50 == 0 ? " with a long description that the table must wrap onto more than "
                            "one line of its column, as real invoices often have"
                          : "") +
             R"(","quantity":1,"unit_price":)" + std::to_string(i) + "}";
  }
  std::string invoice = SentInvoice(lines);
  Reply pdf = Get("/v1/invoices/" + invoice + "/pdf");
  ASSERT_EQ(pdf.status, 200u) << pdf.body;
  int pages = Pages(pdf.body, "long");
  EXPECT_GT(pages, 5);
  std::string text = Text(pdf.body, "long");
  EXPECT_THAT(text, HasSubstr("Item number 1 "));
  EXPECT_THAT(text, HasSubstr("Item number 500"));
  EXPECT_THAT(text, HasSubstr("Page " + std::to_string(pages) + " of " + std::to_string(pages)));
  // The table's header on every page the rows continue on.
  std::string file = dir_->Sub("long.pdf");
  for (int page = 1; page <= pages; ++page) {
    std::string one = Output("pdftotext -f " + std::to_string(page) + " -l " +
                             std::to_string(page) + " " + file + " -");
    if (one.find("Item number") == std::string::npos) continue;
    EXPECT_THAT(one, HasSubstr("Description")) << "page " << page;
    EXPECT_THAT(one, HasSubstr("Unit price")) << "page " << page;
  }
  // 1 + 2 + … + 500 = 125,250.00
  EXPECT_THAT(text, HasSubstr("$125,250.00"));
}

TEST_F(DocumentsTest, LocaleAndTemplateShapeTheDocument) {
  std::string invoice =
      SentInvoice(R"({"description":"Consultoria","quantity":1.5,"unit_price":1234.56})");
  Reply pt = Get("/v1/invoices/" + invoice + "/pdf?locale=pt-BR&template_id=tmpl_modern");
  ASSERT_EQ(pt.status, 200u) << pt.body;
  std::string text = Text(pt.body, "pt");
  EXPECT_THAT(text, HasSubstr("Fatura"));
  EXPECT_THAT(text, HasSubstr("Valor devido"));
  EXPECT_THAT(text, HasSubstr("1,5"));
  EXPECT_THAT(text, HasSubstr("1.851,84"));  // 1.5 × 1,234.56
  EXPECT_THAT(text, HasSubstr("Página 1 de 1"));
  Reply es = Get("/v1/invoices/" + invoice + "/pdf?locale=es-ES&template_id=tmpl_compact");
  ASSERT_EQ(es.status, 200u);
  std::string spanish = Text(es.body, "es");
  EXPECT_THAT(spanish, HasSubstr("Importe pendiente"));
  EXPECT_THAT(spanish, HasSubstr("1.851,84"));
  EXPECT_NE(es.body, pt.body);
  Reply classic = Get("/v1/invoices/" + invoice + "/pdf");
  EXPECT_NE(classic.body, pt.body);

  Reply bad_locale = Get("/v1/invoices/" + invoice + "/pdf?locale=xx-YY");
  EXPECT_EQ(bad_locale.status, 422u);
  EXPECT_EQ(Field(bad_locale.body, "param"), "locale");
  Reply bad_template = Get("/v1/invoices/" + invoice + "/pdf?template_id=tmpl_fancy");
  EXPECT_EQ(bad_template.status, 422u);
  EXPECT_EQ(Field(bad_template.body, "param"), "template_id");
  EXPECT_EQ(Get("/v1/invoices/" + invoice + "/pdf?colour=red").status, 400u);
  EXPECT_EQ(Get("/v1/invoices/inv_01m8nds5fs67ykd3cva4qwfhja/pdf").status, 404u);
}

TEST_F(DocumentsTest, ADraftIsMarkedAsSuch) {
  std::string customer = Created("/v1/customers", R"({"name":"Draft Co"})");
  std::string invoice =
      Created("/v1/invoices", R"({"customer_id":")" + customer +
                                  R"(","line_items":[{"description":"Plan","unit_price":10}]})");
  std::string text = Text(Get("/v1/invoices/" + invoice + "/pdf").body, "draft");
  EXPECT_THAT(text, HasSubstr("DRAFT"));
  EXPECT_THAT(text, Not(HasSubstr("Amount due")));
}

TEST_F(DocumentsTest, CreditNotesAndReceiptsHaveTheirPdfs) {
  std::string invoice = SentInvoice(R"({"description":"Chairs","quantity":4,"unit_price":50})");
  std::string number = Field(Get("/v1/invoices/" + invoice).body, "number");
  std::string note =
      Created("/v1/credit-notes",
              R"({"invoice_id":")" + invoice + R"(","amount":30,"reason":"One chair scratched"})");
  Reply note_pdf = Get("/v1/credit-notes/" + note + "/pdf");
  ASSERT_EQ(note_pdf.status, 200u) << note_pdf.body;
  EXPECT_EQ(note_pdf.headers["Content-Disposition"],
            "attachment; filename=\"CreditNote_" + number + "-CN-01.pdf\"");
  std::string note_text = Text(note_pdf.body, "note");
  EXPECT_THAT(note_text, HasSubstr("Credit note"));
  EXPECT_THAT(note_text, HasSubstr(number));
  EXPECT_THAT(note_text, HasSubstr("$30.00"));
  EXPECT_THAT(note_text, HasSubstr("One chair scratched"));

  std::string payment =
      Created("/v1/payments", R"({"invoice_id":")" + invoice +
                                  R"(","amount":70,"payment_method":"bank_transfer"})");
  Reply receipt = Get("/v1/payments/" + payment + "/pdf");
  ASSERT_EQ(receipt.status, 200u) << receipt.body;
  std::string receipt_text = Text(receipt.body, "receipt");
  EXPECT_THAT(receipt_text, HasSubstr("Payment receipt"));
  EXPECT_THAT(receipt_text, HasSubstr(number));
  EXPECT_THAT(receipt_text, HasSubstr("$70.00"));
  EXPECT_THAT(receipt_text, HasSubstr("$100.00"));  // 200 − 30 credited − 70 paid
  EXPECT_EQ(Get("/v1/payments/pay_01m8nds5fs67ykd3cva4qwfhja/pdf").status, 404u);
}

}  // namespace
}  // namespace factura::e2e
