#pragma once
// Any aggregate's state: what the command processor caches and reads by id return.

#include <variant>

#include "domain/api_key/api_key.h"
#include "domain/customer/customer.h"
#include "domain/invoice/invoice.h"
#include "domain/organization/organization.h"
#include "domain/payment/payment.h"
#include "domain/product/product.h"
#include "domain/tax_rate/tax_rate.h"
#include "domain/webhook_endpoint/webhook_endpoint.h"

namespace factura::api {

using AnyState =
    std::variant<domain::OrganizationState, domain::CustomerState, domain::ProductState,
                 domain::TaxRateState, domain::InvoiceState, domain::PaymentState,
                 domain::WebhookEndpointState, domain::ApiKeyState>;

}  // namespace factura::api
