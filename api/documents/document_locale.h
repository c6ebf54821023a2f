#pragma once
// How a document speaks: its labels, dates and amounts in one of the locales Factura prints
// (en-US, pt-BR, es-ES). Pure: no cairo, no I/O.
//
//   const DocumentLocale& pt = LocaleFor("pt-BR");
//   FormatMoney(123456, *domain::FindCurrency("BRL"), pt);   // "R$ 1.234,56"
//   FormatDocumentDate({...2025-01-15...}, pt);              // "15/01/2025"

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/currency.h"
#include "domain/date.h"
#include "domain/money.h"

namespace factura::api::documents {

struct DocumentLabels {
  std::string_view invoice, credit_note, receipt, draft, void_mark, paid_mark;
  std::string_view bill_to, from, number, issue_date, due_date, reference, tax_id;
  std::string_view description, quantity, unit, unit_price, discount, tax, amount;
  std::string_view subtotal, total, tax_on,  // "Tax {name} on {taxable}"
      amount_paid, amount_credited, amount_due;
  std::string_view notes, terms, payment_instructions, scan_to_pay;
  std::string_view page_of;  // "Page {n} of {m}"
  std::string_view credited_invoice, reason, payment_date, payment_method, received_from,
      amount_received, applied_to, refunded;
};

struct DocumentLocale {
  std::string_view tag;    // "en-US"
  char decimal_mark;       // '.' or ','
  std::string_view group;  // "," or "." (between thousands)
  bool day_first;          // 15/01/2025 rather than 01/15/2025
  bool symbol_after;       // 1.234,56 € rather than €1,234.56
  DocumentLabels labels;
};

// The locale of `tag` ("pt-BR"; a language alone, "pt", finds its locale); en-US for any other.
[[nodiscard]] const DocumentLocale& LocaleFor(std::string_view tag);

// Whether `tag` names one of the printed locales exactly.
[[nodiscard]] bool IsPrintedLocale(std::string_view tag);

// 1234.5 in `currency`'s digits with the locale's marks: "1,234.50" / "1.234,50".
[[nodiscard]] std::string FormatNumber(int64_t minor, int digits, const DocumentLocale& locale);

// An amount with its currency's symbol (or code), where the locale puts it.
[[nodiscard]] std::string FormatMoney(int64_t minor, domain::Currency currency,
                                      const DocumentLocale& locale);

// A quantity ("1.5" → "1,5" where the comma is the decimal mark).
[[nodiscard]] std::string FormatDocumentQuantity(domain::Quantity quantity,
                                                 const DocumentLocale& locale);

// A percentage ("8.25" → "8,25%").
[[nodiscard]] std::string FormatDocumentPercent(domain::Percent percent,
                                                const DocumentLocale& locale);

// 01/15/2025 (en-US) or 15/01/2025.
[[nodiscard]] std::string FormatDocumentDate(domain::Date date, const DocumentLocale& locale);

// `pattern` with "{n}" and "{m}" (or "{name}", "{taxable}") replaced, in order given.
[[nodiscard]] std::string Fill(std::string_view pattern, std::string_view key,
                               std::string_view value);

}  // namespace factura::api::documents
