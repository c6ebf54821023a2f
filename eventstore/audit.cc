#include "eventstore/audit.h"

namespace factura::eventstore {
namespace {

constexpr uint64_t kProgressEvery = 16'384;

}  // namespace

domain::Result<VerifyReport> VerifyChain(const LogReader& reader,
                                         const ProgressCallback& progress) {
  VerifyReport report;
  uint64_t total = reader.LastPosition();
  uint64_t expected = 1;
  Hash previous{};
  auto fail = [&](uint64_t position, std::string problem) {
    report.first_bad_position = position;
    report.problem = std::move(problem);
    return false;
  };
  auto walked = reader.ForEachRaw(1, [&](uint64_t position, std::string_view bytes) {
    if (position != expected) {
      return fail(expected, "position " + std::to_string(expected) + " is missing (next is " +
                                std::to_string(position) + ")");
    }
    auto record = DecodeRecord(bytes);
    if (!record) return fail(position, record.error().message);
    if (record->position != position) {
      return fail(position,
                  "the record says it is at position " + std::to_string(record->position));
    }
    if (record->previous_hash != previous) {
      return fail(position,
                  "its previous hash is not the hash of position " + std::to_string(position - 1));
    }
    if (ComputeHash(record->previous_hash, CanonicalBytes(*record)) != record->hash) {
      return fail(position, "its hash does not match its contents");
    }
    previous = record->hash;
    ++report.records_checked;
    ++expected;
    if (progress && report.records_checked % kProgressEvery == 0) {
      progress(report.records_checked, total);
    }
    return true;
  });
  if (!walked) return std::unexpected(walked.error());
  if (progress) progress(report.records_checked, total);
  if (report.first_bad_position) return report;
  auto head = reader.StoredHead();
  if (!head) return std::unexpected(head.error());
  if (head->first != report.records_checked || head->second != previous) {
    report.first_bad_position = head->first;
    report.problem = "the stored head (position " + std::to_string(head->first) +
                     ") does not match the log's last record";
  }
  return report;
}

}  // namespace factura::eventstore
