#include "eventstore/ndjson.h"

#include <openssl/evp.h>
#include <simdjson.h>

#include <boost/json.hpp>

#include "domain/date.h"
#include "eventstore/payload_codec.h"

namespace factura::eventstore {
namespace {

constexpr size_t kImportChunk = 4096;

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                               reinterpret_cast<const unsigned char*>(bytes.data()),
                               static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(length));
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out(3 * text.size() / 4, '\0');
  int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                               reinterpret_cast<const unsigned char*>(text.data()),
                               static_cast<int>(text.size()));
  if (length < 0) return std::nullopt;
  // EVP_DecodeBlock counts padding as zero bytes; take them back off.
  size_t padding = text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
  out.resize(static_cast<size_t>(length) - padding);
  return out;
}

std::unexpected<domain::Error> BadLine(std::string field) {
  return domain::Invalid("invalid_export_line", field,
                         "The line's '" + field + "' is missing or malformed");
}

}  // namespace

domain::Result<std::string> RecordToJsonLine(const EventRecord& r) {
  auto payload = PayloadToJson(r.type, r.schema_version, r.payload);
  if (!payload) return std::unexpected(payload.error());
  boost::json::object line{{"position", r.position},
                           {"event_id", r.event_id},
                           {"stream_id", r.stream_id},
                           {"stream_version", r.stream_version},
                           {"type", r.type},
                           {"schema_version", r.schema_version},
                           {"recorded_at", domain::FormatTimestamp(r.recorded_at)},
                           {"organization_id", r.organization_id},
                           {"actor", r.actor},
                           {"request_id", r.request_id},
                           {"causation_id", r.causation_id},
                           {"correlation_id", r.correlation_id},
                           {"payload", boost::json::parse(*payload)},
                           {"payload_base64", Base64Encode(r.payload)},
                           {"previous_hash", HashToHex(r.previous_hash)},
                           {"hash", HashToHex(r.hash)}};
  return boost::json::serialize(line);
}

domain::Result<EventRecord> RecordFromJsonLine(std::string_view line) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(line);
  simdjson::dom::object object;
  if (parser.parse(padded).get(object) != simdjson::SUCCESS) return BadLine("json");
  EventRecord r;
  auto text = [&](const char* field, std::string& into) {
    std::string_view value;
    if (object[field].get(value) != simdjson::SUCCESS) return false;
    into = std::string(value);
    return true;
  };
  auto number = [&](const char* field, uint64_t& into) {
    return object[field].get(into) == simdjson::SUCCESS;
  };
  uint64_t schema_version = 0;
  if (!number("position", r.position)) return BadLine("position");
  if (!number("stream_version", r.stream_version)) return BadLine("stream_version");
  if (!number("schema_version", schema_version) || schema_version > UINT32_MAX) {
    return BadLine("schema_version");
  }
  r.schema_version = static_cast<uint32_t>(schema_version);
  for (auto [field, into] : {std::pair{"event_id", &r.event_id},
                             {"stream_id", &r.stream_id},
                             {"type", &r.type},
                             {"organization_id", &r.organization_id},
                             {"actor", &r.actor},
                             {"request_id", &r.request_id},
                             {"causation_id", &r.causation_id},
                             {"correlation_id", &r.correlation_id}}) {
    if (!text(field, *into)) return BadLine(field);
  }
  std::string recorded_at, payload, previous_hash, hash;
  if (!text("recorded_at", recorded_at)) return BadLine("recorded_at");
  auto timestamp = domain::ParseTimestamp(recorded_at);
  if (!timestamp) return BadLine("recorded_at");
  r.recorded_at = *timestamp;
  if (!text("payload_base64", payload)) return BadLine("payload_base64");
  auto bytes = Base64Decode(payload);
  if (!bytes) return BadLine("payload_base64");
  r.payload = std::move(*bytes);
  if (!text("previous_hash", previous_hash) || !HashFromHex(previous_hash)) {
    return BadLine("previous_hash");
  }
  if (!text("hash", hash) || !HashFromHex(hash)) return BadLine("hash");
  r.previous_hash = *HashFromHex(previous_hash);
  r.hash = *HashFromHex(hash);
  return r;
}

domain::Result<uint64_t> ExportNdjson(const LogReader& reader, uint64_t from_position,
                                      const std::optional<std::string>& stream_id,
                                      std::ostream& out, const ProgressCallback& progress) {
  uint64_t written = 0;
  std::optional<domain::Error> failure;
  auto write = [&](const EventRecord& record) {
    auto line = RecordToJsonLine(record);
    if (!line) {
      failure = line.error();
      return false;
    }
    out << *line << '\n';
    ++written;
    if (progress && written % 16'384 == 0) progress(written, 0);
    return true;
  };
  if (stream_id) {
    auto positions = reader.StreamPositions(*stream_id);
    if (!positions) return std::unexpected(positions.error());
    for (uint64_t position : *positions) {
      if (position < from_position) continue;
      auto record = reader.Read(position);
      if (!record) return std::unexpected(record.error());
      if (!write(*record)) break;
    }
  } else {
    auto walked = reader.ForEachRaw(from_position, [&](uint64_t, std::string_view bytes) {
      auto record = DecodeRecord(bytes);
      if (!record) {
        failure = record.error();
        return false;
      }
      return write(*record);
    });
    if (!walked) return std::unexpected(walked.error());
  }
  if (failure) return std::unexpected(*failure);
  out.flush();
  if (!out) {
    return domain::Reject(domain::ErrorKind::kInternal, "write_failed", "",
                          "Writing the export failed");
  }
  if (progress) progress(written, written);
  return written;
}

domain::Result<uint64_t> ImportNdjson(EventStore& store, std::istream& in,
                                      const ProgressCallback& progress) {
  std::vector<EventRecord> chunk;
  uint64_t imported = 0;
  uint64_t line_number = 0;
  std::string line;
  auto flush = [&]() -> domain::Result<void> {
    FACTURA_TRY(store.ImportRecords(chunk));
    imported += chunk.size();
    chunk.clear();
    if (progress) progress(imported, 0);
    return {};
  };
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    auto record = RecordFromJsonLine(line);
    if (!record) {
      domain::Error error = record.error();
      error.message = "Line " + std::to_string(line_number) + ": " + error.message;
      return std::unexpected(error);
    }
    chunk.push_back(std::move(*record));
    if (chunk.size() == kImportChunk) FACTURA_TRY(flush());
  }
  if (!chunk.empty()) FACTURA_TRY(flush());
  return imported;
}

}  // namespace factura::eventstore
