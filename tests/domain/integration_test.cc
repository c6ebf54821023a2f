// Webhook endpoints, API keys, and the event list as a whole.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "domain/api_key/api_key.h"
#include "domain/webhook_endpoint/webhook_endpoint.h"
#include "tests/support/invoice_fixtures.h"

namespace factura::domain {
namespace {

using testing::At;
using testing::IsRejected;
using testing::IsRejectedOn;
using testing::Then;

const Timestamp kNow = At("2025-01-15T10:30:00Z");

TEST(WebhookEndpointTest, CreatedUpdatedRotatedDisabledDeleted) {
  WebhookEndpointContext context{kNow, "wh_1", "whsec_one"};
  CreateWebhookEndpoint create{
      "https://example.com/hooks", {"invoice.created", "invoice.paid"}, "Production"};
  WebhookEndpointState hook =
      Then(WebhookEndpointState{}, Decide(WebhookEndpointState{}, create, context));
  EXPECT_TRUE(hook.active);
  EXPECT_EQ(hook.SigningSecrets(kNow), std::vector<std::string>{"whsec_one"});

  WebhookEndpointContext rotate_context{kNow, "", "whsec_two"};
  hook = Then(hook, Decide(hook, RotateWebhookSecret{.overlap_hours = 1}, rotate_context));
  EXPECT_EQ(hook.SigningSecrets(kNow), (std::vector<std::string>{"whsec_two", "whsec_one"}));
  EXPECT_EQ(hook.SigningSecrets(At("2025-01-15T11:30:00Z")), std::vector<std::string>{"whsec_two"});

  hook = Then(hook, Decide(hook, DisableWebhookEndpoint{"gone"}, context));
  EXPECT_FALSE(hook.active);
  EXPECT_EQ(hook.disabled_reason, "gone");
  EXPECT_THAT(Decide(hook, DisableWebhookEndpoint{"gone"}, context),
              IsRejected("webhook_disabled"));
  hook = Then(hook, Decide(hook, UpdateWebhookEndpoint{.active = Patch<bool>::Set(true)}, context));
  EXPECT_TRUE(hook.active);
  EXPECT_FALSE(hook.disabled_reason.has_value());
  hook = Then(hook, Decide(hook, DeleteWebhookEndpoint{}, context));
  EXPECT_THAT(Decide(hook, DeleteWebhookEndpoint{}, context), IsRejected("webhook_not_found"));
}

TEST(WebhookEndpointTest, RejectsBadUrlsAndUnknownEventTypes) {
  WebhookEndpointContext context{kNow, "wh_1", "whsec_one"};
  auto create = [&](std::string url, std::vector<std::string> events = {"*"}) {
    return Decide(WebhookEndpointState{}, CreateWebhookEndpoint{std::move(url), std::move(events)},
                  context);
  };
  for (std::string url : std::vector<std::string>{
           "ftp://example.com", "example.com/hook", "https://", "https:///path",
           "https://user:pass@example.com/", "https://exa mple.com",
           "https://example.com:99999999/", "https://example.com:/x", "https://[::1/",
           "https://" + std::string(2100, 'a') + ".com"}) {
    EXPECT_THAT(create(url), IsRejectedOn("invalid_url", "url")) << url;
  }
  EXPECT_TRUE(create("http://127.0.0.1:8080/hook").has_value());  // SSRF is checked on resolve
  EXPECT_TRUE(create("https://[::1]:8443/x?y=1").has_value());
  EXPECT_THAT(create("https://example.com", {"invoice.created", "invoice.exploded"}),
              IsRejectedOn("invalid_event_type", "events[1]"));
  EXPECT_THAT(create("https://example.com", {}), IsRejectedOn("events_required", "events"));
}

TEST(ApiKeyTest, CreatedWithScopesExpiresAndIsRevoked) {
  ApiKeyContext context{kNow, "ak_1", std::string(64, 'a'), "cdef"};
  auto created = Decide(ApiKeyState{},
                        CreateApiKey{"Production Server",
                                     {"invoices:read", "invoices:write", "invoices:read"},
                                     "2026-01-15T00:00:00Z"},
                        context);
  ApiKeyState key = Then(ApiKeyState{}, created);
  EXPECT_EQ(key.scopes, (std::vector<std::string>{"invoices:read", "invoices:write"}));
  EXPECT_TRUE(key.HasScope("invoices:write"));
  EXPECT_FALSE(key.HasScope("payments:write"));
  EXPECT_TRUE(key.IsUsableAt(kNow));
  EXPECT_FALSE(key.IsUsableAt(At("2026-01-15T00:00:00Z")));
  key = Then(key, Decide(key, RevokeApiKey{}, context));
  EXPECT_FALSE(key.IsUsableAt(kNow));
  EXPECT_THAT(Decide(key, RevokeApiKey{}, context), IsRejected("api_key_revoked"));
}

TEST(ApiKeyTest, RejectsUnknownScopesAndPastExpiry) {
  ApiKeyContext context{kNow, "ak_1", std::string(64, 'a'), "cdef"};
  EXPECT_THAT(Decide(ApiKeyState{}, CreateApiKey{"k", {"invoices:read", "root"}}, context),
              IsRejectedOn("invalid_scope", "scopes[1]"));
  EXPECT_THAT(Decide(ApiKeyState{}, CreateApiKey{"k", {}}, context),
              IsRejectedOn("scopes_required", "scopes"));
  EXPECT_THAT(
      Decide(ApiKeyState{}, CreateApiKey{"k", {"invoices:read"}, "2020-01-01T00:00:00Z"}, context),
      IsRejectedOn("expiry_in_past", "expires_at"));
  EXPECT_THAT(Decide(ApiKeyState{}, CreateApiKey{"k", {"invoices:read"}, "tomorrow"}, context),
              IsRejectedOn("invalid_timestamp", "expires_at"));
  EXPECT_THAT(Decide(ApiKeyState{}, RevokeApiKey{}, context), IsRejected("api_key_not_found"));
}

// Every alternative of Event has a distinct wire name and names its stream.
template <size_t... I>
std::set<std::string_view> AllTypes(std::index_sequence<I...>) {
  return {std::variant_alternative_t<I, Event>::kType...};
}

TEST(EventsTest, EveryEventTypeHasADistinctWireName) {
  constexpr size_t kCount = std::variant_size_v<Event>;
  EXPECT_EQ(AllTypes(std::make_index_sequence<kCount>{}).size(), kCount);
}

TEST(EventsTest, EachEventBelongsToItsOwnAggregatesStream) {
  Money usd{100, FindCurrency("USD").value()};
  EXPECT_EQ(StreamOf(InvoiceNumberReserved{"org_1", "inv_1", "INV-1", 1, kNow}), "org_1");
  EXPECT_EQ(StreamOf(PaymentApplied{"inv_1", "pay_1", usd, {}, kNow}), "inv_1");
  EXPECT_EQ(StreamOf(PaymentRecorded{.payment_id = "pay_1", .invoice_id = "inv_1"}), "pay_1");
  EXPECT_EQ(StreamOf(CustomerCreditAdjusted{"cus_1", usd, 100, "x", "pay_1", kNow}), "cus_1");
  EXPECT_EQ(StreamOf(RefundApplied{"inv_1", "pay_1", "ref_1", usd, kNow}), "inv_1");
  EXPECT_EQ(EventType(InvoiceVoided{"inv_1", std::nullopt, kNow}), "InvoiceVoided");
  EXPECT_EQ(OccurredAt(InvoiceVoided{"inv_1", std::nullopt, kNow}), kNow);
}

// Events of one aggregate leave another aggregate's state untouched.
TEST(EventsTest, ForeignEventsDoNotChangeAState) {
  testing::InvoiceWorld world;
  InvoiceState invoice = world.Create(testing::InvoiceWorld::SimpleInvoice());
  InvoiceState after = Evolve(invoice, CustomerDeleted{"cus_acme", kNow});
  EXPECT_EQ(after.version, invoice.version);
  EXPECT_EQ(after.status, invoice.status);
}

}  // namespace
}  // namespace factura::domain
