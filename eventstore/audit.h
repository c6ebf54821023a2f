#pragma once
// `factura audit verify`: walks the whole log and checks that positions are dense from 1, that
// every record decodes, that each record's previous hash is its predecessor's hash and that its
// own hash recomputes, and that the stored head matches the last record.
//
//   auto report = VerifyChain(*reader, [](uint64_t done, uint64_t total) { ... });
//   if (report->first_bad_position) ...

#include <functional>
#include <optional>
#include <string>

#include "eventstore/log_reader.h"

namespace factura::eventstore {

struct VerifyReport {
  uint64_t records_checked = 0;
  std::optional<uint64_t> first_bad_position;  // absent: the chain verifies
  std::string problem;                         // what is wrong there
};

using ProgressCallback = std::function<void(uint64_t done, uint64_t total)>;

// Errors only when the log cannot be read at all; a broken chain is a report, not an error.
[[nodiscard]] domain::Result<VerifyReport> VerifyChain(const LogReader& reader,
                                                       const ProgressCallback& progress);

}  // namespace factura::eventstore
