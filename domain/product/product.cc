#include "domain/product/product.h"

#include "domain/aggregate.h"
#include "domain/ids.h"
#include "domain/overloaded.h"
#include "domain/text.h"

namespace factura::domain {
namespace {

std::unexpected<Error> NotFound() {
  return Reject(ErrorKind::kNotFound, "product_not_found", "id", "No such product");
}

Result<int64_t> ParseUnitPrice(std::string_view text, Currency currency) {
  auto price = ParseAmount(text, currency);
  if (!price) return std::unexpected(WithParamPrefix(price.error(), "unit_price"));
  if (*price < 0) {
    return Invalid("invalid_unit_price", "unit_price", "The unit price cannot be negative");
  }
  return *price;
}

// The referenced tax rate must exist in the organization and be in use.
Result<void> CheckTaxRate(std::string_view tax_rate_id, const ProductContext& context) {
  FACTURA_TRY(ValidateId(tax_rate_id, kTaxRatePrefix, "tax_rate_id"));
  if (context.tax_rate == nullptr || !context.tax_rate->exists ||
      context.tax_rate->id != tax_rate_id) {
    return Reject(ErrorKind::kNotFound, "tax_rate_not_found", "tax_rate_id",
                  "No tax rate '" + std::string(tax_rate_id) + "'");
  }
  if (context.tax_rate->archived) {
    return Reject(ErrorKind::kFailedPrecondition, "tax_rate_archived", "tax_rate_id",
                  "The tax rate is archived");
  }
  return {};
}

Result<void> CheckOptional(const std::optional<std::string>& text, std::string_view param,
                           size_t max_length) {
  if (!text) return {};
  return ValidateRequiredText(*text, param, max_length);
}

Result<Events> Create(const ProductState& state, const CreateProduct& c,
                      const ProductContext& context) {
  if (state.exists) {
    return Reject(ErrorKind::kAlreadyExists, "product_exists", "id", "The product exists");
  }
  FACTURA_TRY(ValidateRequiredText(c.name, "name", kMaxNameLength));
  if (c.description) {
    FACTURA_TRY(ValidateOptionalText(*c.description, "description", kMaxLongTextLength));
  }
  FACTURA_TRY(CheckOptional(c.sku, "sku", kMaxShortTextLength));
  FACTURA_TRY(CheckOptional(c.unit, "unit", kMaxShortTextLength));
  FACTURA_TRY(CheckOptional(c.category, "category", kMaxShortTextLength));
  Currency currency = context.default_currency;
  if (c.currency) {
    auto found = FindCurrency(*c.currency);
    if (!found) return std::unexpected(found.error());
    currency = *found;
  }
  auto price = ParseUnitPrice(c.unit_price, currency);
  if (!price) return std::unexpected(price.error());
  if (c.tax_rate_id) FACTURA_TRY(CheckTaxRate(*c.tax_rate_id, context));
  return Events{ProductCreated{context.new_product_id, c.name, c.description, c.sku,
                               Money{*price, currency}, c.unit, c.tax_rate_id, c.category,
                               context.now}};
}

Result<Events> Update(const ProductState& state, const UpdateProduct& c,
                      const ProductContext& context) {
  if (!state.exists) return NotFound();
  if (state.archived) {
    return Reject(ErrorKind::kFailedPrecondition, "product_archived", "id",
                  "An archived product cannot be changed; unarchive it first");
  }
  if (c.name.clears() || c.unit_price.clears()) {
    return Invalid("field_not_nullable", c.name.clears() ? "name" : "unit_price",
                   "This field cannot be cleared");
  }
  if (c.name.sets()) FACTURA_TRY(ValidateRequiredText(c.name.value(), "name", kMaxNameLength));
  if (c.description.sets()) {
    FACTURA_TRY(ValidateOptionalText(c.description.value(), "description", kMaxLongTextLength));
  }
  if (c.sku.sets()) FACTURA_TRY(ValidateRequiredText(c.sku.value(), "sku", kMaxShortTextLength));
  if (c.unit.sets()) FACTURA_TRY(ValidateRequiredText(c.unit.value(), "unit", kMaxShortTextLength));
  if (c.category.sets()) {
    FACTURA_TRY(ValidateRequiredText(c.category.value(), "category", kMaxShortTextLength));
  }
  if (c.tax_rate_id.sets()) FACTURA_TRY(CheckTaxRate(c.tax_rate_id.value(), context));
  ProductUpdated event{.product_id = state.id,
                       .name = c.name,
                       .description = c.description,
                       .sku = c.sku,
                       .unit = c.unit,
                       .tax_rate_id = c.tax_rate_id,
                       .category = c.category,
                       .at = context.now};
  if (c.unit_price.sets()) {
    auto price = ParseUnitPrice(c.unit_price.value(), state.unit_price.currency);
    if (!price) return std::unexpected(price.error());
    event.unit_price_minor = Patch<int64_t>::Set(*price);
  }
  return Events{std::move(event)};
}

Result<Events> SetArchived(const ProductState& state, bool archive, const ProductContext& context) {
  if (!state.exists) return NotFound();
  if (state.archived == archive) {
    return Reject(ErrorKind::kFailedPrecondition,
                  archive ? "product_archived" : "product_not_archived", "id",
                  archive ? "The product is already archived" : "The product is not archived");
  }
  if (archive) return Events{ProductArchived{state.id, context.now}};
  return Events{ProductUnarchived{state.id, context.now}};
}

}  // namespace

Result<Events> Decide(const ProductState& state, const ProductCommand& command,
                      const ProductContext& context) {
  return std::visit(Overloaded{
                        [&](const CreateProduct& c) { return Create(state, c, context); },
                        [&](const UpdateProduct& c) { return Update(state, c, context); },
                        [&](const ArchiveProduct&) { return SetArchived(state, true, context); },
                        [&](const UnarchiveProduct&) { return SetArchived(state, false, context); },
                    },
                    command);
}

ProductState Evolve(ProductState current, const Event& event) {
  return FoldOwnEvent(
      std::move(current), event,
      Overloaded{
          [](ProductState& state, const ProductCreated& e) {
            state.exists = true;
            state.id = e.product_id;
            state.name = e.name;
            state.description = e.description;
            state.sku = e.sku;
            state.unit_price = e.unit_price;
            state.unit = e.unit;
            state.tax_rate_id = e.tax_rate_id;
            state.category = e.category;
            state.created_at = e.at;
          },
          [](ProductState& state, const ProductUpdated& e) {
            e.name.ApplyTo(state.name);
            e.description.ApplyTo(state.description);
            e.sku.ApplyTo(state.sku);
            e.unit_price_minor.ApplyTo(state.unit_price.minor_units);
            e.unit.ApplyTo(state.unit);
            e.tax_rate_id.ApplyTo(state.tax_rate_id);
            e.category.ApplyTo(state.category);
          },
          [](ProductState& state, const ProductArchived&) { state.archived = true; },
          [](ProductState& state, const ProductUnarchived&) { state.archived = false; },
      });
}

}  // namespace factura::domain
