#pragma once
// What an invoice, a credit note and a payment receipt say on paper: Documents (document.h)
// built from the aggregates' states and the issuing organization's, in the reader's locale.
// Pure: the same states give the same document, whose dates are the states' own.
//
//   Document d = InvoiceDocument(invoice, organization, LocaleFor("pt-BR"), public_url);

#include <optional>
#include <string>

#include "api/documents/document.h"
#include "api/documents/document_locale.h"
#include "domain/credit_note/credit_note_state.h"
#include "domain/invoice/invoice_state.h"
#include "domain/organization/organization_state.h"
#include "domain/payment/payment_state.h"

namespace factura::api::documents {

// `page_url`: where the customer sees and pays it (the QR code's target); none: no code.
[[nodiscard]] Document InvoiceDocument(const domain::InvoiceState& invoice,
                                       const domain::OrganizationState& organization,
                                       const DocumentLocale& locale,
                                       const std::optional<std::string>& page_url);

// `invoice`: the credited invoice (its customer and number).
[[nodiscard]] Document CreditNoteDocument(const domain::CreditNoteState& credit_note,
                                          const domain::InvoiceState& invoice,
                                          const domain::OrganizationState& organization,
                                          const DocumentLocale& locale);

[[nodiscard]] Document ReceiptDocument(const domain::PaymentState& payment,
                                       const domain::InvoiceState& invoice,
                                       const domain::OrganizationState& organization,
                                       const DocumentLocale& locale);

// The attachment's name: "Invoice_INV-2025-0001.pdf" (the title in English: a file name is for
// filing, whatever the document's language). Only letters, digits, '-', '_' and '.' survive.
[[nodiscard]] std::string PdfFileName(std::string_view kind, std::string_view number);

}  // namespace factura::api::documents
