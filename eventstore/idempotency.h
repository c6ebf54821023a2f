#pragma once
// Idempotency records: the response a request produced, stored in the same atomic batch as the
// request's events, so that a retry after a crash either finds it (the command happened) or does
// not (it did not).
//
// The stored response is opaque here: the application encodes what it answered (for the API,
// api/commands/outcome.h) and gets the same bytes back.
//
// Value format (column family `idempotency`, key = organization_id 0x00 key):
//   expires_at_us:i64 created_at_us:i64 position:u64 0:u32 str(fingerprint) str(response)
//                                                         with str := length:u32 bytes
// `expires_at` leads so that the compaction filter that drops expired records reads 8 bytes.
// Records written before the response became opaque hold an HTTP status (never 0) where the 0
// is, then str(fingerprint) str(content_type) str(body); they are read into the API's encoding
// (LegacyResponse in idempotency.cc) until they expire, a day after they were written.

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/date.h"
#include "domain/error.h"

namespace factura::eventstore {

inline constexpr int64_t kIdempotencyRetentionMicros = 24LL * 3600 * 1'000'000;
inline constexpr size_t kMaxIdempotencyKeyLength = 255;

struct IdempotencyRecord {
  std::string organization_id;
  std::string key;
  std::string fingerprint;  // of the request (method, path, body); the API computes it
  std::string response;     // what the request answered, as the application encoded it
  domain::Timestamp created_at;
  domain::Timestamp expires_at;  // at least created_at + 24 h
  uint64_t position = 0;         // the last event the request appended (0: none)

  friend bool operator==(const IdempotencyRecord&, const IdempotencyRecord&) = default;
};

[[nodiscard]] std::string EncodeIdempotencyValue(const IdempotencyRecord& record);
// Fills everything but organization_id and key. Errors: `corrupt_record` (kDataLoss).
[[nodiscard]] domain::Result<IdempotencyRecord> DecodeIdempotencyValue(std::string_view value);
// The expiry of an encoded value, or 0 if it is too short to hold one.
[[nodiscard]] int64_t IdempotencyExpiryMicros(std::string_view value);

// 1 to 255 printable ASCII characters. Errors: `invalid_idempotency_key`.
[[nodiscard]] domain::Result<void> ValidateIdempotencyKey(std::string_view key);

}  // namespace factura::eventstore
