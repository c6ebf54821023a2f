#pragma once
// Login throttling: failed logins per account (the e-mail as typed, whether or not it exists, so
// the throttle's answers reveal nothing) and per client address. The first `free_failures` cost
// nothing (an address's allowances are `address_factor` times larger); each one after doubles a
// delay before the next attempt is heard (1 s, 2 s, 4 s …), and at `lock_after` failures the
// account or address is locked for `lock_seconds`. A success clears the account's count (not the
// address's: one address guessing many accounts stays slowed). In memory, bounded: a restart
// forgets, which is the usual trade (no write per failed login).
//
//   if (auto wait = throttle.Check(email, address, now)) → 429, Retry-After: *wait
//   … verify …; ok ? throttle.Succeeded(email) : throttle.Failed(email, address, now);
//
// Thread-safe.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/date.h"

namespace factura::api {

struct ThrottlePolicy {
  int free_failures = 5;
  int lock_after = 10;
  int64_t lock_seconds = 900;
  int64_t max_delay_seconds = 60;
  size_t max_tracked = 100'000;  // keys remembered; past it, the quietest are forgotten
  // An address may fail this many times more than an account before it is slowed: many people
  // share one address behind a NAT.
  int address_factor = 4;
};

class LoginThrottle {
 public:
  explicit LoginThrottle(ThrottlePolicy policy = {}) : policy_(policy) {}

  // Seconds to wait before `account` may try again from `address`; nullopt: it may now.
  std::optional<int64_t> Check(std::string_view account, std::string_view address,
                               domain::Timestamp now);
  void Failed(std::string_view account, std::string_view address, domain::Timestamp now);
  void Succeeded(std::string_view account);
  // How many accounts and addresses are remembered (for the bound's test).
  size_t Tracked();

  // Registrations from one address, each counted like an address's failed login (a new account
  // costs a password hash, and made-up accounts are spam): seconds to wait, or nullopt.
  std::optional<int64_t> CheckRegistration(std::string_view address, domain::Timestamp now);
  void Registered(std::string_view address, domain::Timestamp now);

 private:
  struct Record {
    int failures = 0;
    int64_t blocked_until_us = 0;
    int64_t last_failure_us = 0;
  };
  std::optional<int64_t> WaitFor(const std::string& key, int64_t now_us) const;
  void Fail(const std::string& key, int64_t now_us, int factor);
  void Bound(int64_t now_us);

  ThrottlePolicy policy_;
  std::mutex mutex_;
  std::unordered_map<std::string, Record> records_;
};

}  // namespace factura::api
