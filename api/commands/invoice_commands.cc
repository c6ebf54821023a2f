#include "api/commands/invoice_commands.h"

#include "api/aggregate_reader.h"
#include "api/commands/command_support.h"
#include "api/render.h"
#include "domain/ids.h"

namespace factura::api::commands {
namespace {

// Everything an invoice decision may look at, loaded through the workspace.
domain::InvoiceContext InvoiceContextFor(Workspace& ws, std::string new_invoice_id,
                                         std::string_view customer_id) {
  domain::InvoiceContext context;
  context.now = ws.now();
  context.actor = ws.meta().actor;
  context.new_invoice_id = std::move(new_invoice_id);
  context.new_id = [&ws](std::string_view prefix) { return ws.NewId(prefix); };
  auto organization = ws.Load<domain::OrganizationState>(ws.meta().organization_id);
  context.organization = organization ? *organization : nullptr;
  context.numbers = &ws.invoice_numbers();
  if (domain::ValidateId(customer_id, domain::kCustomerPrefix, "customer_id")) {
    auto customer = ws.Load<domain::CustomerState>(customer_id);
    context.customer = customer ? *customer : nullptr;
  }
  context.find_product = [&ws](std::string_view id) -> const domain::ProductState* {
    auto product = ws.Load<domain::ProductState>(id);
    return product ? *product : nullptr;
  };
  context.customer_outstanding =
      [&ws, customer = std::string(customer_id)](std::string_view currency) -> int64_t {
    auto owed = ws.CustomerOutstanding(customer, currency);
    return owed ? *owed : INT64_MAX;  // unknown: refuse rather than overrun the limit
  };
  context.find_tax_rate = [&ws](std::string_view id) -> const domain::TaxRateState* {
    auto rate = ws.Load<domain::TaxRateState>(id);
    return rate ? *rate : nullptr;
  };
  return context;
}

// The organization's invoice `id`, existing and not deleted. Errors: kNotFound.
domain::Result<const domain::InvoiceState*> ExistingInvoice(Workspace& ws, const std::string& id) {
  if (!domain::ValidateId(id, domain::kInvoicePrefix, "id")) return NotFound("invoice", id);
  auto invoice = ws.Load<domain::InvoiceState>(id);
  if (!invoice) return std::unexpected(invoice.error());
  if (!(*invoice)->exists || (*invoice)->deleted) return NotFound("invoice", id);
  return *invoice;
}

// Renders the invoice later (Deferred) with its hosted page's address, found now: the
// workspace is gone by then.
auto InvoiceRenderer(const Workspace& ws, const domain::InvoiceState& after) {
  return [public_url = ws.PublicUrlOf(after)](const domain::InvoiceState& invoice) {
    return InvoiceJson(invoice, public_url);
  };
}

}  // namespace

Command CreateInvoice(domain::CreateInvoice command) {
  return [command = std::move(command)](Workspace& ws) -> domain::Result<Outcome> {
    std::string id = ws.NewId(domain::kInvoicePrefix);
    domain::InvoiceContext context = InvoiceContextFor(ws, id, command.customer_id);
    auto events = domain::Decide(domain::InvoiceState{}, command, context);
    if (!events) return std::unexpected(events.error());
    domain::InvoiceState after = FoldEvents(domain::InvoiceState{}, *events);
    auto render = InvoiceRenderer(ws, after);
    return Deferred(std::move(*events), Effect::kCreated, std::move(after), std::move(render));
  };
}

Command ChangeInvoice(std::string id, domain::InvoiceCommand command,
                      std::optional<uint64_t> expected) {
  return [id = std::move(id), command = std::move(command),
          expected](Workspace& ws) -> domain::Result<Outcome> {
    auto invoice = ExistingInvoice(ws, id);
    if (!invoice) return std::unexpected(invoice.error());
    FACTURA_TRY(CheckVersion(expected, (*invoice)->version));
    std::string customer_id = (*invoice)->content.customer.customer_id;
    if (const auto* update = std::get_if<domain::UpdateInvoice>(&command)) {
      if (update->customer_id.sets()) customer_id = update->customer_id.value();
    }
    domain::InvoiceContext context = InvoiceContextFor(ws, "", customer_id);
    auto events = domain::Decide(**invoice, command, context);
    if (!events) return std::unexpected(events.error());
    if (std::holds_alternative<domain::DeleteInvoice>(command)) {
      return Outcome{std::move(*events), Effect::kDeleted};
    }
    domain::InvoiceState after = FoldEvents(**invoice, *events);
    auto render = InvoiceRenderer(ws, after);
    return Deferred(std::move(*events), Effect::kChanged, std::move(after), std::move(render));
  };
}

Command MarkInvoicePaid(domain::MarkInvoicePaid command) {
  return [command = std::move(command)](Workspace& ws) -> domain::Result<Outcome> {
    auto invoice = ExistingInvoice(ws, command.invoice_id);
    if (!invoice) return std::unexpected(invoice.error());
    auto customer = ws.Load<domain::CustomerState>((*invoice)->content.customer.customer_id);
    auto organization = ws.Load<domain::OrganizationState>(ws.meta().organization_id);
    if (!organization) return std::unexpected(organization.error());
    domain::PaymentContext context{ws.now(),
                                   ws.NewId(domain::kPaymentPrefix),
                                   [&ws](std::string_view prefix) { return ws.NewId(prefix); },
                                   *invoice,
                                   customer ? *customer : nullptr,
                                   *organization};
    auto events = domain::Decide(domain::PaymentState{}, command, context);
    if (!events) return std::unexpected(events.error());
    std::pair after{FoldEvents(**invoice, *events), FoldEvents(domain::PaymentState{}, *events)};
    std::optional<std::string> public_url = ws.PublicUrlOf(after.first);
    return Deferred(std::move(*events), Effect::kChanged, std::move(after),
                    [public_url](const auto& states) {
                      return MarkedPaidJson(states.first, public_url, states.second);
                    });
  };
}

}  // namespace factura::api::commands
