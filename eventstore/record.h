#pragma once
// The event record (envelope), its byte format, its hash, and the RocksDB key grammar.
//
// Column families and keys (all integers big-endian, so that keys sort numerically):
//   log          position:u64                          -> record (below)
//   streams      'e' stream_id 0x00 version:u64        -> position:u64
//                (a stream's version is its last key: SeekForPrev(version = 2^64 - 1))
//   idempotency  organization_id 0x00 key              -> idempotency record (idempotency.h)
//   meta         "format"                              -> format version:u32
//                "head"                                -> position:u64 hash:32 bytes
// Stream ids and organization ids never contain 0x00 (ValidateStreamId), so the 0x00 separator
// keeps one stream's keys from running into another's.
//
// Record, format 1 (the canonical bytes are everything before `hash`):
//   magic:u8=0xF1 format:u8=1 position:u64 stream_version:u64 schema_version:u32
//   recorded_at_us:i64 str(event_id) str(stream_id) str(type) str(organization_id) str(actor)
//   str(request_id) str(causation_id) str(correlation_id) str(payload)
//   previous_hash:32 hash:32
//   str := length:u32 bytes
// hash = SHA-256(previous_hash ‖ canonical bytes); the first record's previous_hash is all zero.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/date.h"
#include "domain/error.h"

namespace factura::eventstore {

using domain::Result;
using Hash = std::array<uint8_t, 32>;

struct EventRecord {
  uint64_t position = 0;  // global, dense, from 1
  std::string event_id;   // evt_…
  std::string stream_id;
  uint64_t stream_version = 0;  // from 1 within the stream
  std::string type;             // the event's wire name
  uint32_t schema_version = 0;
  domain::Timestamp recorded_at;
  std::string organization_id;
  std::string actor;  // API key or user id
  std::string request_id;
  std::string causation_id;
  std::string correlation_id;
  std::string payload;  // payload_codec.h
  Hash previous_hash{};
  Hash hash{};

  friend bool operator==(const EventRecord&, const EventRecord&) = default;
};

// The same fields as views into the stored bytes: decoding copies nothing, so scans that only
// look (replay, verification, projections) avoid an allocation per field. Valid only while the
// bytes it was decoded from are.
struct EventRecordView {
  uint64_t position = 0;
  uint64_t stream_version = 0;
  uint32_t schema_version = 0;
  domain::Timestamp recorded_at;
  std::string_view event_id;
  std::string_view stream_id;
  std::string_view type;
  std::string_view organization_id;
  std::string_view actor;
  std::string_view request_id;
  std::string_view causation_id;
  std::string_view correlation_id;
  std::string_view payload;
  Hash previous_hash{};
  Hash hash{};

  EventRecord ToRecord() const;
};

inline constexpr size_t kMaxStreamIdLength = 200;

// Non-empty, at most 200 bytes, no 0x00. Errors: `invalid_stream_id`.
[[nodiscard]] Result<void> ValidateStreamId(std::string_view stream_id);

[[nodiscard]] std::string CanonicalBytes(const EventRecord& record);
[[nodiscard]] Hash ComputeHash(const Hash& previous, std::string_view canonical_bytes);
// SHA-256 of `bytes` (API key hashes, idempotency fingerprints), with the digest fetched once.
[[nodiscard]] Hash Sha256(std::string_view bytes);
// Fills in `hash` from the other fields.
void SealRecord(EventRecord& record);

[[nodiscard]] std::string EncodeRecord(const EventRecord& record);
// Errors: `corrupt_record` (kDataLoss).
[[nodiscard]] Result<EventRecord> DecodeRecord(std::string_view bytes);
[[nodiscard]] Result<EventRecordView> DecodeRecordView(std::string_view bytes);
// Only the hash and previous hash, without decoding the rest (for `audit verify`).
[[nodiscard]] Result<std::pair<Hash, Hash>> RecordHashes(std::string_view bytes);

[[nodiscard]] std::string HashToHex(const Hash& hash);
[[nodiscard]] Result<Hash> HashFromHex(std::string_view hex);

// Keys.
[[nodiscard]] std::string EncodeU64(uint64_t value);
[[nodiscard]] uint64_t DecodeU64(std::string_view bytes);  // bytes.size() >= 8
[[nodiscard]] std::string LogKey(uint64_t position);
[[nodiscard]] std::string StreamEventKey(std::string_view stream_id, uint64_t version);
[[nodiscard]] std::string StreamEventPrefix(std::string_view stream_id);
[[nodiscard]] std::string IdempotencyKey(std::string_view organization_id, std::string_view key);

}  // namespace factura::eventstore
