// Organization, customer, product and tax-rate rules.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/customer/customer.h"
#include "domain/organization/organization.h"
#include "domain/product/product.h"
#include "domain/tax_rate/tax_rate.h"
#include "domain/text.h"
#include "tests/support/invoice_fixtures.h"

namespace factura::domain {
namespace {

using testing::At;
using ::testing::ElementsAre;
using testing::EventAt;
using testing::Given;
using testing::IsRejected;
using testing::IsRejectedOn;
using testing::Then;
using testing::TypesOf;

const Timestamp kNow = At("2025-01-15T10:30:00Z");

TEST(OrganizationTest, CreatedWithDefaultsAndSettingsUpdatedPartially) {
  OrganizationContext context{kNow, "org_1"};
  auto created = Decide(OrganizationState{},
                        CreateOrganization{.name = "Acme", .default_currency = "EUR"}, context);
  OrganizationState organization = Then(OrganizationState{}, created);
  EXPECT_EQ(organization.invoice_number_prefix, "INV");
  EXPECT_EQ(organization.payment_terms_days, 30);
  EXPECT_EQ(organization.default_currency.code(), "EUR");
  EXPECT_THAT(Decide(organization, CreateOrganization{"Again", "EUR"}, context),
              IsRejected("organization_exists"));
  auto updated =
      Decide(organization,
             UpdateOrganizationSettings{.invoice_number_prefix = Patch<std::string>::Set("ACME"),
                                        .payment_terms_days = Patch<int32_t>::Set(14)},
             context);
  organization = Then(organization, updated);
  EXPECT_EQ(organization.invoice_number_prefix, "ACME");
  EXPECT_EQ(organization.payment_terms_days, 14);
  EXPECT_EQ(organization.name, "Acme");
}

TEST(OrganizationTest, RejectsBadSettings) {
  OrganizationContext context{kNow, "org_1"};
  EXPECT_THAT(Decide(OrganizationState{}, CreateOrganization{"", "USD"}, context),
              IsRejectedOn("missing_field", "name"));
  EXPECT_THAT(Decide(OrganizationState{}, CreateOrganization{"A", "US"}, context),
              IsRejectedOn("unsupported_currency", "default_currency"));
  EXPECT_THAT(Decide(OrganizationState{}, CreateOrganization{"A", "USD", "IN V"}, context),
              IsRejectedOn("invalid_invoice_number_prefix", "invoice_number_prefix"));
  EXPECT_THAT(
      Decide(OrganizationState{}, CreateOrganization{"A", "USD", std::nullopt, -1}, context),
      IsRejectedOn("invalid_payment_terms", "payment_terms_days"));
  EXPECT_THAT(Decide(OrganizationState{}, UpdateOrganizationSettings{}, context),
              IsRejected("organization_not_found"));
}

TEST(OrganizationTest, NumbersAreFormattedWithAtLeastFourDigits) {
  EXPECT_EQ(FormatDocumentNumber("INV", 2025, 1), "INV-2025-0001");
  EXPECT_EQ(FormatDocumentNumber("INV", 2025, 12345), "INV-2025-12345");
}

CreateCustomer AcmeCustomer() {
  return CreateCustomer{.name = "ACME Corporation",
                        .company_name = "ACME Corporation",
                        .email = "billing@acme.com",
                        .phone = "+1-555-0100",
                        .billing_address = Address{"123 Main Street", std::nullopt, "San Francisco",
                                                   "CA", "94105", "US"},
                        .payment_terms_days = 30,
                        .currency = "USD",
                        .tax_number = "12-3456789"};
}

TEST(CustomerTest, CreatedUpdatedWithSeed004SemanticsAndDeleted) {
  CustomerContext context{kNow, "cus_1", false};
  CustomerState customer = Then(CustomerState{}, Decide(CustomerState{}, AcmeCustomer(), context));
  EXPECT_EQ(customer.profile.currency->code(), "USD");
  auto updated = Decide(customer,
                        UpdateCustomer{.email = Patch<std::string>::Set("ap@acme.com"),
                                       .phone = Patch<std::string>::Null()},
                        context);
  customer = Then(customer, updated);
  EXPECT_EQ(customer.profile.email, "ap@acme.com");
  EXPECT_FALSE(customer.profile.phone.has_value());      // null clears
  EXPECT_EQ(customer.profile.tax_number, "12-3456789");  // omitted stays
  EXPECT_THAT(TypesOf(Decide(customer, DeleteCustomer{}, context)), ElementsAre("CustomerDeleted"));
  CustomerState deleted = Then(customer, Decide(customer, DeleteCustomer{}, context));
  EXPECT_THAT(Decide(deleted, UpdateCustomer{}, context), IsRejected("customer_not_found"));
}

TEST(CustomerTest, CannotBeDeletedWhileItHasInvoices) {
  CustomerState customer = Then(
      CustomerState{}, Decide(CustomerState{}, AcmeCustomer(), CustomerContext{kNow, "cus_1"}));
  auto decided = Decide(customer, DeleteCustomer{}, CustomerContext{kNow, "", true});
  EXPECT_THAT(decided, IsRejected("customer_has_invoices"));
  EXPECT_EQ(decided.error().kind, ErrorKind::kFailedPrecondition);
}

TEST(CustomerTest, InvalidProfilesNameTheirField) {
  CustomerContext context{kNow, "cus_1"};
  auto with = [&](auto mutate) {
    CreateCustomer command = AcmeCustomer();
    mutate(command);
    return Decide(CustomerState{}, command, context);
  };
  EXPECT_THAT(with([](auto& c) { c.name = "  "; }), IsRejectedOn("missing_field", "name"));
  EXPECT_THAT(with([](auto& c) { c.email = "not-an-email"; }),
              IsRejectedOn("invalid_email", "email"));
  EXPECT_THAT(with([](auto& c) { c.billing_address->country = "USA"; }),
              IsRejectedOn("invalid_country", "billing_address.country"));
  EXPECT_THAT(with([](auto& c) { c.billing_address->city = ""; }),
              IsRejectedOn("missing_field", "billing_address.city"));
  EXPECT_THAT(with([](auto& c) { c.currency = "XXX"; }),
              IsRejectedOn("unsupported_currency", "currency"));
  EXPECT_THAT(with([](auto& c) { c.payment_terms_days = 99999; }),
              IsRejectedOn("invalid_payment_terms", "payment_terms"));
  EXPECT_THAT(with([](auto& c) { c.name = std::string(kMaxNameLength + 1, 'a'); }),
              IsRejectedOn("text_too_long", "name"));
  EXPECT_THAT(with([](auto& c) { c.name = "bad\xff"; }), IsRejectedOn("invalid_text", "name"));
  EXPECT_THAT(with([](auto& c) { c.name = std::string("nul\0byte", 8); }),
              IsRejectedOn("invalid_text", "name"));
  CustomerState customer = Then(CustomerState{}, Decide(CustomerState{}, AcmeCustomer(), context));
  EXPECT_THAT(Decide(customer, UpdateCustomer{.name = Patch<std::string>::Null()}, context),
              IsRejectedOn("field_not_nullable", "name"));
}

TEST(CustomerTest, CreditAdjustmentsNeverTakeTheBalanceBelowZero) {
  CustomerContext context{kNow, "cus_1"};
  CustomerState customer = Then(CustomerState{}, Decide(CustomerState{}, AcmeCustomer(), context));
  auto granted = Decide(customer, AdjustCustomerCredit{"25.00", "USD", "goodwill"}, context);
  customer = Then(customer, granted);
  EXPECT_EQ(customer.CreditIn("USD"), 2500);
  EXPECT_EQ(EventAt<CustomerCreditAdjusted>(granted, 0).balance_after_minor, 2500);
  EXPECT_THAT(Decide(customer, AdjustCustomerCredit{"-25.01", "USD", "use"}, context),
              IsRejectedOn("insufficient_credit", "amount"));
  EXPECT_THAT(Decide(customer, AdjustCustomerCredit{"-1", "EUR", "use"}, context),
              IsRejectedOn("insufficient_credit", "amount"));
  EXPECT_THAT(Decide(customer, AdjustCustomerCredit{"0", "USD", "none"}, context),
              IsRejectedOn("invalid_amount", "amount"));
}

TEST(TaxRateTest, ChosenIdsAreUniqueAndRatesBounded) {
  TaxRateContext context{kNow, "tax_generated"};
  CreateTaxRate gst{.id = "tax_gst_10", .name = "GST (10%)", .type = "GST", .rate = "10"};
  TaxRateState rate = Then(TaxRateState{}, Decide(TaxRateState{}, gst, context));
  EXPECT_EQ(rate.id, "tax_gst_10");
  EXPECT_EQ(rate.rate.ten_thousandths, 100000);
  EXPECT_THAT(Decide(rate, gst, context), IsRejectedOn("tax_rate_exists", "id"));
  CreateTaxRate bad = gst;
  bad.rate = "1000.0001";
  EXPECT_THAT(Decide(TaxRateState{}, bad, context), IsRejectedOn("invalid_tax_rate", "rate"));
  bad.rate = "8.12345";
  EXPECT_THAT(Decide(TaxRateState{}, bad, context), IsRejectedOn("too_many_decimals", "rate"));
  bad = gst;
  bad.id = "tax_../x";
  EXPECT_THAT(Decide(TaxRateState{}, bad, context), IsRejectedOn("invalid_id", "id"));
  CreateTaxRate generated{.name = "VAT", .rate = "19", .inclusive = true};
  EXPECT_EQ(Then(TaxRateState{}, Decide(TaxRateState{}, generated, context)).id, "tax_generated");
}

TEST(TaxRateTest, ArchivedRatesCannotBeChanged) {
  TaxRateContext context{kNow, "tax_1"};
  TaxRateState rate = Then(
      TaxRateState{}, Decide(TaxRateState{}, CreateTaxRate{.name = "T", .rate = "5"}, context));
  rate = Then(rate, Decide(rate, UpdateTaxRate{.rate = Patch<std::string>::Set("6")}, context));
  EXPECT_EQ(rate.rate.ten_thousandths, 60000);
  rate = Then(rate, Decide(rate, ArchiveTaxRate{}, context));
  EXPECT_TRUE(rate.archived);
  EXPECT_THAT(Decide(rate, ArchiveTaxRate{}, context), IsRejected("tax_rate_archived"));
  EXPECT_THAT(Decide(rate, UpdateTaxRate{}, context), IsRejected("tax_rate_archived"));
}

TEST(ProductTest, CreatedInTheOrganizationsCurrencyWithAValidTaxRate) {
  TaxRateState gst = Given<TaxRateState>({TaxRateCreated{
      "tax_gst_10", "GST", "GST", Percent{100000}, std::nullopt, std::nullopt, false, kNow}});
  ProductContext context{kNow, "prod_1", FindCurrency("USD").value(), &gst};
  CreateProduct web{.name = "Web Development Services",
                    .sku = "WEB-DEV-001",
                    .unit_price = "150.00",
                    .unit = "hour",
                    .tax_rate_id = "tax_gst_10",
                    .category = "Services"};
  ProductState product = Then(ProductState{}, Decide(ProductState{}, web, context));
  EXPECT_EQ(product.unit_price, (Money{15000, FindCurrency("USD").value()}));
  EXPECT_TRUE(product.is_active());
  product =
      Then(product,
           Decide(product, UpdateProduct{.unit_price = Patch<std::string>::Set("175")}, context));
  EXPECT_EQ(product.unit_price.minor_units, 17500);
  product = Then(product, Decide(product, ArchiveProduct{}, context));
  EXPECT_FALSE(product.is_active());
  EXPECT_THAT(Decide(product, ArchiveProduct{}, context), IsRejected("product_archived"));
  EXPECT_THAT(Decide(product, UpdateProduct{}, context), IsRejected("product_archived"));
  product = Then(product, Decide(product, UnarchiveProduct{}, context));
  EXPECT_TRUE(product.is_active());
}

TEST(ProductTest, InvalidProductsNameTheirField) {
  ProductContext context{kNow, "prod_1", FindCurrency("JPY").value(), nullptr};
  EXPECT_THAT(Decide(ProductState{}, CreateProduct{.name = "A", .unit_price = "1.5"}, context),
              IsRejectedOn("too_many_decimals", "unit_price"));
  EXPECT_THAT(Decide(ProductState{}, CreateProduct{.name = "A", .unit_price = "-1"}, context),
              IsRejectedOn("invalid_unit_price", "unit_price"));
  EXPECT_THAT(
      Decide(ProductState{},
             CreateProduct{.name = "A", .unit_price = "1", .tax_rate_id = "tax_none"}, context),
      IsRejectedOn("tax_rate_not_found", "tax_rate_id"));
  EXPECT_THAT(Decide(ProductState{}, CreateProduct{.name = "", .unit_price = "1"}, context),
              IsRejectedOn("missing_field", "name"));
  EXPECT_THAT(Decide(ProductState{}, UpdateProduct{}, context), IsRejected("product_not_found"));
}

}  // namespace
}  // namespace factura::domain
