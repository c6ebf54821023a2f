#include "api/http/credit_note_bodies.h"

#include "api/http/json_input.h"

namespace factura::api {

domain::Result<domain::CreateCreditNote> ParseCreditNote(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::CreateCreditNote command;
  auto invoice = f.RequiredString("invoice_id");
  if (!invoice) return std::unexpected(invoice.error());
  command.invoice_id = *invoice;
  FACTURA_TRY(f.ReadNumbers({{"amount", &command.amount}}));
  FACTURA_TRY(f.ReadStrings({{"reason", &command.reason}}));
  auto lines = f.OptionalObjectArray("lines");
  if (!lines) return std::unexpected(lines.error());
  if (*lines) {
    for (JsonFields& line_fields : **lines) {
      domain::CreditNoteLineInput line;
      std::optional<std::string> description, unit_price;
      FACTURA_TRY(line_fields.ReadStrings({{"description", &description}}));
      FACTURA_TRY(
          line_fields.ReadNumbers({{"quantity", &line.quantity}, {"unit_price", &unit_price}}));
      FACTURA_TRY(line_fields.RejectUnknownFields());
      line.description = description.value_or("");
      line.unit_price = unit_price.value_or("");
      command.lines.push_back(std::move(line));
    }
  }
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

}  // namespace factura::api
