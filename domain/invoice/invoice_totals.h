#pragma once
// The invoice arithmetic of DESIGN.md §2, the reference for every total the API shows:
//   1. line subtotal = quantity × unit price, rounded half-up to the minor unit; less the line's
//      own discount (a percent of its subtotal, rounded half-up, or a fixed amount up to it);
//   2. the invoice discount (a percent of, or an amount up to, the sum of the lines' amounts
//      after their own discounts) is spread over the lines in proportion to those amounts
//      (largest remainder, so the parts add up to the discount exactly);
//   3. tax is computed once per tax rate on the sum of that rate's discounted line amounts,
//      rounded half-up, then spread back over those lines by largest remainder;
//   4. total = subtotal − discount + tax (tax-inclusive rates are inside the subtotal already).
// Every total equals the sum of its parts, to the minor unit.
//
//   Result<InvoiceTotals> totals = ComputeTotals(lines, discount);

#include <span>
#include <vector>

#include "domain/error.h"
#include "domain/invoice/line_item.h"

namespace factura::domain {

struct LineTotals {
  int64_t subtotal = 0;      // quantity × unit price
  int64_t own_discount = 0;  // the line's own discount
  int64_t discount = 0;      // own_discount + this line's share of the invoice discount
  int64_t tax = 0;           // this line's share of its rate's tax
  int64_t total = 0;         // subtotal − discount + tax (exclusive rates only)

  friend bool operator==(const LineTotals&, const LineTotals&) = default;
};

// One entry per distinct tax (rate id, or inline percentage, and inclusiveness).
struct TaxTotal {
  AppliedTax tax;
  int64_t taxable_amount = 0;  // the discounted net amount the tax was computed on
  int64_t tax_amount = 0;

  friend bool operator==(const TaxTotal&, const TaxTotal&) = default;
};

struct InvoiceTotals {
  std::vector<LineTotals> lines;  // parallel to the input lines
  std::vector<TaxTotal> taxes;    // in order of first appearance
  int64_t subtotal = 0;
  int64_t discount_total = 0;  // the lines' own discounts and the invoice discount
  int64_t tax_total = 0;       // exclusive and inclusive tax
  int64_t total = 0;

  friend bool operator==(const InvoiceTotals&, const InvoiceTotals&) = default;
};

// `default_tax` applies to the lines that carry no tax of their own (the invoice-level tax of
// seed 003). Errors: `amount_too_large` (kOutOfRange) on overflow; `discount_exceeds_subtotal`
// for a fixed discount larger than what it applies to (param `discount_value`, or
// `line_items[i].discount_value` for a line's).
[[nodiscard]] Result<InvoiceTotals> ComputeTotals(std::span<const LineItem> lines,
                                                  const std::optional<AppliedTax>& default_tax,
                                                  const Discount& discount);

}  // namespace factura::domain
