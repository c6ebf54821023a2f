#include "api/identity/passwords.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <mutex>

namespace factura::api {
namespace {

// The most common passwords of at least kMinPasswordLength characters in public breach corpora
// (lower case; the comparison ignores case).
constexpr std::array<std::string_view, 60> kCommonPasswords = {
    "1234567890",   "12345678910",  "123456789a",       "1q2w3e4r5t",    "qwertyuiop",
    "password1",    "password12",   "password123",      "password1234",  "passw0rd123",
    "iloveyou12",   "1qaz2wsx3edc", "qwerty1234",       "qwerty12345",   "qwerty123456",
    "0987654321",   "1111111111",   "0000000000",       "abcdefghij",    "abc1234567",
    "asdfghjkl1",   "zxcvbnm123",   "football12",       "baseball12",    "superman12",
    "welcome123",   "welcome1234",  "letmein123",       "trustno1234",   "monkey1234",
    "dragon1234",   "sunshine12",   "princess12",       "starwars12",    "whatever12",
    "computer12",   "michael123",   "jennifer12",       "123qweasdzxc",  "q1w2e3r4t5",
    "1234qwerasdf", "aaaaaaaaaa",   "qazwsxedcrfv",     "administrator", "admin12345",
    "admin123456",  "changeme123",  "passwordpassword", "internet12",    "samsung123",
    "iloveyou123",  "qwertyqwerty", "9876543210",       "5555555555",    "987654321a",
    "a123456789",   "asdfasdfasdf", "12341234123",      "secret1234",    "p@ssw0rd123"};

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

void InitializeSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();  // no safe randomness: nothing can be trusted
  });
}

// Counts UTF-8 characters (not continuation bytes).
size_t CharacterCount(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

domain::Result<void> ValidateNewPassword(std::string_view password, std::string_view email,
                                         std::string_view param) {
  if (password.size() > kMaxPasswordLength) {
    return domain::Invalid(
        "password_too_long", std::string(param),
        "Passwords are at most " + std::to_string(kMaxPasswordLength) + " bytes");
  }
  if (CharacterCount(password) < kMinPasswordLength) {
    return domain::Invalid(
        "password_too_short", std::string(param),
        "Passwords have at least " + std::to_string(kMinPasswordLength) + " characters");
  }
  std::string lower = Lower(password);
  bool common =
      std::find(kCommonPasswords.begin(), kCommonPasswords.end(), lower) != kCommonPasswords.end();
  if (common || lower == Lower(email) || lower == Lower(email.substr(0, email.find('@')))) {
    return domain::Invalid("password_too_common", std::string(param),
                           "That password is too easy to guess; choose another");
  }
  return {};
}

domain::Result<std::string> HashPassword(std::string_view password) {
  InitializeSodium();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str(out.data(), password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return domain::Reject(domain::ErrorKind::kInternal, "password_hash_failed", "",
                          "Could not hash the password");
  }
  return std::string(out.data());
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  InitializeSodium();
  // A hash made once, of nothing anyone can type, to verify against when there is no user.
  static const std::string kDecoy = [] {
    auto decoy = HashPassword("\x01 no such user \x01");
    return decoy ? *decoy : std::string();
  }();
  std::string stored(hash.empty() ? std::string_view(kDecoy) : hash);
  bool matches = crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
  return matches && !hash.empty();
}

}  // namespace factura::api
