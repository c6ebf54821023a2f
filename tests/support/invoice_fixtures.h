#pragma once
// A small world for aggregate tests: one organization (USD, "INV", net 30), a customer, a
// product and tax rates, with a context that finds them, as the command processor would.

#include <map>
#include <string>

#include "domain/customer/customer.h"
#include "domain/invoice/invoice.h"
#include "domain/organization/organization.h"
#include "domain/payment/payment.h"
#include "domain/product/product.h"
#include "domain/tax_rate/tax_rate.h"
#include "tests/support/domain_testing.h"

namespace factura::domain::testing {

inline Timestamp At(std::string_view rfc3339) { return ParseTimestamp(rfc3339).value(); }

class InvoiceWorld {
 public:
  InvoiceWorld() {
    now = At("2025-01-15T10:30:00Z");
    organization = Given<OrganizationState>({OrganizationCreated{
        "org_1", "Factura Test", FindCurrency("USD").value(), "INV", 30, now}});
    CustomerProfile profile{.name = "ACME Corporation",
                            .email = "billing@acme.com",
                            .billing_address = Address{"123 Main Street", std::nullopt,
                                                       "San Francisco", "CA", "94105", "US"}};
    customer = Given<CustomerState>({CustomerCreated{"cus_acme", profile, now}});
    tax_rates["tax_gst_10"] = Given<TaxRateState>({TaxRateCreated{
        "tax_gst_10", "GST (10%)", "GST", Percent{100000}, "AU", std::nullopt, false, now}});
    tax_rates["tax_old"] =
        Given<TaxRateState>({TaxRateCreated{"tax_old", "Old", "VAT", Percent{50000}, std::nullopt,
                                            std::nullopt, false, now},
                             TaxRateArchived{"tax_old", now}});
    products["prod_hosting"] = Given<ProductState>(
        {ProductCreated{"prod_hosting", "Annual Web Hosting", std::nullopt, std::nullopt,
                        Money{120000, FindCurrency("USD").value()}, std::nullopt, "tax_gst_10",
                        std::nullopt, now}});
    products["prod_retired"] =
        Given<ProductState>({ProductCreated{"prod_retired", "Retired", std::nullopt, std::nullopt,
                                            Money{100, FindCurrency("USD").value()}, std::nullopt,
                                            std::nullopt, std::nullopt, now},
                             ProductArchived{"prod_retired", now}});
    products["prod_euro"] = Given<ProductState>({ProductCreated{
        "prod_euro", "Euro thing", std::nullopt, std::nullopt,
        Money{100, FindCurrency("EUR").value()}, std::nullopt, std::nullopt, std::nullopt, now}});
  }

  InvoiceContext Context(std::string new_invoice_id = "inv_1") {
    InvoiceContext context;
    context.now = now;
    context.new_invoice_id = std::move(new_invoice_id);
    context.new_id = [this](std::string_view prefix) { return ids(prefix); };
    context.organization = &organization;
    context.numbers = &numbers;
    context.customer = &customer;
    context.find_product = [this](std::string_view id) -> const ProductState* {
      auto it = products.find(std::string(id));
      return it == products.end() ? nullptr : &it->second;
    };
    context.find_tax_rate = [this](std::string_view id) -> const TaxRateState* {
      auto it = tax_rates.find(std::string(id));
      return it == tax_rates.end() ? nullptr : &it->second;
    };
    return context;
  }

  // Seed 000 §4.1.1's request.
  static CreateInvoice SeedInvoice() {
    return CreateInvoice{
        .customer_id = "cus_acme",
        .issue_date = "2025-01-15",
        .due_date = "2025-02-14",
        .line_items = {LineItemInput{.description = "Web Development Services",
                                     .quantity = "40",
                                     .unit_price = "150.00",
                                     .tax_rate_id = "tax_gst_10"},
                       LineItemInput{.product_id = "prod_hosting", .quantity = "1"}},
        .discount = DiscountInput{"percent", "10"},
        .notes = "Payment due within 30 days",
        .terms = "Net 30"};
  }

  static CreateInvoice SimpleInvoice(std::string amount = "100.00") {
    return CreateInvoice{
        .customer_id = "cus_acme",
        .issue_date = "2025-01-15",
        .due_date = "2025-02-14",
        .line_items = {LineItemInput{.description = "Work", .unit_price = std::move(amount)}}};
  }

  // Decides and folds a creation, keeping the organization's sequence and the registry in step.
  InvoiceState Create(const CreateInvoice& command, std::string id = "inv_1") {
    auto decided = Decide(InvoiceState{}, command, Context(id));
    EXPECT_TRUE(decided.has_value())
        << (decided ? "" : decided.error().code + " " + decided.error().param);
    if (!decided) return {};
    organization = Then(std::move(organization), decided);
    for (const Event& e : *decided) {
      if (auto* reserved = std::get_if<InvoiceNumberReserved>(&e)) {
        numbers.numbers.insert(reserved->number);
      }
    }
    return Then(InvoiceState{}, decided);
  }

  InvoiceState Issued(const CreateInvoice& command, std::string id = "inv_1") {
    InvoiceState draft = Create(command, std::move(id));
    auto sent = Decide(draft, SendInvoice{}, Context());
    return Then(std::move(draft), sent);
  }

  PaymentContext PaymentContextFor(const InvoiceState& invoice, std::string payment_id = "pay_1") {
    PaymentContext context;
    context.now = now;
    context.new_payment_id = std::move(payment_id);
    context.new_id = [this](std::string_view prefix) { return ids(prefix); };
    context.invoice = &invoice;
    context.customer = &customer;
    return context;
  }

  Timestamp now;
  OrganizationState organization;
  CustomerState customer;
  std::map<std::string, TaxRateState> tax_rates;
  std::map<std::string, ProductState> products;
  SetRegistry numbers;
  CountingIds ids;
};

}  // namespace factura::domain::testing
