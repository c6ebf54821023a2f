// Request bodies of customers, the catalog, payments, webhooks, API keys and the organization
// read into domain commands, without a server: what each field becomes, omitted against null in
// updates, and which error names which field.
#include <gtest/gtest.h>

#include "api/http/api_key_bodies.h"
#include "api/http/catalog_bodies.h"
#include "api/http/customer_bodies.h"
#include "api/http/organization_bodies.h"
#include "api/http/payment_bodies.h"
#include "api/http/webhook_bodies.h"

namespace factura::api {
namespace {

// The error a parse gave, as "code param".
template <typename T>
std::string ErrorOf(const domain::Result<T>& parsed) {
  if (parsed) return "parsed";
  return parsed.error().code + " " + parsed.error().param;
}

TEST(ResourceBodiesTest, CustomersReadEveryFieldAndTellOmittedFromNull) {
  auto created = ParseCreateCustomer(R"({"name":"ACME","email":"a@acme.com","currency":"EUR",
    "payment_terms":14,"billing_address":{"street":"1 Main St","city":"Lisbon","country":"PT"}})");
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->name, "ACME");
  EXPECT_EQ(created->email, "a@acme.com");
  EXPECT_EQ(created->currency, "EUR");
  EXPECT_EQ(created->payment_terms_days, 14);
  ASSERT_TRUE(created->billing_address);
  EXPECT_EQ(created->billing_address->city, "Lisbon");

  auto updated = ParseUpdateCustomer(R"({"email":null,"name":"ACME Ltd"})", false);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_TRUE(updated->email.clears());
  EXPECT_TRUE(updated->name.sets());
  EXPECT_FALSE(updated->phone.sets() || updated->phone.clears());  // omitted: unchanged

  EXPECT_EQ(ErrorOf(ParseCreateCustomer(R"({"email":"a@b.c"})")), "missing_field name");
  EXPECT_EQ(ErrorOf(ParseCreateCustomer(R"({"name":"A","vip":true})")), "unknown_parameter vip");
  EXPECT_EQ(ErrorOf(ParseCreateCustomer(R"({"name":"A","billing_address":{"street":"x"}})")),
            "missing_field billing_address.city");
  EXPECT_EQ(ErrorOf(ParseCreateCustomer(R"({"name":5})")), "invalid_type name");
}

TEST(ResourceBodiesTest, TheCatalogKeepsPricesAsTextAndAcceptsSeedNames) {
  auto product = ParseCreateProduct(
      R"({"name":"Hosting","unit_price":1200.10,"sku":"H-1","tax_profile_id":"tax_gst_10"})");
  ASSERT_TRUE(product) << product.error().message;
  EXPECT_EQ(product->unit_price, "1200.10");  // exact text, never a double
  EXPECT_EQ(product->tax_rate_id, "tax_gst_10");
  EXPECT_EQ(ErrorOf(ParseCreateProduct(R"({"name":"Hosting"})")), "missing_field unit_price");
  EXPECT_EQ(ErrorOf(ParseCreateProduct(R"({"name":"H","unit_price":"12"})")),
            "invalid_type unit_price");

  auto product_update = ParseUpdateProduct(R"({"sku":null,"unit_price":15})");
  ASSERT_TRUE(product_update) << product_update.error().message;
  EXPECT_TRUE(product_update->sku.clears());
  EXPECT_EQ(product_update->unit_price.value(), "15");

  auto rate = ParseCreateTaxRate(R"({"name":"GST","rate":10,"inclusive":true})");
  ASSERT_TRUE(rate) << rate.error().message;
  EXPECT_EQ(rate->rate, "10");
  EXPECT_TRUE(rate->inclusive);
  EXPECT_EQ(ErrorOf(ParseCreateTaxRate(R"({"rate":10})")), "missing_field name");
  auto rate_update = ParseUpdateTaxRate(R"({"jurisdiction":null})");
  ASSERT_TRUE(rate_update) << rate_update.error().message;
  EXPECT_TRUE(rate_update->jurisdiction.clears());
  EXPECT_EQ(ErrorOf(ParseUpdateTaxRate(R"({"percent":3})")), "unknown_parameter percent");
}

TEST(ResourceBodiesTest, PaymentsAndRefundsReadAmountsAsText) {
  auto payment = ParsePayment(R"({"invoice_id":"inv_1","amount":99.95,
    "payment_method":"bank_transfer","payment_date":"2025-02-01","reference":"TX-9"})");
  ASSERT_TRUE(payment) << payment.error().message;
  EXPECT_EQ(payment->amount, "99.95");
  EXPECT_EQ(payment->payment_method, "bank_transfer");
  EXPECT_EQ(payment->reference, "TX-9");
  EXPECT_EQ(ErrorOf(ParsePayment(R"({"invoice_id":"inv_1","payment_method":"card"})")),
            "missing_field amount");
  EXPECT_EQ(ErrorOf(ParsePayment(R"({"amount":1,"payment_method":"card"})")),
            "missing_field invoice_id");

  auto everything = ParseRefund("");  // an empty body: refund all that is refundable
  ASSERT_TRUE(everything) << everything.error().message;
  EXPECT_FALSE(everything->amount);
  auto part = ParseRefund(R"({"amount":10,"reason":"damaged"})");
  ASSERT_TRUE(part) << part.error().message;
  EXPECT_EQ(part->amount, "10");
  EXPECT_EQ(part->reason, "damaged");
  EXPECT_EQ(ErrorOf(ParseRefund(R"({"amount":"ten"})")), "invalid_type amount");
}

TEST(ResourceBodiesTest, WebhooksApiKeysAndTheOrganization) {
  auto endpoint = ParseCreateWebhook(
      R"({"url":"https://example.com/h","events":["invoice.paid"],"description":"ERP"})");
  ASSERT_TRUE(endpoint) << endpoint.error().message;
  EXPECT_EQ(endpoint->events, std::vector<std::string>{"invoice.paid"});
  EXPECT_EQ(ErrorOf(ParseCreateWebhook(R"({"url":"https://example.com/h"})")),
            "missing_field events");
  auto endpoint_update = ParseUpdateWebhook(R"({"active":false,"description":null})");
  ASSERT_TRUE(endpoint_update) << endpoint_update.error().message;
  EXPECT_TRUE(endpoint_update->active.sets() && !endpoint_update->active.value());
  EXPECT_TRUE(endpoint_update->description.clears());
  auto rotation = ParseRotate("");
  ASSERT_TRUE(rotation);
  EXPECT_EQ(ErrorOf(ParseRotate(R"({"overlap_hours":500})")), "invalid_overlap overlap_hours");

  auto key = ParseCreateApiKey(R"({"name":"CI","scopes":["invoices:read"]})");
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->scopes, std::vector<std::string>{"invoices:read"});
  EXPECT_EQ(ErrorOf(ParseCreateApiKey(R"({"scopes":[]})")), "missing_field name");

  auto settings = ParseUpdateOrganization(R"({"invoice_number_prefix":"ACME","payment_terms":7})");
  ASSERT_TRUE(settings) << settings.error().message;
  EXPECT_EQ(settings->invoice_number_prefix.value(), "ACME");
  EXPECT_EQ(settings->payment_terms_days.value(), 7);
  EXPECT_FALSE(settings->name.sets() || settings->name.clears());
  EXPECT_EQ(ErrorOf(ParseUpdateOrganization(R"({"plan":"gold"})")), "unknown_parameter plan");
  EXPECT_EQ(ErrorOf(ParseUpdateOrganization(R"({"payment_terms":"7"})")),
            "invalid_type payment_terms");
}

}  // namespace
}  // namespace factura::api
