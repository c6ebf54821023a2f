#include "domain/events.h"

namespace factura::domain {
namespace {

template <typename T, typename... Ts>
constexpr bool kIsOneOf = (std::is_same_v<T, Ts> || ...);

// Which field names the event's own aggregate, listed per aggregate so that an event added to
// `Event` without a line here fails to compile.
template <typename T>
std::string_view AggregateId(const T& e) {
  if constexpr (kIsOneOf<T, OrganizationCreated, OrganizationSettingsUpdated, InvoiceNumberReserved,
                         PaymentNumberReserved, OrganizationPlanChanged>) {
    return e.organization_id;
  } else if constexpr (kIsOneOf<T, CustomerCreated, CustomerUpdated, CustomerDeleted,
                                CustomerCreditAdjusted>) {
    return e.customer_id;
  } else if constexpr (kIsOneOf<T, ProductCreated, ProductUpdated, ProductArchived,
                                ProductUnarchived>) {
    return e.product_id;
  } else if constexpr (kIsOneOf<T, TaxRateCreated, TaxRateUpdated, TaxRateArchived>) {
    return e.tax_rate_id;
  } else if constexpr (kIsOneOf<T, InvoiceDrafted, InvoiceDraftUpdated, InvoiceDeleted,
                                InvoiceIssued, InvoiceSent, InvoiceViewed, PaymentApplied,
                                InvoicePaid, RefundApplied, InvoiceOverdue, InvoiceVoided,
                                InvoiceMarkedUncollectible, CreditNoteIssued, InvoiceTemplateChosen,
                                CustomerCreditApplied, InvoiceAmended, InvoicePublicLinkChanged>) {
    return e.invoice_id;
  } else if constexpr (kIsOneOf<T, PaymentRecorded, PaymentRefunded>) {
    return e.payment_id;
  } else if constexpr (kIsOneOf<T, CreditNoteCreated>) {
    return e.credit_note_id;
  } else if constexpr (kIsOneOf<T, WebhookEndpointCreated, WebhookEndpointUpdated,
                                WebhookEndpointSecretRotated, WebhookEndpointDisabled,
                                WebhookEndpointDeleted>) {
    return e.webhook_id;
  } else if constexpr (kIsOneOf<T, UserRegistered, UserStatusChanged, UserProfileUpdated,
                                UserPasswordChanged, UserPasswordResetRequested,
                                UserMembershipChanged>) {
    return e.user_id;
  } else if constexpr (kIsOneOf<T, SessionStarted, SessionRefreshed, SessionRevoked,
                                OAuthCodeIssued>) {
    return e.session_id;
  } else if constexpr (kIsOneOf<T, InvitationCreated, InvitationAccepted, InvitationRevoked,
                                InvitationCustomerLinked>) {
    return e.invitation_id;
  } else if constexpr (kIsOneOf<T, RoleCreated, RoleUpdated, RoleDeleted>) {
    return e.role_id;
  } else if constexpr (kIsOneOf<T, OAuthClientRegistered, OAuthClientUpdated,
                                OAuthClientSecretRotated, OAuthClientDeleted>) {
    return e.client_id;
  } else {
    static_assert(kIsOneOf<T, ApiKeyCreated, ApiKeyRevoked, ApiKeyRateLimitSet>,
                  "list the event's aggregate here");
    return e.api_key_id;
  }
}

}  // namespace

std::string_view EventType(const Event& event) {
  return std::visit([](const auto& e) { return std::remove_cvref_t<decltype(e)>::kType; }, event);
}

std::string_view StreamOf(const Event& event) {
  return std::visit([](const auto& e) { return AggregateId(e); }, event);
}

Timestamp OccurredAt(const Event& event) {
  return std::visit([](const auto& e) { return e.at; }, event);
}

}  // namespace factura::domain
