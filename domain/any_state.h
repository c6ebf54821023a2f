#pragma once
// Any aggregate's state: what the command processor, reads by id and the projector hold.

#include <optional>
#include <string_view>
#include <variant>

#include "domain/api_key/api_key.h"
#include "domain/credit_note/credit_note.h"
#include "domain/customer/customer.h"
#include "domain/identity/invitation.h"
#include "domain/identity/oauth_client.h"
#include "domain/identity/roles.h"
#include "domain/identity/session.h"
#include "domain/identity/user.h"
#include "domain/invoice/invoice.h"
#include "domain/organization/organization.h"
#include "domain/payment/payment.h"
#include "domain/product/product.h"
#include "domain/tax_rate/tax_rate.h"
#include "domain/webhook_endpoint/webhook_endpoint.h"

namespace factura::domain {

using AnyState =
    std::variant<OrganizationState, CustomerState, ProductState, TaxRateState, InvoiceState,
                 PaymentState, WebhookEndpointState, ApiKeyState, CreditNoteState, UserState,
                 SessionState, InvitationState, RoleState, OAuthClientState>;

// The empty state of the aggregate `aggregate_id` names by its prefix (`inv_…`: an
// InvoiceState); nullopt for an id of no aggregate kind.
std::optional<AnyState> EmptyStateFor(std::string_view aggregate_id);

}  // namespace factura::domain
