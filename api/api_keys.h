#pragma once
// API keys at the gate: generating secrets, and the directory that maps a presented secret's
// SHA-256 to the organization, the scopes and the rate limits it grants. The directory is rebuilt
// from the log at start and kept current by the command processor; lookups are by hash, so the
// secret itself is never stored or compared.
//
//   ApiKeyDirectory keys;
//   FACTURA_TRY(keys.LoadFromLog(store));
//   auto grant = keys.Authenticate(authorization_header, now);   // 401 on any failure

#include <cstdint>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "domain/error.h"
#include "domain/events.h"
#include "domain/stream_id.h"
#include "eventstore/event_store.h"

namespace factura::api {

// Who a request acts as: an API key, or a user with a role (user_id set, api_key_id empty).
struct ApiKeyGrant {
  std::string organization_id;
  std::string api_key_id;
  std::vector<std::string> scopes;  // for a user: the role's permissions, wildcards included
  std::optional<domain::Timestamp> expires_at;
  bool revoked = false;
  // What the rate limiter needs: the key's own limit, the organization's plan (empty: never set)
  // and its custom limit.
  std::optional<int64_t> key_rate_limit_per_minute;
  std::string organization_plan;
  std::optional<int64_t> organization_rate_limit_per_minute;

  std::string user_id;
  std::string session_id;
  std::string role;
  std::string client_id;  // an OAuth client's token: the client (acting for user_id, if any)
  // A user of the `customer` role: the one customer whose invoices, payments and credit they
  // see (api/http/customer_scope.h); everything else is not found.
  std::string customer_id;

  // `scope` is granted, directly or by a wildcard (`invoices:*`, `*:read`).
  bool HasScope(std::string_view scope) const;
  // What the event envelope records as the actor: the user, else the OAuth client, else the key.
  const std::string& actor() const {
    if (!user_id.empty()) return user_id;
    return client_id.empty() ? api_key_id : client_id;
  }
};

struct NewApiKeySecret {
  std::string secret;      // shown once: "sk_" + 40 base32 characters (200 random bits)
  std::string sha256_hex;  // what is stored
  std::string hint;        // last four characters
};

[[nodiscard]] NewApiKeySecret GenerateApiKeySecret();
// `characters` random base32 characters (5 bits each, from OpenSSL's CSPRNG).
[[nodiscard]] std::string RandomBase32(size_t characters);
[[nodiscard]] std::string Sha256Hex(std::string_view text);

// Thread-safe.
class ApiKeyDirectory {
 public:
  // Scans the log for the events Folds names. Errors: the store's.
  [[nodiscard]] domain::Result<void> LoadFromLog(const eventstore::EventStore& store);
  // Folds one durable event (other types are ignored).
  void Apply(std::string_view organization_id, const domain::Event& event);
  // Whether Apply does anything with the event: API keys' events and organizations' plans.
  static bool Folds(const domain::Event& event);

  // "Bearer <secret>" → the grant. 401 `missing_api_key`, `invalid_api_key`, `api_key_expired`,
  // `api_key_revoked`.
  [[nodiscard]] domain::Result<ApiKeyGrant> Authenticate(std::string_view authorization,
                                                         domain::Timestamp now) const;

  // The organization's plan and custom limit, as its keys' grants carry them (for users' grants).
  void FillOrganizationLimits(ApiKeyGrant& grant) const;

  // The ids of the organization's keys, in id (creation) order.
  std::vector<std::string> KeyIdsOf(std::string_view organization_id) const;

 private:
  mutable std::shared_mutex mutex_;
  std::map<std::string, ApiKeyGrant, std::less<>> by_hash_;
  std::map<std::string, std::string, std::less<>> hash_by_id_;  // org/key id → hash
  struct OrganizationLimits {
    std::string plan;
    std::optional<int64_t> rate_limit_per_minute;
  };
  std::map<std::string, OrganizationLimits, std::less<>> organizations_;
};

}  // namespace factura::api
