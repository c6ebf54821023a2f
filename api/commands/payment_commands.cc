#include "api/commands/payment_commands.h"

#include "api/aggregate_reader.h"
#include "api/commands/command_support.h"
#include "api/render.h"
#include "domain/ids.h"

namespace factura::api::commands {

Command RecordPayment(domain::RecordPayment command) {
  return [command = std::move(command)](Workspace& ws) -> domain::Result<Outcome> {
    const domain::InvoiceState* invoice = nullptr;
    const domain::CustomerState* customer = nullptr;
    if (domain::ValidateId(command.invoice_id, domain::kInvoicePrefix, "invoice_id")) {
      auto loaded = ws.Load<domain::InvoiceState>(command.invoice_id);
      if (loaded && (*loaded)->exists) {
        invoice = *loaded;
        auto owner = ws.Load<domain::CustomerState>(invoice->content.customer.customer_id);
        customer = owner ? *owner : nullptr;
      }
    }
    auto organization = ws.Load<domain::OrganizationState>(ws.meta().organization_id);
    if (!organization) return std::unexpected(organization.error());
    domain::PaymentContext context{ws.now(),
                                   ws.NewId(domain::kPaymentPrefix),
                                   [&ws](std::string_view prefix) { return ws.NewId(prefix); },
                                   invoice,
                                   customer,
                                   *organization};
    auto events = domain::Decide(domain::PaymentState{}, command, context);
    if (!events) return std::unexpected(events.error());
    domain::PaymentState after = FoldEvents(domain::PaymentState{}, *events);
    return Deferred(std::move(*events), Effect::kCreated, std::move(after), PaymentJson);
  };
}

Command RefundPayment(std::string id, domain::RefundPayment command) {
  return
      [id = std::move(id), command = std::move(command)](Workspace& ws) -> domain::Result<Outcome> {
        if (!domain::ValidateId(id, domain::kPaymentPrefix, "id")) return NotFound("payment", id);
        auto payment = ws.Load<domain::PaymentState>(id);
        if (!payment) return std::unexpected(payment.error());
        if (!(*payment)->exists) return NotFound("payment", id);
        auto invoice = ws.Load<domain::InvoiceState>((*payment)->invoice_id);
        auto customer = ws.Load<domain::CustomerState>((*payment)->customer_id);
        domain::PaymentContext context{
            ws.now(), "", [&ws](std::string_view prefix) { return ws.NewId(prefix); },
            invoice ? *invoice : nullptr, customer ? *customer : nullptr};
        auto events = domain::Decide(**payment, command, context);
        if (!events) return std::unexpected(events.error());
        domain::PaymentState after = FoldEvents(**payment, *events);
        return Deferred(std::move(*events), Effect::kChanged, std::move(after), RefundedJson);
      };
}

}  // namespace factura::api::commands
