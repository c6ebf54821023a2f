#pragma once
// Helpers for event-store tests: a temporary directory and small events.

#include <cstdlib>
#include <filesystem>
#include <string>

#include "domain/events.h"
#include "eventstore/event_store.h"

namespace factura::eventstore::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "factura-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string Sub(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A ~300-byte event, about the size of a typical command's events.
inline domain::Event SampleEvent(std::string_view customer_id, int n = 0) {
  domain::CustomerProfile profile{
      .name = "Customer " + std::to_string(n),
      .company_name = "Company with a reasonably long legal name " + std::to_string(n),
      .email = "billing" + std::to_string(n) + "@example.com",
      .phone = "+1-555-0100",
      .billing_address =
          domain::Address{"123 Main Street", "Suite 400", "San Francisco", "CA", "94105", "US"},
      .payment_terms_days = 30,
      .tax_number = "12-3456789"};
  return domain::CustomerCreated{std::string(customer_id), std::move(profile),
                                 domain::Timestamp{1'736'937'000'000'000 + n}};
}

inline AppendRequest OneEvent(std::string stream, ExpectedVersion expected = ExpectedVersion::Any(),
                              int n = 0) {
  AppendRequest request;
  request.metadata = {"org_1", "ak_test", "req_" + std::to_string(n), "", ""};
  request.streams.push_back(StreamAppend{std::move(stream), expected, {SampleEvent("cus_1", n)}});
  return request;
}

inline EventStoreOptions Options(const TempDir& dir) {
  return EventStoreOptions{.path = dir.Sub("events")};
}

}  // namespace factura::eventstore::testing
