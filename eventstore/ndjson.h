#pragma once
// `factura events export` / `import`: the log as NDJSON, one record a line.
//
// Each line holds every envelope field, the payload rendered as JSON for people and tools, and
// the payload's exact bytes in base64 so that an import rebuilds the log byte for byte, hashes
// included:
//   {"position":1,"event_id":"evt_…","stream_id":"org_…/inv_…","stream_version":1,
//    "type":"InvoiceDrafted","schema_version":1,"recorded_at":"2025-01-15T10:30:00.123456Z",
//    "organization_id":"org_…","actor":"ak_…","request_id":"req_…","causation_id":"",
//    "correlation_id":"","payload":{…},"payload_base64":"…","previous_hash":"<hex>",
//    "hash":"<hex>"}

#include <istream>
#include <optional>
#include <ostream>
#include <string>

#include "eventstore/audit.h"
#include "eventstore/event_store.h"
#include "eventstore/log_reader.h"

namespace factura::eventstore {

[[nodiscard]] domain::Result<std::string> RecordToJsonLine(const EventRecord& record);
// Errors: `invalid_export_line` (param: the field) for a line that is not a record.
[[nodiscard]] domain::Result<EventRecord> RecordFromJsonLine(std::string_view line);

// Writes the log from `from_position` (or only `stream_id`'s events) as NDJSON. Returns how
// many records were written.
[[nodiscard]] domain::Result<uint64_t> ExportNdjson(const LogReader& reader, uint64_t from_position,
                                                    const std::optional<std::string>& stream_id,
                                                    std::ostream& out,
                                                    const ProgressCallback& progress);

// Restores an export into an empty store (or continues one that stopped part-way), verifying
// the chain as it goes. Errors name the line number in `param` for malformed lines.
[[nodiscard]] domain::Result<uint64_t> ImportNdjson(EventStore& store, std::istream& in,
                                                    const ProgressCallback& progress);

}  // namespace factura::eventstore
