#include "domain/ids.h"

namespace factura::domain {
namespace {

constexpr std::string_view kCrockford = "0123456789abcdefghjkmnpqrstvwxyz";

bool IsIdCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

Result<void> ValidateId(std::string_view id, std::string_view prefix, std::string_view param) {
  auto bad = [&] {
    return Invalid(
        "invalid_id", std::string(param),
        "'" + std::string(id.substr(0, 80)) + "' is not a valid " + std::string(prefix) + "_ id");
  };
  if (id.size() <= prefix.size() + 1 || id.substr(0, prefix.size()) != prefix ||
      id[prefix.size()] != '_') {
    return bad();
  }
  std::string_view suffix = id.substr(prefix.size() + 1);
  if (suffix.size() > kMaxIdSuffixLength) return bad();
  for (char c : suffix) {
    if (!IsIdCharacter(c)) return bad();
  }
  return {};
}

std::string IdGenerator::Next(std::string_view prefix, Timestamp now) {
  uint64_t millis = static_cast<uint64_t>(now.micros_since_epoch / 1000) & ((1ULL << 48) - 1);
  if (millis <= last_millis_) {
    // Same (or an earlier, if the clock stepped back) millisecond: increment the random part so
    // the new id still sorts after the previous one.
    millis = last_millis_;
    for (size_t i = last_random_.size(); i-- > 0;) {
      if (++last_random_[i] != 0) break;
    }
  } else {
    uint64_t a = random_();
    uint64_t b = random_();
    for (size_t i = 0; i < 8; ++i) last_random_[i] = static_cast<uint8_t>(a >> (8 * i));
    last_random_[8] = static_cast<uint8_t>(b);
    last_random_[9] = static_cast<uint8_t>(b >> 8);
    last_random_[0] &= 0x7f;  // leave room to increment within a millisecond
  }
  last_millis_ = millis;

  // 128 bits: 48 of time, 80 of randomness; base32 of the top 130 (two zero pad bits) = 26 chars.
  unsigned __int128 value = static_cast<unsigned __int128>(millis) << 80;
  for (size_t i = 0; i < last_random_.size(); ++i) {
    value |= static_cast<unsigned __int128>(last_random_[i]) << (8 * (9 - i));
  }
  std::string out(prefix);
  out += '_';
  char encoded[26];
  for (int i = 25; i >= 0; --i) {
    encoded[i] = kCrockford[static_cast<size_t>(value & 31)];
    value >>= 5;
  }
  out.append(encoded, 26);
  return out;
}

}  // namespace factura::domain
