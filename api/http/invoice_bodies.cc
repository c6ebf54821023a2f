#include "api/http/invoice_bodies.h"

#include "api/http/json_input.h"

namespace factura::api {
namespace {

domain::Result<std::vector<domain::LineItemInput>> ParseLines(JsonFields& f) {
  auto objects = f.OptionalObjectArray("line_items");
  if (!objects) return std::unexpected(objects.error());
  std::vector<domain::LineItemInput> lines;
  if (!*objects) return lines;
  for (JsonFields& line_fields : **objects) {
    domain::LineItemInput line;
    FACTURA_TRY(line_fields.ReadStrings({{"description", &line.description},
                                         {"product_id", &line.product_id},
                                         {"unit", &line.unit},
                                         {"tax_rate_id", &line.tax_rate_id},
                                         {"type", &line.type},
                                         {"discount_type", &line.discount_type}}));
    if (!line.tax_rate_id) {
      FACTURA_TRY(line_fields.ReadStrings({{"tax_profile_id", &line.tax_rate_id}}));
    }
    FACTURA_TRY(line_fields.ReadNumbers({{"quantity", &line.quantity},
                                         {"unit_price", &line.unit_price},
                                         {"tax_rate", &line.tax_percent},
                                         {"discount_value", &line.discount_value}}));
    FACTURA_TRY(line_fields.RejectUnknownFields());
    lines.push_back(std::move(line));
  }
  return lines;
}

domain::Result<std::optional<domain::DiscountInput>> ParseDiscount(JsonFields& f) {
  auto type = f.OptionalString("discount_type");
  if (!type) return std::unexpected(type.error());
  auto value = f.OptionalNumber("discount_value");
  if (!value) return std::unexpected(value.error());
  if (!*type && !*value) return std::optional<domain::DiscountInput>{};
  if (!*type) return domain::Invalid("missing_field", "discount_type", "Give the discount's type");
  if (!*value)
    return domain::Invalid("missing_field", "discount_value", "Give the discount's value");
  return std::optional(domain::DiscountInput{**type, **value});
}

domain::Result<std::optional<domain::InvoiceTaxInput>> ParseTax(JsonFields& f) {
  auto object = f.OptionalObject("tax");
  if (!object) return std::unexpected(object.error());
  if (!*object) return std::optional<domain::InvoiceTaxInput>{};
  JsonFields& t = **object;
  domain::InvoiceTaxInput tax;
  FACTURA_TRY(t.ReadStrings({{"tax_rate_id", &tax.tax_rate_id},
                             {"name", &tax.name},
                             {"exempt_reason", &tax.exempt_reason}}));
  FACTURA_TRY(t.ReadNumbers({{"rate", &tax.rate}}));
  auto exempt = t.OptionalBool("exempt");
  if (!exempt) return std::unexpected(exempt.error());
  tax.exempt = exempt->value_or(false);
  FACTURA_TRY(t.RejectUnknownFields());
  return std::optional(tax);
}

}  // namespace

// The description of the one line of an invoice created from a total alone.
constexpr std::string_view kTotalLineDescription = "Amount invoiced";

domain::Result<domain::CreateInvoice> ParseCreateInvoice(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::CreateInvoice command;
  auto customer = f.RequiredString("customer_id");
  if (!customer) return std::unexpected(customer.error());
  command.customer_id = *customer;
  FACTURA_TRY(f.ReadStrings({{"number", &command.number},
                             {"currency", &command.currency},
                             {"issue_date", &command.issue_date},
                             {"due_date", &command.due_date},
                             {"notes", &command.notes},
                             {"terms", &command.terms},
                             {"reference", &command.reference},
                             {"template_id", &command.template_id}}));
  auto auto_send = f.OptionalBool("auto_send");
  if (!auto_send) return std::unexpected(auto_send.error());
  command.auto_send = auto_send->value_or(false);
  bool has_lines = f.Has("line_items");
  auto lines = ParseLines(f);
  if (!lines) return std::unexpected(lines.error());
  command.line_items = std::move(*lines);
  // Seed 000's shortest form (§7, the SDKs): a total alone is a one-line invoice for it.
  auto total = f.OptionalNumber("total");
  if (!total) return std::unexpected(total.error());
  if (*total) {
    if (has_lines) {
      return domain::Invalid("total_with_line_items", "total",
                             "Give line_items or a total, not both: the total follows the lines");
    }
    command.line_items.push_back(domain::LineItemInput{
        .description = std::string(kTotalLineDescription), .quantity = "1", .unit_price = **total});
  }
  auto discount = ParseDiscount(f);
  if (!discount) return std::unexpected(discount.error());
  command.discount = *discount;
  auto tax = ParseTax(f);
  if (!tax) return std::unexpected(tax.error());
  command.tax = *tax;
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

domain::Result<domain::UpdateInvoice> ParseUpdateInvoice(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::UpdateInvoice command;
  for (auto [key, into] : {std::pair{"customer_id", &command.customer_id},
                           {"currency", &command.currency},
                           {"issue_date", &command.issue_date},
                           {"due_date", &command.due_date},
                           {"notes", &command.notes},
                           {"terms", &command.terms},
                           {"reference", &command.reference},
                           {"template_id", &command.template_id}}) {
    auto value = f.PatchString(key);
    if (!value) return std::unexpected(value.error());
    *into = *value;
  }
  if (f.PresenceOf("line_items") == JsonFields::Presence::kNull) {
    command.line_items = domain::Patch<std::vector<domain::LineItemInput>>::Null();
  } else if (f.Has("line_items")) {
    auto lines = ParseLines(f);
    if (!lines) return std::unexpected(lines.error());
    command.line_items = domain::Patch<std::vector<domain::LineItemInput>>::Set(std::move(*lines));
  }
  bool discount_null =
      f.Has("discount_type") && f.PresenceOf("discount_type") == JsonFields::Presence::kNull;
  if (discount_null) {
    command.discount = domain::Patch<domain::DiscountInput>::Null();
    f.PresenceOf("discount_value");
  } else {
    auto discount = ParseDiscount(f);
    if (!discount) return std::unexpected(discount.error());
    if (*discount) command.discount = domain::Patch<domain::DiscountInput>::Set(**discount);
  }
  if (f.Has("tax") && f.PresenceOf("tax") == JsonFields::Presence::kNull) {
    command.tax = domain::Patch<domain::InvoiceTaxInput>::Null();
  } else {
    auto tax = ParseTax(f);
    if (!tax) return std::unexpected(tax.error());
    if (*tax) command.tax = domain::Patch<domain::InvoiceTaxInput>::Set(**tax);
  }
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

domain::Result<domain::SendInvoice> ParseSend(std::string_view body) {
  auto parsed = JsonBody::ParseOptional(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::SendInvoice command;
  for (auto [key, into] :
       {std::pair{"to", &command.to}, {"cc", &command.cc}, {"bcc", &command.bcc}}) {
    auto value = f.OptionalStringArray(key);
    if (!value) return std::unexpected(value.error());
    if (*value) *into = std::move(**value);
  }
  FACTURA_TRY(f.ReadStrings({{"subject", &command.subject}, {"message", &command.message}}));
  // Seed 000's delivery options: accepted; PDFs and copies come with e-mail delivery.
  for (const char* option : {"attach_pdf", "send_copy_to_self"}) {
    auto flag = f.OptionalBool(option);
    if (!flag) return std::unexpected(flag.error());
  }
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

domain::Result<void> ParseNoParameters(std::string_view body) {
  auto parsed = JsonBody::ParseOptional(body);
  if (!parsed) return std::unexpected(parsed.error());
  return parsed->fields().RejectUnknownFields();
}

domain::Result<domain::ApplyCustomerCredit> ParseApplyCredit(std::string_view body) {
  auto parsed = JsonBody::ParseOptional(body);
  if (!parsed) return std::unexpected(parsed.error());
  domain::ApplyCustomerCredit command;
  FACTURA_TRY(parsed->fields().ReadNumbers({{"amount", &command.amount}}));
  FACTURA_TRY(parsed->fields().RejectUnknownFields());
  return command;
}

domain::Result<std::optional<std::string>> ParseReason(std::string_view body) {
  auto parsed = JsonBody::ParseOptional(body);
  if (!parsed) return std::unexpected(parsed.error());
  auto reason = parsed->fields().OptionalString("reason");
  if (!reason) return std::unexpected(reason.error());
  FACTURA_TRY(parsed->fields().RejectUnknownFields());
  return *reason;
}

domain::Result<domain::MarkInvoicePaid> ParseMarkPaid(std::string_view body, std::string id) {
  auto parsed = JsonBody::ParseOptional(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::MarkInvoicePaid command{.invoice_id = std::move(id)};
  std::optional<std::string> method;
  FACTURA_TRY(f.ReadStrings({{"payment_method", &method},
                             {"payment_date", &command.payment_date},
                             {"reference", &command.reference}}));
  if (method) command.payment_method = *method;
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

}  // namespace factura::api
