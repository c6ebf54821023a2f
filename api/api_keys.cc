#include "api/api_keys.h"

#include <openssl/rand.h>

#include <algorithm>
#include <mutex>

#include "api/log_scan.h"
#include "domain/identity/roles.h"
#include "eventstore/record.h"

namespace factura::api {
namespace {

constexpr std::string_view kBase32 = "abcdefghijklmnopqrstuvwxyz234567";
constexpr size_t kSecretCharacters = 40;

std::unexpected<domain::Error> Unauthenticated(std::string code, std::string message) {
  return domain::Reject(domain::ErrorKind::kUnauthenticated, std::move(code), "",
                        std::move(message));
}

}  // namespace

bool ApiKeyGrant::HasScope(std::string_view scope) const { return domain::Permits(scopes, scope); }

void ApiKeyDirectory::FillOrganizationLimits(ApiKeyGrant& grant) const {
  std::shared_lock lock(mutex_);
  auto organization = organizations_.find(grant.organization_id);
  if (organization == organizations_.end()) return;
  grant.organization_plan = organization->second.plan;
  grant.organization_rate_limit_per_minute = organization->second.rate_limit_per_minute;
}

std::string RandomBase32(size_t characters) {
  std::vector<unsigned char> random(characters);
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    std::abort();  // no entropy: nothing is safe
  }
  std::string text;
  text.reserve(characters);
  for (unsigned char byte : random) text.push_back(kBase32[byte % 32]);
  return text;
}

NewApiKeySecret GenerateApiKeySecret() {
  NewApiKeySecret key;
  key.secret = "sk_" + RandomBase32(kSecretCharacters);
  key.sha256_hex = Sha256Hex(key.secret);
  key.hint = key.secret.substr(key.secret.size() - 4);
  return key;
}

std::string Sha256Hex(std::string_view text) {
  return eventstore::HashToHex(eventstore::Sha256(text));
}

bool ApiKeyDirectory::Folds(const domain::Event& event) {
  return std::holds_alternative<domain::ApiKeyCreated>(event) ||
         std::holds_alternative<domain::ApiKeyRevoked>(event) ||
         std::holds_alternative<domain::ApiKeyRateLimitSet>(event) ||
         std::holds_alternative<domain::OrganizationPlanChanged>(event);
}

domain::Result<void> ApiKeyDirectory::LoadFromLog(const eventstore::EventStore& store) {
  return ScanEvents(store,
                    {domain::ApiKeyCreated::kType, domain::ApiKeyRevoked::kType,
                     domain::ApiKeyRateLimitSet::kType, domain::OrganizationPlanChanged::kType},
                    [this](std::string_view organization_id, const domain::Event& event) {
                      Apply(organization_id, event);
                    });
}

void ApiKeyDirectory::Apply(std::string_view organization_id, const domain::Event& event) {
  std::unique_lock lock(mutex_);
  if (const auto* created = std::get_if<domain::ApiKeyCreated>(&event)) {
    ApiKeyGrant grant{std::string(organization_id), created->api_key_id, created->scopes,
                      created->expires_at, false};
    if (auto organization = organizations_.find(organization_id);
        organization != organizations_.end()) {
      grant.organization_plan = organization->second.plan;
      grant.organization_rate_limit_per_minute = organization->second.rate_limit_per_minute;
    }
    by_hash_[created->secret_sha256_hex] = std::move(grant);
    hash_by_id_[domain::StreamId::Compose(organization_id, created->api_key_id)] =
        created->secret_sha256_hex;
  } else if (const auto* revoked = std::get_if<domain::ApiKeyRevoked>(&event)) {
    auto hash = hash_by_id_.find(domain::StreamId::Compose(organization_id, revoked->api_key_id));
    if (hash == hash_by_id_.end()) return;
    auto grant = by_hash_.find(hash->second);
    if (grant != by_hash_.end()) grant->second.revoked = true;
  } else if (const auto* limit = std::get_if<domain::ApiKeyRateLimitSet>(&event)) {
    auto hash = hash_by_id_.find(domain::StreamId::Compose(organization_id, limit->api_key_id));
    if (hash == hash_by_id_.end()) return;
    auto grant = by_hash_.find(hash->second);
    if (grant != by_hash_.end()) {
      grant->second.key_rate_limit_per_minute = limit->rate_limit_per_minute;
    }
  } else if (const auto* plan = std::get_if<domain::OrganizationPlanChanged>(&event)) {
    organizations_[std::string(organization_id)] = {plan->plan, plan->rate_limit_per_minute};
    // Kept on every grant of the organization, so authenticating takes one lookup.
    std::string prefix = std::string(organization_id) + "/";
    for (auto it = hash_by_id_.lower_bound(prefix);
         it != hash_by_id_.end() && std::string_view(it->first).starts_with(prefix); ++it) {
      auto grant = by_hash_.find(it->second);
      if (grant == by_hash_.end()) continue;
      grant->second.organization_plan = plan->plan;
      grant->second.organization_rate_limit_per_minute = plan->rate_limit_per_minute;
    }
  }
}

std::vector<std::string> ApiKeyDirectory::KeyIdsOf(std::string_view organization_id) const {
  std::string prefix = std::string(organization_id) + "/";
  std::shared_lock lock(mutex_);
  std::vector<std::string> ids;
  for (auto it = hash_by_id_.lower_bound(prefix);
       it != hash_by_id_.end() && std::string_view(it->first).starts_with(prefix); ++it) {
    ids.push_back(it->first.substr(prefix.size()));
  }
  return ids;
}

domain::Result<ApiKeyGrant> ApiKeyDirectory::Authenticate(std::string_view authorization,
                                                          domain::Timestamp now) const {
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.empty()) {
    return Unauthenticated("missing_api_key", "Send your API key as 'Authorization: Bearer <key>'");
  }
  if (!authorization.starts_with(kBearer) || authorization.size() > 512) {
    return Unauthenticated("invalid_api_key", "The authorization header is not 'Bearer <key>'");
  }
  std::string hash = Sha256Hex(authorization.substr(kBearer.size()));
  std::shared_lock lock(mutex_);
  auto grant = by_hash_.find(hash);
  if (grant == by_hash_.end()) {
    return Unauthenticated("invalid_api_key", "The API key is not valid");
  }
  if (grant->second.revoked) return Unauthenticated("api_key_revoked", "The API key was revoked");
  if (grant->second.expires_at && !(now < *grant->second.expires_at)) {
    return Unauthenticated("api_key_expired", "The API key has expired");
  }
  return grant->second;
}

}  // namespace factura::api
