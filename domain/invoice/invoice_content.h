#pragma once
// Turning invoice command inputs into resolved, validated content: lines priced from products
// or text, taxes looked up, discounts parsed in the invoice's currency. Used by the invoice
// decisions only.

#include <optional>
#include <vector>

#include "domain/invoice/invoice.h"

namespace factura::domain::invoice_content {

// Errors name `line_items[i].<field>`.
[[nodiscard]] Result<std::vector<LineItem>> ResolveLines(const std::vector<LineItemInput>& inputs,
                                                         Currency currency,
                                                         const InvoiceContext& context);

// Fills `default_tax`, `tax_exempt` and `tax_exempt_reason` of `content`. Errors name `tax.*`.
[[nodiscard]] Result<void> ResolveInvoiceTax(const InvoiceTaxInput& input,
                                             const InvoiceContext& context,
                                             InvoiceContent& content);

// Errors name `discount_type` / `discount_value`.
[[nodiscard]] Result<Discount> ResolveDiscount(const DiscountInput& input, Currency currency);

[[nodiscard]] CustomerSnapshot SnapshotOf(const CustomerState& customer);

// The customer named by `customer_id`, from the context; errors name `customer_id`.
[[nodiscard]] Result<const CustomerState*> FindCustomer(std::string_view customer_id,
                                                        const InvoiceContext& context);

// What an issued invoice's amendment must keep true too: the due date not before the issue date,
// notes, terms and reference within their lengths.
[[nodiscard]] Result<void> ValidateDocumentFields(const InvoiceContent& content);

// Checks what spans fields (due date after issue date, texts, totals computable) and returns
// the totals. Strips taxes when the invoice is tax exempt.
[[nodiscard]] Result<InvoiceTotals> Finalize(InvoiceContent& content);

}  // namespace factura::domain::invoice_content
