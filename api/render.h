#pragma once
// Resources as the API shows them (seed 000's field names): amounts in the currency's digits,
// dates ISO 8601, instants RFC 3339. One function per resource, shared by every endpoint that
// returns it.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/http/json_writer.h"
#include "domain/api_key/api_key_state.h"
#include "domain/credit_note/credit_note_state.h"
#include "domain/customer/customer_state.h"
#include "domain/invoice/invoice_state.h"
#include "domain/organization/organization_state.h"
#include "domain/payment/payment_state.h"
#include "domain/product/product_state.h"
#include "domain/tax_rate/tax_rate_state.h"
#include "domain/webhook_endpoint/webhook_endpoint_state.h"

namespace factura::api {

// What a customer owes over its open invoices (sent, partially paid, overdue): `balance`, a
// number in `currency` (the customer's, else the organization's), and `balances`, every currency.
struct CustomerBalance {
  std::string currency;
  std::vector<std::pair<std::string, int64_t>> owed;  // (currency, minor units)
};
void WriteBalance(JsonWriter& json, const CustomerBalance& balance);
// A customer; with its balance on the /v1/customers routes, which read it from the read models
// (webhook payloads and `expand=customer` show the customer's own state, without it).
void WriteCustomer(JsonWriter& json, const domain::CustomerState& customer,
                   const CustomerBalance* balance = nullptr);
std::string CustomerJson(const domain::CustomerState& customer,
                         const CustomerBalance* balance = nullptr);

// `public_url`: the hosted page's address (documents::PublicUrl), null when it has none.
void WriteInvoice(JsonWriter& json, const domain::InvoiceState& invoice,
                  const std::optional<std::string>& public_url);
std::string InvoiceJson(const domain::InvoiceState& invoice,
                        const std::optional<std::string>& public_url);
// POST /v1/invoices/{id}/mark-paid's answer (seed 000 §4.1.9): the invoice and its `payment`.
std::string MarkedPaidJson(const domain::InvoiceState& invoice,
                           const std::optional<std::string>& public_url,
                           const domain::PaymentState& payment);

void WritePayment(JsonWriter& json, const domain::PaymentState& payment);
std::string PaymentJson(const domain::PaymentState& payment);
// A credit note as the API shows it (the list writes the same members from its row).
void WriteCreditNote(JsonWriter& json, const domain::CreditNoteState& note);
std::string CreditNoteJson(const domain::CreditNoteState& note);
// POST /v1/payments/{id}/refund's answer (seed 000 §4.3.3): the payment and the `refund` made.
std::string RefundedJson(const domain::PaymentState& payment);

void WriteProduct(JsonWriter& json, const domain::ProductState& product);
std::string ProductJson(const domain::ProductState& product);

void WriteTaxRate(JsonWriter& json, const domain::TaxRateState& rate);
std::string TaxRateJson(const domain::TaxRateState& rate);

// The secret only where it is shown once: on creation and rotation.
void WriteWebhookEndpoint(JsonWriter& json, const domain::WebhookEndpointState& endpoint,
                          const std::optional<std::string>& secret);
// `secret`: the signing secret in clear, shown once (on creation and rotation); the state holds
// it sealed.
std::string WebhookEndpointJson(const domain::WebhookEndpointState& endpoint,
                                const std::optional<std::string>& secret);

// The secret only where it is shown once: on creation.
void WriteApiKey(JsonWriter& json, const domain::ApiKeyState& key,
                 const std::optional<std::string>& secret);
std::string ApiKeyJson(const domain::ApiKeyState& key, const std::optional<std::string>& secret);

void WriteOrganization(JsonWriter& json, const domain::OrganizationState& organization);
std::string OrganizationJson(const domain::OrganizationState& organization);

}  // namespace factura::api
