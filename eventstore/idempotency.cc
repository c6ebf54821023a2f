#include "eventstore/idempotency.h"

#include <vector>

#include "eventstore/record.h"

namespace factura::eventstore {
namespace {

void PutU32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

uint32_t ReadU32(std::string_view bytes) {
  return static_cast<uint32_t>(DecodeU64(std::string(4, '\0') + std::string(bytes.substr(0, 4))));
}

// A record of the older layout, in the API's encoding of a stored reply (one byte for the
// effect: 'c' created, 'd' deleted, 'u' anything else; then the body).
std::string LegacyResponse(uint32_t status, std::string_view body) {
  char effect = status == 201 ? 'c' : status == 204 ? 'd' : 'u';
  return effect + std::string(body);
}

}  // namespace

std::string EncodeIdempotencyValue(const IdempotencyRecord& r) {
  std::string out;
  out += EncodeU64(static_cast<uint64_t>(r.expires_at.micros_since_epoch));
  out += EncodeU64(static_cast<uint64_t>(r.created_at.micros_since_epoch));
  out += EncodeU64(r.position);
  PutU32(out, 0);
  for (std::string_view text : {std::string_view(r.fingerprint), std::string_view(r.response)}) {
    PutU32(out, static_cast<uint32_t>(text.size()));
    out.append(text);
  }
  return out;
}

domain::Result<IdempotencyRecord> DecodeIdempotencyValue(std::string_view value) {
  auto corrupt = [] {
    return domain::Reject(domain::ErrorKind::kDataLoss, "corrupt_record", "",
                          "A stored idempotency record is corrupt");
  };
  if (value.size() < 28) return corrupt();
  IdempotencyRecord r;
  r.expires_at.micros_since_epoch = static_cast<int64_t>(DecodeU64(value.substr(0, 8)));
  r.created_at.micros_since_epoch = static_cast<int64_t>(DecodeU64(value.substr(8, 8)));
  r.position = DecodeU64(value.substr(16, 8));
  uint32_t legacy_status = ReadU32(value.substr(24, 4));
  std::string content_type;
  std::vector<std::string*> fields = {&r.fingerprint, &r.response};
  if (legacy_status != 0) fields = {&r.fingerprint, &content_type, &r.response};
  size_t offset = 28;
  for (std::string* field : fields) {
    if (value.size() - offset < 4) return corrupt();
    auto length = static_cast<size_t>(ReadU32(value.substr(offset, 4)));
    offset += 4;
    if (value.size() - offset < length) return corrupt();
    *field = std::string(value.substr(offset, length));
    offset += length;
  }
  if (offset != value.size()) return corrupt();
  if (legacy_status != 0) r.response = LegacyResponse(legacy_status, r.response);
  return r;
}

int64_t IdempotencyExpiryMicros(std::string_view value) {
  if (value.size() < 8) return 0;
  return static_cast<int64_t>(DecodeU64(value.substr(0, 8)));
}

domain::Result<void> ValidateIdempotencyKey(std::string_view key) {
  bool ok = !key.empty() && key.size() <= kMaxIdempotencyKeyLength;
  for (char c : key) ok = ok && c > 0x20 && c < 0x7F;
  if (!ok) {
    return domain::Invalid("invalid_idempotency_key", "Idempotency-Key",
                           "Idempotency keys are 1 to 255 printable ASCII characters");
  }
  return {};
}

}  // namespace factura::eventstore
