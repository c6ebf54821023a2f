#include "api/identity/login_throttle.h"

#include <algorithm>

#include "api/identity/identity_directory.h"

namespace factura::api {
namespace {

constexpr int64_t kMicros = 1'000'000;

std::string AccountKey(std::string_view account) { return "a:" + EmailKey(account); }
std::string AddressKey(std::string_view address) { return "ip:" + std::string(address); }
std::string RegistrationKey(std::string_view address) { return "reg:" + std::string(address); }

}  // namespace

std::optional<int64_t> LoginThrottle::WaitFor(const std::string& key, int64_t now_us) const {
  auto it = records_.find(key);
  if (it == records_.end() || it->second.blocked_until_us <= now_us) return std::nullopt;
  return (it->second.blocked_until_us - now_us + kMicros - 1) / kMicros;
}

std::optional<int64_t> LoginThrottle::Check(std::string_view account, std::string_view address,
                                            domain::Timestamp now) {
  std::lock_guard lock(mutex_);
  auto by_account = WaitFor(AccountKey(account), now.micros_since_epoch);
  auto by_address =
      address.empty() ? std::nullopt : WaitFor(AddressKey(address), now.micros_since_epoch);
  if (!by_account) return by_address;
  if (!by_address) return by_account;
  return std::max(*by_account, *by_address);
}

void LoginThrottle::Fail(const std::string& key, int64_t now_us, int factor) {
  int free_failures = policy_.free_failures * factor;
  int lock_after = policy_.lock_after * factor;
  Record& record = records_[key];
  // A quiet spell as long as a lock forgives what came before it.
  if (now_us - record.last_failure_us > policy_.lock_seconds * kMicros) record.failures = 0;
  ++record.failures;
  record.last_failure_us = now_us;
  if (record.failures >= lock_after) {
    record.blocked_until_us = now_us + policy_.lock_seconds * kMicros;
  } else if (record.failures > free_failures) {
    int doublings = std::min(record.failures - free_failures - 1, 30);
    int64_t delay = std::min<int64_t>(int64_t{1} << doublings, policy_.max_delay_seconds);
    record.blocked_until_us = now_us + delay * kMicros;
  }
}

void LoginThrottle::Failed(std::string_view account, std::string_view address,
                           domain::Timestamp now) {
  std::lock_guard lock(mutex_);
  Bound(now.micros_since_epoch);
  Fail(AccountKey(account), now.micros_since_epoch, 1);
  if (!address.empty()) {
    Fail(AddressKey(address), now.micros_since_epoch, std::max(policy_.address_factor, 1));
  }
}

std::optional<int64_t> LoginThrottle::CheckRegistration(std::string_view address,
                                                        domain::Timestamp now) {
  if (address.empty()) return std::nullopt;
  std::lock_guard lock(mutex_);
  return WaitFor(RegistrationKey(address), now.micros_since_epoch);
}

void LoginThrottle::Registered(std::string_view address, domain::Timestamp now) {
  if (address.empty()) return;
  std::lock_guard lock(mutex_);
  Bound(now.micros_since_epoch);
  Fail(RegistrationKey(address), now.micros_since_epoch, std::max(policy_.address_factor, 1));
}

size_t LoginThrottle::Tracked() {
  std::lock_guard lock(mutex_);
  return records_.size();
}

void LoginThrottle::Succeeded(std::string_view account) {
  std::lock_guard lock(mutex_);
  records_.erase(AccountKey(account));
}

void LoginThrottle::Bound(int64_t now_us) {
  if (records_.size() < policy_.max_tracked) return;
  // Forget what no longer holds anyone back, then what holds no one back now; only if every
  // record is a live block, everything (a flood of made-up accounts must not grow memory
  // without bound).
  std::erase_if(records_, [&](const auto& entry) {
    return entry.second.blocked_until_us <= now_us &&
           now_us - entry.second.last_failure_us > policy_.lock_seconds * kMicros;
  });
  if (records_.size() < policy_.max_tracked) return;
  std::erase_if(records_,
                [&](const auto& entry) { return entry.second.blocked_until_us <= now_us; });
  if (records_.size() >= policy_.max_tracked) records_.clear();
}

}  // namespace factura::api
