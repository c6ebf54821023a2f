// The documents' pure parts: locales (labels, numbers, amounts, dates), the invoice's document
// built from its state, and the PDF writer's promise that the same document is the same bytes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/documents/document_locale.h"
#include "api/documents/invoice_document.h"
#include "api/documents/pdf_writer.h"
#include "domain/invoice/invoice_totals.h"

namespace factura::api::documents {
namespace {

using ::testing::ElementsAre;

domain::Currency Code(std::string_view code) { return *domain::FindCurrency(code); }

TEST(DocumentLocaleTest, AmountsAreWrittenAsEachLocaleWritesThem) {
  EXPECT_EQ(FormatMoney(123456, Code("USD"), LocaleFor("en-US")), "$1,234.56");
  EXPECT_EQ(FormatMoney(123456, Code("BRL"), LocaleFor("pt-BR")), "R$\u00a01.234,56");
  EXPECT_EQ(FormatMoney(123456, Code("EUR"), LocaleFor("es-ES")), "1.234,56\u00a0€");
  EXPECT_EQ(FormatMoney(-5, Code("EUR"), LocaleFor("en-US")), "-€0.05");
  EXPECT_EQ(FormatMoney(1234567, Code("JPY"), LocaleFor("en-US")), "¥1,234,567");
  EXPECT_EQ(FormatMoney(100000, Code("CHF"), LocaleFor("en-US")), "CHF\u00a01,000.00");
  EXPECT_EQ(FormatNumber(100000000, 2, LocaleFor("pt-BR")), "1.000.000,00");
}

TEST(DocumentLocaleTest, DatesQuantitiesAndPercents) {
  domain::Date date = *domain::ParseDate("2025-01-15");
  EXPECT_EQ(FormatDocumentDate(date, LocaleFor("en-US")), "01/15/2025");
  EXPECT_EQ(FormatDocumentDate(date, LocaleFor("pt-BR")), "15/01/2025");
  EXPECT_EQ(FormatDocumentQuantity({15000}, LocaleFor("es-ES")), "1,5");
  EXPECT_EQ(FormatDocumentPercent({82500}, LocaleFor("en-US")), "8.25%");
}

TEST(DocumentLocaleTest, ALanguageFindsItsLocaleAndAnythingElseIsEnglish) {
  EXPECT_EQ(LocaleFor("pt").tag, "pt-BR");
  EXPECT_EQ(LocaleFor("es-MX").tag, "es-ES");
  EXPECT_EQ(LocaleFor("de-DE").tag, "en-US");
  EXPECT_TRUE(IsPrintedLocale("es-ES"));
  EXPECT_FALSE(IsPrintedLocale("es"));
  EXPECT_EQ(Fill(LocaleFor("pt-BR").labels.page_of, "{n}", "2"), "Página 2 de {m}");
}

domain::InvoiceState Issued() {
  domain::InvoiceState invoice;
  invoice.exists = true;
  invoice.issued = true;
  invoice.id = "inv_1";
  invoice.number = "INV-2025-0001";
  invoice.version = 2;
  invoice.content.currency = Code("USD");
  invoice.content.issue_date = *domain::ParseDate("2025-01-15");
  invoice.content.due_date = *domain::ParseDate("2025-02-14");
  invoice.content.customer = {"cus_1", "Ana", "ACME", "ana@acme.com", std::nullopt, "TX-9"};
  domain::LineItem work{.description = "Work", .quantity = {400000}, .unit_price_minor = 15000};
  work.tax = domain::AppliedTax{std::nullopt, "GST", {100000}, false};
  invoice.content.line_items = {work};
  invoice.totals = *domain::ComputeTotals(invoice.content.line_items, std::nullopt, {});
  invoice.issued_at = domain::Timestamp{1736937000000000};
  invoice.status = domain::InvoiceStatus::kSent;
  return invoice;
}

TEST(InvoiceDocumentTest, TheDocumentHoldsTheLinesTaxesAndTotals) {
  domain::OrganizationState organization;
  organization.name = "Nord";
  organization.tax_id = "DE1";
  Document d = InvoiceDocument(Issued(), organization, LocaleFor("en-US"), "https://x/i/abc");
  EXPECT_EQ(d.title, "Invoice");
  EXPECT_EQ(d.number, "INV-2025-0001");
  EXPECT_FALSE(d.stamp);
  ASSERT_EQ(d.rows.size(), 1u);
  EXPECT_THAT(d.rows[0], ElementsAre("Work", "40", "", "$150.00", "", "10%", "$6,000.00"));
  std::vector<std::string> values;
  for (const TotalLine& line : d.totals) values.push_back(line.label + "=" + line.value);
  EXPECT_THAT(values, ElementsAre("Subtotal=$6,000.00", "GST (10%) on $6,000.00=$600.00",
                                  "Total=$6,600.00", "Amount due=$6,600.00"));
  EXPECT_EQ(d.buyer.name, "ACME");
  EXPECT_THAT(d.seller.lines, ElementsAre("Tax ID: DE1"));
  EXPECT_EQ(d.qr_payload, "https://x/i/abc");
  EXPECT_EQ(PdfFileName("Invoice", "INV/2025 01"), "Invoice_INV_2025_01.pdf");
}

TEST(PdfWriterTest, TheSameDocumentIsTheSameBytes) {
  domain::OrganizationState organization;
  organization.name = "Nord";
  Document d = InvoiceDocument(Issued(), organization, LocaleFor("en-US"), "https://x/i/abc");
  auto first = WritePdf(d, StyleFor("tmpl_modern", std::nullopt));
  auto second = WritePdf(d, StyleFor("tmpl_modern", std::nullopt));
  ASSERT_TRUE(first && second);
  EXPECT_TRUE(first->starts_with("%PDF-"));
  EXPECT_EQ(*first, *second);
  auto other = WritePdf(d, StyleFor("tmpl_modern", 0xAA0000));
  ASSERT_TRUE(other);
  EXPECT_NE(*other, *first);
}

}  // namespace
}  // namespace factura::api::documents
