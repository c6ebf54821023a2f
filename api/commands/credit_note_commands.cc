#include "api/commands/credit_note_commands.h"

#include "api/aggregate_reader.h"
#include "api/commands/command_support.h"
#include "api/render.h"
#include "domain/ids.h"

namespace factura::api::commands {

Command CreateCreditNote(domain::CreateCreditNote command) {
  return [command = std::move(command)](Workspace& ws) -> domain::Result<Outcome> {
    const domain::InvoiceState* invoice = nullptr;
    const domain::CustomerState* customer = nullptr;
    if (domain::ValidateId(command.invoice_id, domain::kInvoicePrefix, "invoice_id")) {
      auto loaded = ws.Load<domain::InvoiceState>(command.invoice_id);
      if (!loaded) return std::unexpected(loaded.error());
      if ((*loaded)->exists) {
        invoice = *loaded;
        auto owner = ws.Load<domain::CustomerState>(invoice->content.customer.customer_id);
        customer = owner ? *owner : nullptr;
      }
    }
    domain::CreditNoteContext context{ws.now(), ws.NewId(domain::kCreditNotePrefix), invoice,
                                      customer};
    auto events = domain::Decide(domain::CreditNoteState{}, command, context);
    if (!events) return std::unexpected(events.error());
    domain::CreditNoteState after = FoldEvents(domain::CreditNoteState{}, *events);
    return Deferred(std::move(*events), Effect::kCreated, std::move(after), CreditNoteJson);
  };
}

}  // namespace factura::api::commands
