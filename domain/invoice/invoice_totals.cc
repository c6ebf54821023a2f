#include "domain/invoice/invoice_totals.h"

#include <algorithm>
#include <cassert>
#include <iterator>

namespace factura::domain {
namespace {

// Lines with an equal AppliedTax pay one tax, computed on their sum.
struct TaxGroup {
  AppliedTax tax;
  std::vector<size_t> line_indexes;
};

const AppliedTax* TaxOf(const LineItem& line, const std::optional<AppliedTax>& default_tax) {
  if (line.tax) return &*line.tax;
  return default_tax ? &*default_tax : nullptr;
}

std::vector<TaxGroup> GroupByTax(std::span<const LineItem> lines,
                                 const std::optional<AppliedTax>& default_tax) {
  std::vector<TaxGroup> groups;
  for (size_t i = 0; i < lines.size(); ++i) {
    const AppliedTax* tax = TaxOf(lines[i], default_tax);
    if (tax == nullptr) continue;
    auto same = [&](const TaxGroup& g) { return g.tax == *tax; };
    auto it = std::find_if(groups.begin(), groups.end(), same);
    if (it == groups.end()) {
      groups.push_back(TaxGroup{*tax, {}});
      it = std::prev(groups.end());
    }
    it->line_indexes.push_back(i);
  }
  return groups;
}

Result<int64_t> DiscountTotal(const Discount& discount, int64_t subtotal,
                              std::string_view param = "discount_value") {
  switch (discount.type) {
    case DiscountType::kNone:
      return 0;
    case DiscountType::kPercent:
      assert(discount.percent.ten_thousandths >= 0 &&
             discount.percent.ten_thousandths <= kOneHundredPercent);
      return PercentOf(subtotal, discount.percent);
    case DiscountType::kFixed:
      if (discount.fixed_minor > subtotal) {
        return Invalid("discount_exceeds_subtotal", std::string(param),
                       "The discount is larger than the amount it applies to");
      }
      return discount.fixed_minor;
  }
  return 0;
}

// Step 3 for one group: the tax on the group's discounted amount, spread back over its lines.
Result<TaxTotal> ApplyGroupTax(const TaxGroup& group, InvoiceTotals& totals) {
  std::vector<int64_t> net;
  for (size_t i : group.line_indexes) {
    net.push_back(totals.lines[i].subtotal - totals.lines[i].discount);
  }
  auto base = CheckedSum(net);
  if (!base) return std::unexpected(base.error());
  auto tax =
      group.tax.inclusive ? IncludedTax(*base, group.tax.rate) : PercentOf(*base, group.tax.rate);
  if (!tax) return std::unexpected(tax.error());
  auto shares = AllocateProportionally(*tax, net);
  if (!shares) return std::unexpected(shares.error());
  for (size_t k = 0; k < group.line_indexes.size(); ++k) {
    totals.lines[group.line_indexes[k]].tax = (*shares)[k];
  }
  int64_t taxable = group.tax.inclusive ? *base - *tax : *base;
  return TaxTotal{group.tax, taxable, *tax};
}

}  // namespace

Result<InvoiceTotals> ComputeTotals(std::span<const LineItem> lines,
                                    const std::optional<AppliedTax>& default_tax,
                                    const Discount& discount) {
  InvoiceTotals totals;
  totals.lines.resize(lines.size());
  std::vector<int64_t> subtotals, nets;  // nets: after the lines' own discounts
  subtotals.reserve(lines.size());
  nets.reserve(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    assert(lines[i].quantity.ten_thousandths > 0 && lines[i].unit_price_minor >= 0);
    auto subtotal = LineAmount(lines[i].quantity, lines[i].unit_price_minor);
    if (!subtotal) return std::unexpected(subtotal.error());
    auto own = DiscountTotal(lines[i].discount, *subtotal,
                             "line_items[" + std::to_string(i) + "].discount_value");
    if (!own) return std::unexpected(own.error());
    totals.lines[i].subtotal = *subtotal;
    totals.lines[i].own_discount = *own;
    subtotals.push_back(*subtotal);
    nets.push_back(*subtotal - *own);
  }
  auto subtotal = CheckedSum(subtotals);
  if (!subtotal) return std::unexpected(subtotal.error());
  totals.subtotal = *subtotal;
  int64_t net_total = *CheckedSum(nets);  // <= subtotal, which did not overflow

  auto invoice_discount = DiscountTotal(discount, net_total);
  if (!invoice_discount) return std::unexpected(invoice_discount.error());
  auto discount_shares = AllocateProportionally(*invoice_discount, nets);
  if (!discount_shares) return std::unexpected(discount_shares.error());
  for (size_t i = 0; i < lines.size(); ++i) {
    totals.lines[i].discount = totals.lines[i].own_discount + (*discount_shares)[i];
  }
  totals.discount_total = (totals.subtotal - net_total) + *invoice_discount;

  int64_t exclusive_tax = 0;
  for (const TaxGroup& group : GroupByTax(lines, default_tax)) {
    auto tax_total = ApplyGroupTax(group, totals);
    if (!tax_total) return std::unexpected(tax_total.error());
    auto tax_sum = CheckedAdd(totals.tax_total, tax_total->tax_amount);
    if (!tax_sum) return std::unexpected(tax_sum.error());
    totals.tax_total = *tax_sum;
    if (!group.tax.inclusive) exclusive_tax += tax_total->tax_amount;  // <= tax_total
    totals.taxes.push_back(std::move(*tax_total));
  }

  for (size_t i = 0; i < lines.size(); ++i) {
    LineTotals& line = totals.lines[i];
    const AppliedTax* tax = TaxOf(lines[i], default_tax);
    bool exclusive = tax != nullptr && !tax->inclusive;
    auto total = CheckedAdd(line.subtotal - line.discount, exclusive ? line.tax : 0);
    if (!total) return std::unexpected(total.error());
    line.total = *total;
  }
  auto total = CheckedAdd(totals.subtotal - totals.discount_total, exclusive_tax);
  if (!total) return std::unexpected(total.error());
  totals.total = *total;
  return totals;
}

}  // namespace factura::domain
