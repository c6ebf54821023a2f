#include "domain/any_state.h"

#include "domain/ids.h"

namespace factura::domain {

std::optional<AnyState> EmptyStateFor(std::string_view aggregate_id) {
  if (HasIdPrefix(aggregate_id, kOrganizationPrefix)) return OrganizationState{};
  if (HasIdPrefix(aggregate_id, kCustomerPrefix)) return CustomerState{};
  if (HasIdPrefix(aggregate_id, kProductPrefix)) return ProductState{};
  if (HasIdPrefix(aggregate_id, kTaxRatePrefix)) return TaxRateState{};
  if (HasIdPrefix(aggregate_id, kInvoicePrefix)) return InvoiceState{};
  if (HasIdPrefix(aggregate_id, kPaymentPrefix)) return PaymentState{};
  if (HasIdPrefix(aggregate_id, kWebhookPrefix)) return WebhookEndpointState{};
  if (HasIdPrefix(aggregate_id, kApiKeyPrefix)) return ApiKeyState{};
  if (HasIdPrefix(aggregate_id, kCreditNotePrefix)) return CreditNoteState{};
  if (HasIdPrefix(aggregate_id, kUserPrefix)) return UserState{};
  if (HasIdPrefix(aggregate_id, kSessionPrefix)) return SessionState{};
  if (HasIdPrefix(aggregate_id, kInvitationPrefix)) return InvitationState{};
  if (HasIdPrefix(aggregate_id, kRolePrefix)) return RoleState{};
  if (HasIdPrefix(aggregate_id, kOAuthClientPrefix)) return OAuthClientState{};
  return std::nullopt;
}

}  // namespace factura::domain
