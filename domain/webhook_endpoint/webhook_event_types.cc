#include "domain/webhook_endpoint/webhook_event_types.h"

#include <algorithm>

#include "domain/overloaded.h"

namespace factura::domain {

std::vector<std::string_view> WebhookTypesOf(const Event& event, const AnyState& after) {
  using Types = std::vector<std::string_view>;
  return std::visit(
      Overloaded{
          [](const CustomerCreated&) { return Types{"customer.created"}; },
          [](const CustomerUpdated&) { return Types{"customer.updated"}; },
          [](const CustomerCreditAdjusted&) { return Types{"customer.updated"}; },
          [](const CustomerDeleted&) { return Types{"customer.deleted"}; },
          [](const InvoiceDrafted&) { return Types{"invoice.created"}; },
          [](const InvoiceDraftUpdated&) { return Types{"invoice.updated"}; },
          [](const InvoiceDeleted&) { return Types{"invoice.deleted"}; },
          [](const InvoiceSent&) { return Types{"invoice.sent"}; },
          [](const InvoiceViewed&) { return Types{"invoice.viewed"}; },
          [&](const PaymentApplied&) {
            // A payment that settles the invoice is followed by InvoicePaid: `invoice.paid`.
            const auto* invoice = std::get_if<InvoiceState>(&after);
            bool partial = invoice != nullptr && invoice->status == InvoiceStatus::kPartiallyPaid;
            return partial ? Types{"invoice.partially_paid"} : Types{};
          },
          [](const InvoicePaid&) { return Types{"invoice.paid"}; },
          [](const RefundApplied&) { return Types{"invoice.updated"}; },
          [](const InvoiceOverdue&) { return Types{"invoice.overdue"}; },
          [](const InvoiceVoided&) { return Types{"invoice.voided"}; },
          [](const InvoiceMarkedUncollectible&) { return Types{"invoice.updated"}; },
          [](const CreditNoteIssued&) { return Types{"invoice.updated"}; },
          [](const CreditNoteCreated&) { return Types{"credit_note.created"}; },
          [](const InvoiceAmended&) { return Types{"invoice.updated"}; },
          [](const InvoicePublicLinkChanged&) { return Types{"invoice.updated"}; },
          [&](const CustomerCreditApplied&) {
            // Like a payment: one that settles the invoice is followed by InvoicePaid.
            const auto* invoice = std::get_if<InvoiceState>(&after);
            bool partial = invoice != nullptr && invoice->status == InvoiceStatus::kPartiallyPaid;
            return partial ? Types{"invoice.partially_paid"} : Types{};
          },
          // Recorded payments have succeeded (failed ones come from providers, not recorded);
          // seed 000 §4.6.1 names the same moment `payment.received`.
          [](const PaymentRecorded&) {
            return Types{"payment.created", "payment.succeeded", "payment.received"};
          },
          [](const PaymentRefunded&) { return Types{"payment.refunded"}; },
          [](const WebhookEndpointDisabled&) { return Types{"webhook_endpoint.disabled"}; },
          [](const auto&) { return Types{}; },
      },
      event);
}

std::string WebhookEventId(std::string_view event_id, size_t ordinal) {
  std::string id(event_id);
  if (ordinal > 0) id += "_" + std::to_string(ordinal);
  return id;
}

bool IsSubscribed(const std::vector<std::string>& subscribed, std::string_view type) {
  return std::any_of(subscribed.begin(), subscribed.end(),
                     [&](const std::string& entry) { return entry == "*" || entry == type; });
}

}  // namespace factura::domain
