#pragma once
// First start: an empty store gets a default organization and an admin API key holding every
// scope. The key's secret is returned once, to be printed; only its hash is recorded.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/error.h"
#include "eventstore/event_store.h"

namespace factura::api {

struct BootstrapResult {
  std::string organization_id;
  std::string api_key_id;
  std::string secret;
};

// Does nothing (returns nullopt) when the store already holds events.
[[nodiscard]] domain::Result<std::optional<BootstrapResult>> BootstrapIfEmpty(
    eventstore::EventStore& store, domain::Timestamp now);

// A new organization (for `factura keys create --new-org`); returns its id.
[[nodiscard]] domain::Result<std::string> CreateOrganizationOffline(eventstore::EventStore& store,
                                                                    const std::string& name,
                                                                    const std::string& currency,
                                                                    domain::Timestamp now);

// `factura keys create`: a new key for an existing organization, optionally with a rate limit of
// its own. Errors: `organization_not_found`, the domain's (`invalid_scope`, ...), the store's.
[[nodiscard]] domain::Result<BootstrapResult> CreateApiKeyOffline(
    eventstore::EventStore& store, const std::string& organization_id, const std::string& name,
    const std::vector<std::string>& scopes, std::optional<int64_t> rate_limit_per_minute,
    domain::Timestamp now);

// `factura organizations plan`: the organization's rate-limit plan and custom limit (an operator's
// decision, so not an API route). Errors: `organization_not_found`, `invalid_plan`,
// `invalid_rate_limit`, the store's.
[[nodiscard]] domain::Result<void> ChangePlanOffline(eventstore::EventStore& store,
                                                     const std::string& organization_id,
                                                     const std::string& plan,
                                                     std::optional<int64_t> rate_limit_per_minute,
                                                     domain::Timestamp now);

}  // namespace factura::api
