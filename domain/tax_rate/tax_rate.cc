#include "domain/tax_rate/tax_rate.h"

#include "domain/aggregate.h"
#include "domain/ids.h"
#include "domain/overloaded.h"
#include "domain/text.h"

namespace factura::domain {
namespace {

std::unexpected<Error> NotFound() {
  return Reject(ErrorKind::kNotFound, "tax_rate_not_found", "id", "No such tax rate");
}

Result<void> CheckOptionalPatch(const Patch<std::string>& patch, std::string_view param) {
  if (patch.sets()) return ValidateRequiredText(patch.value(), param, kMaxShortTextLength);
  return {};
}

Result<Events> Create(const TaxRateState& state, const CreateTaxRate& c,
                      const TaxRateContext& context) {
  std::string id = c.id.value_or(context.new_tax_rate_id);
  if (c.id) FACTURA_TRY(ValidateId(*c.id, kTaxRatePrefix, "id"));
  if (state.exists) {
    return Reject(ErrorKind::kAlreadyExists, "tax_rate_exists", "id",
                  "A tax rate with id '" + id + "' exists");
  }
  FACTURA_TRY(ValidateRequiredText(c.name, "name", kMaxShortTextLength));
  std::string type = c.type.value_or("tax");
  FACTURA_TRY(ValidateRequiredText(type, "type", kMaxShortTextLength));
  auto rate = ParseTaxPercent(c.rate, "rate");
  if (!rate) return std::unexpected(rate.error());
  if (c.jurisdiction) {
    FACTURA_TRY(ValidateRequiredText(*c.jurisdiction, "jurisdiction", kMaxShortTextLength));
  }
  if (c.description) {
    FACTURA_TRY(ValidateOptionalText(*c.description, "description", kMaxLongTextLength));
  }
  return Events{TaxRateCreated{id, c.name, type, *rate, c.jurisdiction, c.description, c.inclusive,
                               context.now}};
}

Result<Events> Update(const TaxRateState& state, const UpdateTaxRate& c,
                      const TaxRateContext& context) {
  if (!state.exists) return NotFound();
  if (state.archived) {
    return Reject(ErrorKind::kFailedPrecondition, "tax_rate_archived", "id",
                  "An archived tax rate cannot be changed");
  }
  if (c.name.clears() || c.type.clears() || c.rate.clears() || c.inclusive.clears()) {
    std::string param = c.name.clears()   ? "name"
                        : c.type.clears() ? "type"
                        : c.rate.clears() ? "rate"
                                          : "inclusive";
    return Invalid("field_not_nullable", param, "This field cannot be cleared");
  }
  FACTURA_TRY(CheckOptionalPatch(c.name, "name"));
  FACTURA_TRY(CheckOptionalPatch(c.type, "type"));
  FACTURA_TRY(CheckOptionalPatch(c.jurisdiction, "jurisdiction"));
  if (c.description.sets()) {
    FACTURA_TRY(ValidateOptionalText(c.description.value(), "description", kMaxLongTextLength));
  }
  TaxRateUpdated event{.tax_rate_id = state.id,
                       .name = c.name,
                       .type = c.type,
                       .jurisdiction = c.jurisdiction,
                       .description = c.description,
                       .inclusive = c.inclusive,
                       .at = context.now};
  if (c.rate.sets()) {
    auto rate = ParseTaxPercent(c.rate.value(), "rate");
    if (!rate) return std::unexpected(rate.error());
    event.rate = Patch<Percent>::Set(*rate);
  }
  return Events{std::move(event)};
}

Result<Events> Archive(const TaxRateState& state, const TaxRateContext& context) {
  if (!state.exists) return NotFound();
  if (state.archived) {
    return Reject(ErrorKind::kFailedPrecondition, "tax_rate_archived", "id",
                  "The tax rate is already archived");
  }
  return Events{TaxRateArchived{state.id, context.now}};
}

}  // namespace

Result<Percent> ParseTaxPercent(std::string_view text, std::string_view param) {
  auto rate = ParsePercent(text);
  if (!rate) return std::unexpected(WithParamPrefix(rate.error(), param));
  if (rate->ten_thousandths < 0 || *rate > kMaxTaxRate) {
    return Invalid("invalid_tax_rate", std::string(param),
                   "A tax rate is a percentage from 0 to 1000");
  }
  return *rate;
}

Result<Events> Decide(const TaxRateState& state, const TaxRateCommand& command,
                      const TaxRateContext& context) {
  return std::visit(Overloaded{
                        [&](const CreateTaxRate& c) { return Create(state, c, context); },
                        [&](const UpdateTaxRate& c) { return Update(state, c, context); },
                        [&](const ArchiveTaxRate&) { return Archive(state, context); },
                    },
                    command);
}

TaxRateState Evolve(TaxRateState current, const Event& event) {
  return FoldOwnEvent(
      std::move(current), event,
      Overloaded{
          [](TaxRateState& state, const TaxRateCreated& e) {
            state.exists = true;
            state.id = e.tax_rate_id;
            state.name = e.name;
            state.type = e.type;
            state.rate = e.rate;
            state.jurisdiction = e.jurisdiction;
            state.description = e.description;
            state.inclusive = e.inclusive;
            state.created_at = e.at;
          },
          [](TaxRateState& state, const TaxRateUpdated& e) {
            e.name.ApplyTo(state.name);
            e.type.ApplyTo(state.type);
            e.rate.ApplyTo(state.rate);
            e.jurisdiction.ApplyTo(state.jurisdiction);
            e.description.ApplyTo(state.description);
            e.inclusive.ApplyTo(state.inclusive);
          },
          [](TaxRateState& state, const TaxRateArchived&) { state.archived = true; },
      });
}

}  // namespace factura::domain
