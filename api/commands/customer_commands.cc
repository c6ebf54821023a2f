#include "api/commands/customer_commands.h"

#include "api/aggregate_reader.h"
#include "api/commands/command_support.h"
#include "api/render.h"
#include "domain/ids.h"

namespace factura::api::commands {
namespace {

// The decisions' context: e-mails are unique per organization, `id`'s own aside.
domain::CustomerContext ContextFor(Workspace& ws, const std::string& id, std::string new_id) {
  return {ws.now(), std::move(new_id), false,
          [&ws, &id](std::string_view email) { return ws.EmailTakenBesides(email, id); }};
}

// The organization's active customer `id`, guarded by `expected`. Errors: kNotFound, kConflict.
domain::Result<const domain::CustomerState*> ActiveCustomer(Workspace& ws, const std::string& id,
                                                            std::optional<uint64_t> expected) {
  if (!domain::ValidateId(id, domain::kCustomerPrefix, "id")) return NotFound("customer", id);
  auto state = ws.Load<domain::CustomerState>(id);
  if (!state) return std::unexpected(state.error());
  if (!(*state)->active()) return NotFound("customer", id);
  FACTURA_TRY(CheckVersion(expected, (*state)->version));
  return *state;
}

// `command` on the active customer `id`. (Its route answers with the customer as a read shows
// it, balance included: see App::CustomerAfterWrite.)
Command ChangeCustomer(std::string id, domain::CustomerCommand command,
                       std::optional<uint64_t> expected) {
  return [id = std::move(id), command = std::move(command),
          expected](Workspace& ws) -> domain::Result<Outcome> {
    auto state = ActiveCustomer(ws, id, expected);
    if (!state) return std::unexpected(state.error());
    auto events = domain::Decide(**state, command, ContextFor(ws, id, ""));
    if (!events) return std::unexpected(events.error());
    domain::CustomerState after = FoldEvents(**state, *events);
    return Deferred(std::move(*events), Effect::kChanged, std::move(after),
                    [](const domain::CustomerState& changed) { return CustomerJson(changed); });
  };
}

}  // namespace

Command CreateCustomer(domain::CreateCustomer command) {
  return [command = std::move(command)](Workspace& ws) -> domain::Result<Outcome> {
    std::string id = ws.NewId(domain::kCustomerPrefix);
    auto state = ws.Load<domain::CustomerState>(id);
    if (!state) return std::unexpected(state.error());
    auto events = domain::Decide(**state, command, ContextFor(ws, id, id));
    if (!events) return std::unexpected(events.error());
    domain::CustomerState after = FoldEvents(**state, *events);
    // A new customer owes nothing yet: its balance is 0 in its currency.
    auto organization = ws.Load<domain::OrganizationState>(ws.meta().organization_id);
    if (!organization) return std::unexpected(organization.error());
    CustomerBalance balance{after.profile.currency
                                ? std::string(after.profile.currency->code())
                                : std::string((*organization)->default_currency.code()),
                            {}};
    return Deferred(std::move(*events), Effect::kCreated, std::pair{std::move(after), balance},
                    [](const auto& made) { return CustomerJson(made.first, &made.second); });
  };
}

Command UpdateCustomer(std::string id, domain::UpdateCustomer command,
                       std::optional<uint64_t> expected) {
  return ChangeCustomer(std::move(id), std::move(command), expected);
}

Command AdjustCustomerCredit(std::string id, domain::AdjustCustomerCredit command) {
  return ChangeCustomer(std::move(id), std::move(command), std::nullopt);
}

Command DeleteCustomer(std::string id, std::optional<uint64_t> expected) {
  return [id = std::move(id), expected](Workspace& ws) -> domain::Result<Outcome> {
    auto state = ActiveCustomer(ws, id, expected);
    if (!state) return std::unexpected(state.error());
    auto events = domain::Decide(**state, domain::DeleteCustomer{},
                                 {ws.now(), "", ws.CustomerHasInvoices(id), {}});
    if (!events) return std::unexpected(events.error());
    return Outcome{std::move(*events), Effect::kDeleted};
  };
}

}  // namespace factura::api::commands
