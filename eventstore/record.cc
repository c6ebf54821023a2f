#include "eventstore/record.h"

#include <openssl/evp.h>

#include <cstring>
#include <memory>

namespace factura::eventstore {
namespace {

constexpr uint8_t kMagic = 0xF1;
constexpr uint8_t kFormat = 1;

void PutU64(std::string& out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}
void PutU32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}
void PutString(std::string& out, std::string_view text) {
  PutU32(out, static_cast<uint32_t>(text.size()));
  out.append(text);
}

// Reads the grammar above front to back; `ok` turns false at the first short read.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  bool ok() const { return ok_; }
  size_t consumed() const { return offset_; }

  uint64_t U64() { return Fixed(8); }
  uint32_t U32() { return static_cast<uint32_t>(Fixed(4)); }
  uint8_t U8() { return static_cast<uint8_t>(Fixed(1)); }
  std::string_view String() {
    uint32_t length = U32();
    if (!ok_ || bytes_.size() - offset_ < length) return Fail();
    std::string_view text = bytes_.substr(offset_, length);
    offset_ += length;
    return text;
  }
  Hash HashBytes() {
    Hash hash{};
    if (!ok_ || bytes_.size() - offset_ < hash.size()) {
      Fail();
      return hash;
    }
    std::memcpy(hash.data(), bytes_.data() + offset_, hash.size());
    offset_ += hash.size();
    return hash;
  }

 private:
  uint64_t Fixed(size_t width) {
    if (!ok_ || bytes_.size() - offset_ < width) {
      Fail();
      return 0;
    }
    uint64_t value = 0;
    for (size_t i = 0; i < width; ++i) {
      value = value << 8 | static_cast<uint8_t>(bytes_[offset_ + i]);
    }
    offset_ += width;
    return value;
  }
  std::string_view Fail() {
    ok_ = false;
    return {};
  }

  std::string_view bytes_;
  size_t offset_ = 0;
  bool ok_ = true;
};

std::unexpected<domain::Error> Corrupt(std::string what) {
  return domain::Reject(domain::ErrorKind::kDataLoss, "corrupt_record", "", std::move(what));
}

const EVP_MD* Sha256Digest() {
  // Fetched once: implicit fetching on every digest costs more than hashing a small record.
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

}  // namespace

Result<void> ValidateStreamId(std::string_view stream_id) {
  if (stream_id.empty() || stream_id.size() > kMaxStreamIdLength ||
      stream_id.find('\0') != std::string_view::npos) {
    return domain::Invalid("invalid_stream_id", "stream_id",
                           "Stream ids are 1 to 200 bytes without NUL");
  }
  return {};
}

std::string CanonicalBytes(const EventRecord& r) {
  std::string out;
  out.reserve(128 + r.payload.size() + r.stream_id.size() + r.event_id.size());
  out.push_back(static_cast<char>(kMagic));
  out.push_back(static_cast<char>(kFormat));
  PutU64(out, r.position);
  PutU64(out, r.stream_version);
  PutU32(out, r.schema_version);
  PutU64(out, static_cast<uint64_t>(r.recorded_at.micros_since_epoch));
  for (std::string_view field :
       {std::string_view(r.event_id), std::string_view(r.stream_id), std::string_view(r.type),
        std::string_view(r.organization_id), std::string_view(r.actor),
        std::string_view(r.request_id), std::string_view(r.causation_id),
        std::string_view(r.correlation_id), std::string_view(r.payload)}) {
    PutString(out, field);
  }
  out.append(reinterpret_cast<const char*>(r.previous_hash.data()), r.previous_hash.size());
  return out;
}

Hash ComputeHash(const Hash& previous, std::string_view canonical_bytes) {
  // One context per thread, reused across records and freed when the thread ends.
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> owned(EVP_MD_CTX_new(),
                                                                             &EVP_MD_CTX_free);
  EVP_MD_CTX* context = owned.get();
  Hash hash{};
  unsigned int length = 0;
  // The canonical bytes end with the previous hash; hashing previous ‖ canonical makes the chain
  // explicit regardless of the record format.
  bool ok = EVP_DigestInit_ex(context, Sha256Digest(), nullptr) == 1 &&
            EVP_DigestUpdate(context, previous.data(), previous.size()) == 1 &&
            EVP_DigestUpdate(context, canonical_bytes.data(), canonical_bytes.size()) == 1 &&
            EVP_DigestFinal_ex(context, hash.data(), &length) == 1;
  if (!ok || length != hash.size()) std::abort();  // OpenSSL without SHA-256 cannot run us
  return hash;
}

Hash Sha256(std::string_view bytes) {
  Hash hash{};
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), hash.data(), &length, Sha256Digest(), nullptr) != 1 ||
      length != hash.size()) {
    std::abort();  // OpenSSL without SHA-256 cannot run us
  }
  return hash;
}

void SealRecord(EventRecord& record) {
  record.hash = ComputeHash(record.previous_hash, CanonicalBytes(record));
}

std::string EncodeRecord(const EventRecord& record) {
  std::string out = CanonicalBytes(record);
  out.append(reinterpret_cast<const char*>(record.hash.data()), record.hash.size());
  return out;
}

Result<EventRecordView> DecodeRecordView(std::string_view bytes) {
  Reader in(bytes);
  if (in.U8() != kMagic || in.U8() != kFormat) return Corrupt("bad magic or format byte");
  EventRecordView r;
  r.position = in.U64();
  r.stream_version = in.U64();
  r.schema_version = in.U32();
  r.recorded_at.micros_since_epoch = static_cast<int64_t>(in.U64());
  for (std::string_view* field : {&r.event_id, &r.stream_id, &r.type, &r.organization_id, &r.actor,
                                  &r.request_id, &r.causation_id, &r.correlation_id, &r.payload}) {
    *field = in.String();
  }
  r.previous_hash = in.HashBytes();
  r.hash = in.HashBytes();
  if (!in.ok()) return Corrupt("record truncated");
  if (in.consumed() != bytes.size()) return Corrupt("trailing bytes after the record");
  return r;
}

EventRecord EventRecordView::ToRecord() const {
  return EventRecord{position,
                     std::string(event_id),
                     std::string(stream_id),
                     stream_version,
                     std::string(type),
                     schema_version,
                     recorded_at,
                     std::string(organization_id),
                     std::string(actor),
                     std::string(request_id),
                     std::string(causation_id),
                     std::string(correlation_id),
                     std::string(payload),
                     previous_hash,
                     hash};
}

Result<EventRecord> DecodeRecord(std::string_view bytes) {
  auto view = DecodeRecordView(bytes);
  if (!view) return std::unexpected(view.error());
  return view->ToRecord();
}

Result<std::pair<Hash, Hash>> RecordHashes(std::string_view bytes) {
  constexpr size_t kHashes = 2 * std::tuple_size_v<Hash>;
  if (bytes.size() < kHashes + 2) return Corrupt("record too short");
  Reader in(bytes.substr(bytes.size() - kHashes));
  Hash previous = in.HashBytes();
  Hash hash = in.HashBytes();
  return std::pair{previous, hash};
}

std::string HashToHex(const Hash& hash) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (uint8_t byte : hash) {
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 15]);
  }
  return out;
}

Result<Hash> HashFromHex(std::string_view hex) {
  Hash hash{};
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  if (hex.size() != 64) return domain::Invalid("invalid_hash", "", "A hash is 64 hex digits");
  for (size_t i = 0; i < hash.size(); ++i) {
    int high = nibble(hex[2 * i]);
    int low = nibble(hex[2 * i + 1]);
    if (high < 0 || low < 0) return domain::Invalid("invalid_hash", "", "A hash is 64 hex digits");
    hash[i] = static_cast<uint8_t>(high << 4 | low);
  }
  return hash;
}

std::string EncodeU64(uint64_t value) {
  std::string out;
  PutU64(out, value);
  return out;
}

uint64_t DecodeU64(std::string_view bytes) {
  uint64_t value = 0;
  for (size_t i = 0; i < 8; ++i) value = value << 8 | static_cast<uint8_t>(bytes[i]);
  return value;
}

std::string LogKey(uint64_t position) { return EncodeU64(position); }

std::string StreamEventPrefix(std::string_view stream_id) {
  std::string key = "e";
  key.append(stream_id);
  key.push_back('\0');
  return key;
}

std::string StreamEventKey(std::string_view stream_id, uint64_t version) {
  std::string key = StreamEventPrefix(stream_id);
  PutU64(key, version);
  return key;
}

std::string IdempotencyKey(std::string_view organization_id, std::string_view key) {
  std::string out(organization_id);
  out.push_back('\0');
  out.append(key);
  return out;
}

}  // namespace factura::eventstore
