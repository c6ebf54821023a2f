#include "domain/invoice/invoice_content.h"

#include "domain/customer/customer.h"
#include "domain/ids.h"
#include "domain/tax_rate/tax_rate.h"
#include "domain/text.h"

namespace factura::domain::invoice_content {
namespace {

std::string LineParam(size_t index) { return "line_items[" + std::to_string(index) + "]"; }

// A tax rate of the organization that may be put on new lines.
Result<AppliedTax> UsableTaxRate(std::string_view tax_rate_id, std::string_view param,
                                 const InvoiceContext& context) {
  FACTURA_TRY(ValidateId(tax_rate_id, kTaxRatePrefix, param));
  const TaxRateState* rate = context.find_tax_rate ? context.find_tax_rate(tax_rate_id) : nullptr;
  if (rate == nullptr || !rate->exists) {
    return Reject(ErrorKind::kNotFound, "tax_rate_not_found", std::string(param),
                  "No tax rate '" + std::string(tax_rate_id) + "'");
  }
  if (rate->archived) {
    return Reject(ErrorKind::kFailedPrecondition, "tax_rate_archived", std::string(param),
                  "Tax rate '" + std::string(tax_rate_id) + "' is archived");
  }
  return AppliedTax{rate->id, rate->name, rate->rate, rate->inclusive};
}

Result<const ProductState*> UsableProduct(std::string_view product_id, Currency currency,
                                          const InvoiceContext& context) {
  FACTURA_TRY(ValidateId(product_id, kProductPrefix, "product_id"));
  const ProductState* product = context.find_product ? context.find_product(product_id) : nullptr;
  if (product == nullptr || !product->exists) {
    return Reject(ErrorKind::kNotFound, "product_not_found", "product_id",
                  "No product '" + std::string(product_id) + "'");
  }
  if (product->archived) {
    return Reject(ErrorKind::kFailedPrecondition, "product_archived", "product_id",
                  "Archived products cannot be added to invoices");
  }
  if (product->unit_price.currency != currency) {
    return Invalid("product_currency_mismatch", "product_id",
                   "The product is priced in " + std::string(product->unit_price.currency.code()) +
                       ", the invoice in " + std::string(currency.code()));
  }
  return product;
}

// The line's own tax: explicit rate id, inline percentage, or the product's rate.
Result<std::optional<AppliedTax>> LineTax(const LineItemInput& input, const ProductState* product,
                                          const InvoiceContext& context) {
  if (input.tax_rate_id && input.tax_percent) {
    return Invalid("conflicting_tax", "tax_rate_id",
                   "Give either tax_rate_id or tax_rate for a line, not both");
  }
  if (input.tax_rate_id) return UsableTaxRate(*input.tax_rate_id, "tax_rate_id", context);
  if (input.tax_percent) {
    auto rate = ParseTaxPercent(*input.tax_percent, "tax_rate");
    if (!rate) return std::unexpected(rate.error());
    return AppliedTax{std::nullopt, "Tax", *rate, false};
  }
  if (product != nullptr && product->tax_rate_id) {
    return UsableTaxRate(*product->tax_rate_id, "product_id", context);
  }
  return std::optional<AppliedTax>{};
}

Result<LineItem> ResolveLine(const LineItemInput& input, Currency currency,
                             const InvoiceContext& context) {
  LineItem line;
  line.id = context.new_id(kLineItemPrefix);
  const ProductState* product = nullptr;
  if (input.product_id) {
    auto found = UsableProduct(*input.product_id, currency, context);
    if (!found) return std::unexpected(found.error());
    product = *found;
    line.product_id = product->id;
  }
  std::optional<std::string> description =
      input.description ? input.description
                        : (product ? std::optional<std::string>(product->name) : std::nullopt);
  if (!description) return Invalid("missing_field", "description", "This field is required");
  FACTURA_TRY(ValidateRequiredText(*description, "description", kMaxLongTextLength));
  line.description = *description;

  auto quantity = ParseQuantity(input.quantity.value_or("1"));
  if (!quantity) return std::unexpected(WithParamPrefix(quantity.error(), "quantity"));
  if (quantity->ten_thousandths <= 0) {
    return Invalid("invalid_quantity", "quantity", "The quantity must be greater than zero");
  }
  line.quantity = *quantity;

  if (input.unit_price) {
    auto price = ParseAmount(*input.unit_price, currency);
    if (!price) return std::unexpected(WithParamPrefix(price.error(), "unit_price"));
    if (*price < 0) {
      return Invalid("invalid_unit_price", "unit_price", "The unit price cannot be negative");
    }
    line.unit_price_minor = *price;
  } else if (product != nullptr) {
    line.unit_price_minor = product->unit_price.minor_units;
  } else {
    return Invalid("missing_field", "unit_price", "This field is required");
  }

  line.unit = input.unit ? input.unit : (product ? product->unit : std::nullopt);
  if (line.unit) FACTURA_TRY(ValidateRequiredText(*line.unit, "unit", kMaxShortTextLength));
  auto tax = LineTax(input, product, context);
  if (!tax) return std::unexpected(tax.error());
  line.tax = *tax;
  if (input.type) {
    auto type = ParseLineType(*input.type);
    if (!type) {
      return Invalid("invalid_line_type", "type",
                     "The line type is service, product, fee or other");
    }
    line.type = *type;
  }
  if (input.discount_type || input.discount_value) {
    if (!input.discount_type) {
      return Invalid("missing_field", "discount_type", "Give the discount's type");
    }
    if (!input.discount_value) {
      return Invalid("missing_field", "discount_value", "Give the discount's value");
    }
    auto discount = ResolveDiscount({*input.discount_type, *input.discount_value}, currency);
    if (!discount) return std::unexpected(discount.error());
    line.discount = *discount;
  }
  return line;
}

}  // namespace

Result<std::vector<LineItem>> ResolveLines(const std::vector<LineItemInput>& inputs,
                                           Currency currency, const InvoiceContext& context) {
  if (inputs.empty()) {
    return Invalid("line_items_required", "line_items", "An invoice needs at least one line");
  }
  if (inputs.size() > kMaxLineItems) {
    return Invalid("too_many_line_items", "line_items",
                   "An invoice has at most " + std::to_string(kMaxLineItems) + " lines");
  }
  std::vector<LineItem> lines;
  lines.reserve(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    auto line = ResolveLine(inputs[i], currency, context);
    if (!line) return std::unexpected(WithParamPrefix(line.error(), LineParam(i)));
    lines.push_back(std::move(*line));
  }
  return lines;
}

Result<void> ResolveInvoiceTax(const InvoiceTaxInput& input, const InvoiceContext& context,
                               InvoiceContent& content) {
  content.default_tax.reset();
  content.tax_exempt = input.exempt;
  content.tax_exempt_reason = input.exempt_reason;
  if (input.exempt_reason) {
    FACTURA_TRY(ValidateRequiredText(*input.exempt_reason, "tax.exempt_reason", kMaxNameLength));
  }
  if (input.tax_rate_id && input.rate) {
    return Invalid("conflicting_tax", "tax.tax_rate_id",
                   "Give either tax.tax_rate_id or tax.rate, not both");
  }
  if (input.tax_rate_id) {
    auto tax = UsableTaxRate(*input.tax_rate_id, "tax.tax_rate_id", context);
    if (!tax) return std::unexpected(tax.error());
    content.default_tax = *tax;
  } else if (input.rate) {
    auto rate = ParseTaxPercent(*input.rate, "tax.rate");
    if (!rate) return std::unexpected(rate.error());
    std::string name = input.name.value_or("Tax");
    FACTURA_TRY(ValidateRequiredText(name, "tax.name", kMaxShortTextLength));
    content.default_tax = AppliedTax{std::nullopt, name, *rate, false};
  }
  return {};
}

Result<Discount> ResolveDiscount(const DiscountInput& input, Currency currency) {
  if (input.type == "percent") {
    auto percent = ParsePercent(input.value);
    if (!percent) return std::unexpected(WithParamPrefix(percent.error(), "discount_value"));
    if (percent->ten_thousandths < 0 || percent->ten_thousandths > kOneHundredPercent) {
      return Invalid("invalid_discount", "discount_value", "A percent discount is from 0 to 100");
    }
    return Discount{DiscountType::kPercent, *percent, 0};
  }
  if (input.type == "fixed") {
    auto amount = ParseAmount(input.value, currency);
    if (!amount) return std::unexpected(WithParamPrefix(amount.error(), "discount_value"));
    if (*amount < 0) {
      return Invalid("invalid_discount", "discount_value", "A discount cannot be negative");
    }
    return Discount{DiscountType::kFixed, Percent{}, *amount};
  }
  return Invalid("invalid_discount_type", "discount_type",
                 "The discount type is 'percent' or 'fixed'");
}

CustomerSnapshot SnapshotOf(const CustomerState& customer) {
  const CustomerProfile& p = customer.profile;
  return CustomerSnapshot{customer.id,       p.name,      p.company_name, p.email,
                          p.billing_address, p.tax_number};
}

Result<const CustomerState*> FindCustomer(std::string_view customer_id,
                                          const InvoiceContext& context) {
  FACTURA_TRY(ValidateId(customer_id, kCustomerPrefix, "customer_id"));
  if (context.customer == nullptr || !context.customer->active() ||
      context.customer->id != customer_id) {
    return Reject(ErrorKind::kNotFound, "customer_not_found", "customer_id",
                  "No customer '" + std::string(customer_id) + "'");
  }
  if (context.customer->status != CustomerStatus::kActive) {
    return Reject(ErrorKind::kFailedPrecondition, "customer_not_active", "customer_id",
                  "The customer is " + std::string(CustomerStatusName(context.customer->status)) +
                      ": no new invoices");
  }
  return context.customer;
}

Result<void> ValidateDocumentFields(const InvoiceContent& content) {
  if (content.due_date < content.issue_date) {
    return Invalid("due_date_before_issue_date", "due_date",
                   "The due date cannot be before the issue date");
  }
  for (const auto& [text, param] :
       {std::pair{&content.notes, "notes"}, std::pair{&content.terms, "terms"}}) {
    if (*text) FACTURA_TRY(ValidateOptionalText(**text, param, kMaxLongTextLength));
  }
  if (content.reference) {
    FACTURA_TRY(ValidateRequiredText(*content.reference, "reference", kMaxShortTextLength));
  }
  return {};
}

Result<InvoiceTotals> Finalize(InvoiceContent& content) {
  FACTURA_TRY(ValidateDocumentFields(content));
  if (content.tax_exempt) {
    content.default_tax.reset();
    for (LineItem& line : content.line_items) line.tax.reset();
  }
  auto totals = ComputeTotals(content.line_items, content.default_tax, content.discount);
  if (!totals && totals.error().param.empty()) totals.error().param = "line_items";
  return totals;
}

}  // namespace factura::domain::invoice_content
