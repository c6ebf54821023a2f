#include "api/bootstrap.h"

#include <algorithm>
#include <random>

#include "api/aggregate_reader.h"
#include "api/api_keys.h"
#include "domain/api_key/api_key.h"
#include "domain/ids.h"
#include "domain/organization/organization.h"

namespace factura::api {
namespace {

domain::Result<uint64_t> AppendAll(eventstore::EventStore& store,
                                   const std::string& organization_id, const domain::Events& events,
                                   eventstore::ExpectedVersion expected) {
  eventstore::AppendRequest request;
  request.metadata = {organization_id, "system", "bootstrap", "", ""};
  // One entry per stream, its events in order (a key and its rate limit share the key's).
  for (const domain::Event& event : events) {
    std::string stream = domain::StreamId::Compose(organization_id, domain::StreamOf(event));
    auto same = std::find_if(request.streams.begin(), request.streams.end(),
                             [&](const auto& entry) { return entry.stream_id == stream; });
    if (same != request.streams.end()) {
      same->events.push_back(event);
    } else {
      request.streams.push_back({std::move(stream), expected, {event}});
    }
  }
  auto appended = store.Append(std::move(request));
  if (!appended) return std::unexpected(appended.error());
  return appended->last_position;
}

}  // namespace

domain::Result<BootstrapResult> CreateApiKeyOffline(eventstore::EventStore& store,
                                                    const std::string& organization_id,
                                                    const std::string& name,
                                                    const std::vector<std::string>& scopes,
                                                    std::optional<int64_t> rate_limit_per_minute,
                                                    domain::Timestamp now) {
  auto organization_version =
      store.StreamVersion(domain::StreamId::Compose(organization_id, organization_id));
  if (!organization_version) return std::unexpected(organization_version.error());
  if (*organization_version == 0) {
    return domain::Reject(domain::ErrorKind::kNotFound, "organization_not_found", "org",
                          "No organization '" + organization_id + "'");
  }
  domain::IdGenerator ids(std::random_device{}());
  NewApiKeySecret secret = GenerateApiKeySecret();
  std::string key_id = ids.Next(domain::kApiKeyPrefix, now);
  auto events = domain::Decide(domain::ApiKeyState{},
                               domain::CreateApiKey{name, scopes, {}, rate_limit_per_minute},
                               {now, key_id, secret.sha256_hex, secret.hint});
  if (!events) return std::unexpected(events.error());
  auto appended =
      AppendAll(store, organization_id, *events, eventstore::ExpectedVersion::NoStream());
  if (!appended) return std::unexpected(appended.error());
  return BootstrapResult{organization_id, key_id, secret.secret};
}

domain::Result<std::string> CreateOrganizationOffline(eventstore::EventStore& store,
                                                      const std::string& name,
                                                      const std::string& currency,
                                                      domain::Timestamp now) {
  domain::IdGenerator ids(std::random_device{}());
  std::string organization_id = ids.Next(domain::kOrganizationPrefix, now);
  auto created = domain::Decide(domain::OrganizationState{},
                                domain::CreateOrganization{name, currency}, {now, organization_id});
  if (!created) return std::unexpected(created.error());
  auto appended =
      AppendAll(store, organization_id, *created, eventstore::ExpectedVersion::NoStream());
  if (!appended) return std::unexpected(appended.error());
  return organization_id;
}

domain::Result<void> ChangePlanOffline(eventstore::EventStore& store,
                                       const std::string& organization_id, const std::string& plan,
                                       std::optional<int64_t> rate_limit_per_minute,
                                       domain::Timestamp now) {
  auto organization =
      ReadAggregate<domain::OrganizationState>(store, organization_id, organization_id, {});
  if (!organization) return std::unexpected(organization.error());
  if (!organization->exists) {
    return domain::Reject(domain::ErrorKind::kNotFound, "organization_not_found", "org",
                          "No organization '" + organization_id + "'");
  }
  auto changed = domain::Decide(
      *organization, domain::ChangeOrganizationPlan{plan, rate_limit_per_minute}, {now, ""});
  if (!changed) return std::unexpected(changed.error());
  auto appended = AppendAll(store, organization_id, *changed,
                            eventstore::ExpectedVersion::Exact(organization->version));
  if (!appended) return std::unexpected(appended.error());
  return {};
}

domain::Result<std::optional<BootstrapResult>> BootstrapIfEmpty(eventstore::EventStore& store,
                                                                domain::Timestamp now) {
  if (store.HeadPosition() != 0) return std::optional<BootstrapResult>{};
  auto organization = CreateOrganizationOffline(store, "Default organization", "USD", now);
  if (!organization) return std::unexpected(organization.error());
  const std::string& organization_id = *organization;
  std::vector<std::string> every_scope(domain::kApiKeyScopes.begin(), domain::kApiKeyScopes.end());
  auto key = CreateApiKeyOffline(store, organization_id, "Admin (bootstrap)", every_scope,
                                 std::nullopt, now);
  if (!key) return std::unexpected(key.error());
  return std::optional(*key);
}

}  // namespace factura::api
