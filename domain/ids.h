#pragma once
// Prefixed, time-sortable identifiers: `inv_01jd8x3q7m2k9v0f4r6t8w1y3z`.
//
// A generated id is its kind's prefix, an underscore, and 26 characters of lower-case Crockford
// base32: 48 bits of milliseconds since the epoch then 80 bits that are random per millisecond and
// incremented within one, so ids from one generator sort in creation order. Some kinds also take
// ids chosen by people (`tax_gst_10`); `ValidateId` accepts both.
//
// Ids are generated outside `Decide` and passed in through a command's context, so decisions stay
// deterministic:
//
//   IdGenerator ids(seed);
//   std::string id = ids.Next(kInvoicePrefix, now);

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "domain/date.h"
#include "domain/error.h"

namespace factura::domain {

inline constexpr std::string_view kOrganizationPrefix = "org";
inline constexpr std::string_view kCustomerPrefix = "cus";
inline constexpr std::string_view kProductPrefix = "prod";
inline constexpr std::string_view kTaxRatePrefix = "tax";
inline constexpr std::string_view kInvoicePrefix = "inv";
inline constexpr std::string_view kLineItemPrefix = "li";
inline constexpr std::string_view kPaymentPrefix = "pay";
inline constexpr std::string_view kRefundPrefix = "ref";
inline constexpr std::string_view kCreditNotePrefix = "cn";
inline constexpr std::string_view kWebhookPrefix = "wh";
inline constexpr std::string_view kApiKeyPrefix = "ak";
inline constexpr std::string_view kEventPrefix = "evt";
inline constexpr std::string_view kUserPrefix = "usr";
inline constexpr std::string_view kSessionPrefix = "ses";
inline constexpr std::string_view kInvitationPrefix = "invt";
inline constexpr std::string_view kRolePrefix = "role";
inline constexpr std::string_view kOAuthClientPrefix = "oac";

inline constexpr size_t kMaxIdSuffixLength = 64;

// Whether `id` is of the kind `prefix` names: `inv_…` for kInvoicePrefix.
inline bool HasIdPrefix(std::string_view id, std::string_view prefix) {
  return id.size() > prefix.size() && id.starts_with(prefix) && id[prefix.size()] == '_';
}

// `prefix_` followed by 1 to 64 of [A-Za-z0-9_]. Nothing else: no dots, slashes or percent signs
// can reach a path or a key. Errors: `invalid_id` with the given param.
[[nodiscard]] Result<void> ValidateId(std::string_view id, std::string_view prefix,
                                      std::string_view param);

// Not thread-safe: one generator per thread (the command processor owns one).
class IdGenerator {
 public:
  explicit IdGenerator(uint64_t seed) : random_(seed) {}

  std::string Next(std::string_view prefix, Timestamp now);

 private:
  std::mt19937_64 random_;
  uint64_t last_millis_ = 0;
  std::array<uint8_t, 10> last_random_{};
};

}  // namespace factura::domain
