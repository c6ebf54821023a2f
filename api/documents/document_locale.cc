#include "api/documents/document_locale.h"

#include <array>

#include "domain/decimal.h"

namespace factura::api::documents {
namespace {

constexpr DocumentLabels kEnglish{
    .invoice = "Invoice",
    .credit_note = "Credit note",
    .receipt = "Payment receipt",
    .draft = "DRAFT",
    .void_mark = "VOID",
    .paid_mark = "PAID",
    .bill_to = "Bill to",
    .from = "From",
    .number = "Number",
    .issue_date = "Issue date",
    .due_date = "Due date",
    .reference = "Reference",
    .tax_id = "Tax ID",
    .description = "Description",
    .quantity = "Qty",
    .unit = "Unit",
    .unit_price = "Unit price",
    .discount = "Discount",
    .tax = "Tax",
    .amount = "Amount",
    .subtotal = "Subtotal",
    .total = "Total",
    .tax_on = "{name} on {taxable}",
    .amount_paid = "Amount paid",
    .amount_credited = "Credited",
    .amount_due = "Amount due",
    .notes = "Notes",
    .terms = "Terms",
    .payment_instructions = "How to pay",
    .scan_to_pay = "Scan to view and pay online",
    .page_of = "Page {n} of {m}",
    .credited_invoice = "Credits invoice",
    .reason = "Reason",
    .payment_date = "Payment date",
    .payment_method = "Method",
    .received_from = "Received from",
    .amount_received = "Amount received",
    .applied_to = "Applied to invoice",
    .refunded = "Refunded",
};

constexpr DocumentLabels kPortuguese{
    .invoice = "Fatura",
    .credit_note = "Nota de crédito",
    .receipt = "Recibo de pagamento",
    .draft = "RASCUNHO",
    .void_mark = "CANCELADA",
    .paid_mark = "PAGA",
    .bill_to = "Cobrar de",
    .from = "De",
    .number = "Número",
    .issue_date = "Emissão",
    .due_date = "Vencimento",
    .reference = "Referência",
    .tax_id = "CNPJ/CPF",
    .description = "Descrição",
    .quantity = "Qtd.",
    .unit = "Unid.",
    .unit_price = "Preço unit.",
    .discount = "Desconto",
    .tax = "Imposto",
    .amount = "Valor",
    .subtotal = "Subtotal",
    .total = "Total",
    .tax_on = "{name} sobre {taxable}",
    .amount_paid = "Valor pago",
    .amount_credited = "Creditado",
    .amount_due = "Valor devido",
    .notes = "Observações",
    .terms = "Condições",
    .payment_instructions = "Como pagar",
    .scan_to_pay = "Leia para ver e pagar online",
    .page_of = "Página {n} de {m}",
    .credited_invoice = "Credita a fatura",
    .reason = "Motivo",
    .payment_date = "Data do pagamento",
    .payment_method = "Forma",
    .received_from = "Recebido de",
    .amount_received = "Valor recebido",
    .applied_to = "Aplicado à fatura",
    .refunded = "Reembolsado",
};

constexpr DocumentLabels kSpanish{
    .invoice = "Factura",
    .credit_note = "Nota de crédito",
    .receipt = "Recibo de pago",
    .draft = "BORRADOR",
    .void_mark = "ANULADA",
    .paid_mark = "PAGADA",
    .bill_to = "Facturar a",
    .from = "De",
    .number = "Número",
    .issue_date = "Fecha de emisión",
    .due_date = "Vencimiento",
    .reference = "Referencia",
    .tax_id = "NIF",
    .description = "Descripción",
    .quantity = "Cant.",
    .unit = "Unidad",
    .unit_price = "Precio unit.",
    .discount = "Descuento",
    .tax = "Impuesto",
    .amount = "Importe",
    .subtotal = "Subtotal",
    .total = "Total",
    .tax_on = "{name} sobre {taxable}",
    .amount_paid = "Pagado",
    .amount_credited = "Abonado",
    .amount_due = "Importe pendiente",
    .notes = "Notas",
    .terms = "Condiciones",
    .payment_instructions = "Cómo pagar",
    .scan_to_pay = "Escanee para ver y pagar en línea",
    .page_of = "Página {n} de {m}",
    .credited_invoice = "Abona la factura",
    .reason = "Motivo",
    .payment_date = "Fecha de pago",
    .payment_method = "Método",
    .received_from = "Recibido de",
    .amount_received = "Importe recibido",
    .applied_to = "Aplicado a la factura",
    .refunded = "Reembolsado",
};

constexpr std::array<DocumentLocale, 3> kLocales = {{
    {"en-US", '.', ",", false, false, kEnglish},
    {"pt-BR", ',', ".", true, false, kPortuguese},
    {"es-ES", ',', ".", true, true, kSpanish},
}};

struct Symbol {
  std::string_view code, symbol;
};
constexpr std::array<Symbol, 10> kSymbols = {{{"USD", "$"},
                                              {"EUR", "€"},
                                              {"GBP", "£"},
                                              {"BRL", "R$"},
                                              {"JPY", "¥"},
                                              {"CNY", "¥"},
                                              {"INR", "₹"},
                                              {"AUD", "A$"},
                                              {"CAD", "C$"},
                                              {"MXN", "MX$"}}};

// "12345.67" with the locale's marks.
std::string Localize(const std::string& plain, const DocumentLocale& locale) {
  bool negative = plain.starts_with('-');
  std::string_view digits = std::string_view(plain).substr(negative ? 1 : 0);
  size_t dot = digits.find('.');
  std::string_view whole = digits.substr(0, dot);
  std::string out = negative ? "-" : "";
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += locale.group;
    out += whole[i];
  }
  if (dot != std::string_view::npos) {
    out += locale.decimal_mark;
    out += digits.substr(dot + 1);
  }
  return out;
}

}  // namespace

const DocumentLocale& LocaleFor(std::string_view tag) {
  for (const DocumentLocale& locale : kLocales) {
    if (locale.tag == tag) return locale;
  }
  for (const DocumentLocale& locale : kLocales) {
    if (tag.size() >= 2 && locale.tag.substr(0, 2) == tag.substr(0, 2)) return locale;
  }
  return kLocales[0];
}

bool IsPrintedLocale(std::string_view tag) {
  for (const DocumentLocale& locale : kLocales) {
    if (locale.tag == tag) return true;
  }
  return false;
}

std::string FormatNumber(int64_t minor, int digits, const DocumentLocale& locale) {
  return Localize(domain::FormatScaled(minor, digits), locale);
}

std::string FormatMoney(int64_t minor, domain::Currency currency, const DocumentLocale& locale) {
  // The sign leads: -$9.95, -R$ 9,95, -9,95 €.
  std::string sign = minor < 0 ? "-" : "";
  std::string number = FormatNumber(minor < 0 ? -minor : minor, currency.minor_digits(), locale);
  std::string symbol(currency.code());
  for (const Symbol& known : kSymbols) {
    if (known.code == currency.code()) symbol = known.symbol;
  }
  bool code = symbol.size() == 3 && symbol == currency.code();
  if (locale.symbol_after) return sign + number + "\u00a0" + symbol;
  // A code keeps a space before the number, as every locale but en-US keeps one after a symbol.
  return sign + symbol + (code || locale.tag != "en-US" ? "\u00a0" : "") + number;
}

std::string FormatDocumentQuantity(domain::Quantity quantity, const DocumentLocale& locale) {
  return Localize(domain::FormatScaledTrimmed(quantity.ten_thousandths, domain::kQuantityScale),
                  locale);
}

std::string FormatDocumentPercent(domain::Percent percent, const DocumentLocale& locale) {
  return Localize(domain::FormatScaledTrimmed(percent.ten_thousandths, domain::kPercentScale),
                  locale) +
         "%";
}

std::string FormatDocumentDate(domain::Date date, const DocumentLocale& locale) {
  std::string iso = domain::FormatDate(date);  // YYYY-MM-DD
  std::string_view y = std::string_view(iso).substr(0, 4), m = std::string_view(iso).substr(5, 2),
                   d = std::string_view(iso).substr(8, 2);
  std::string out;
  out.append(locale.day_first ? d : m).append("/").append(locale.day_first ? m : d);
  return out.append("/").append(y);
}

std::string Fill(std::string_view pattern, std::string_view key, std::string_view value) {
  std::string out(pattern);
  if (size_t at = out.find(key); at != std::string::npos) out.replace(at, key.size(), value);
  return out;
}

}  // namespace factura::api::documents
