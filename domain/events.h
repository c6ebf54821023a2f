#pragma once
// Every domain event, as one variant: what decisions return, what the event store records and
// what projections fold.
//
// Each event names the aggregate whose stream it belongs to by its first id field, so a decision
// that touches several aggregates (recording a payment touches the payment, the invoice and the
// customer) returns one list and `StreamOf` sorts it into streams.
//
//   for (const Event& e : *events) store.Append(StreamOf(e), e);

#include <string_view>
#include <variant>
#include <vector>

#include "domain/api_key/api_key_events.h"
#include "domain/credit_note/credit_note_events.h"
#include "domain/customer/customer_events.h"
#include "domain/identity/identity_events.h"
#include "domain/invoice/invoice_events.h"
#include "domain/organization/organization_events.h"
#include "domain/payment/payment_events.h"
#include "domain/product/product_events.h"
#include "domain/tax_rate/tax_rate_events.h"
#include "domain/webhook_endpoint/webhook_endpoint_events.h"

namespace factura::domain {

// The order of alternatives is not a wire format (the store records `kType`), but keep new
// events at the end of their aggregate's group for readability.
using Event = std::variant<
    // Organization
    OrganizationCreated, OrganizationSettingsUpdated, InvoiceNumberReserved, PaymentNumberReserved,
    OrganizationPlanChanged,
    // Customer
    CustomerCreated, CustomerUpdated, CustomerDeleted, CustomerCreditAdjusted,
    // Product
    ProductCreated, ProductUpdated, ProductArchived, ProductUnarchived,
    // TaxRate
    TaxRateCreated, TaxRateUpdated, TaxRateArchived,
    // Invoice
    InvoiceDrafted, InvoiceDraftUpdated, InvoiceDeleted, InvoiceIssued, InvoiceSent, InvoiceViewed,
    PaymentApplied, InvoicePaid, RefundApplied, InvoiceOverdue, InvoiceVoided,
    InvoiceMarkedUncollectible, CreditNoteIssued, InvoiceTemplateChosen, CustomerCreditApplied,
    InvoiceAmended, InvoicePublicLinkChanged,
    // Payment
    PaymentRecorded, PaymentRefunded,
    // CreditNote
    CreditNoteCreated,
    // WebhookEndpoint
    WebhookEndpointCreated, WebhookEndpointUpdated, WebhookEndpointSecretRotated,
    WebhookEndpointDisabled, WebhookEndpointDeleted,
    // ApiKey
    ApiKeyCreated, ApiKeyRevoked, ApiKeyRateLimitSet,
    // User (identity tenant)
    UserRegistered, UserStatusChanged, UserProfileUpdated, UserPasswordChanged,
    UserPasswordResetRequested, UserMembershipChanged,
    // Session (identity tenant)
    SessionStarted, SessionRefreshed, SessionRevoked, OAuthCodeIssued,
    // Invitation (identity tenant)
    InvitationCreated, InvitationAccepted, InvitationRevoked, InvitationCustomerLinked,
    // Role (the organization's tenant)
    RoleCreated, RoleUpdated, RoleDeleted,
    // OAuthClient (identity tenant)
    OAuthClientRegistered, OAuthClientUpdated, OAuthClientSecretRotated, OAuthClientDeleted>;

using Events = std::vector<Event>;

// The stable wire name, e.g. "InvoiceDrafted".
[[nodiscard]] std::string_view EventType(const Event& event);

// The id of the aggregate whose stream the event belongs to.
[[nodiscard]] std::string_view StreamOf(const Event& event);

// The timestamp the decision gave the event.
[[nodiscard]] Timestamp OccurredAt(const Event& event);

}  // namespace factura::domain
