#include "tools/operator_commands.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "api/bootstrap.h"
#include "domain/date.h"
#include "eventstore/audit.h"
#include "eventstore/ndjson.h"
#include "eventstore/payload_codec.h"
#include "projections/projector.h"
#include "tools/progress.h"

namespace factura::tools {
namespace {

int Fail(const domain::Error& error) {
  std::fprintf(stderr, "factura: %s (%s)\n", error.message.c_str(), error.code.c_str());
  return kExitFailure;
}

domain::Timestamp Now() {
  return domain::Timestamp{std::chrono::duration_cast<std::chrono::microseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count()};
}

}  // namespace

std::string EventStorePath(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "events").string();
}

std::string ReadModelPath(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "readmodels.sqlite").string();
}

int RunReplay(const std::string& data_dir) {
  auto store = eventstore::EventStore::Open({.path = EventStorePath(data_dir)});
  if (!store) return Fail(store.error());
  std::optional<ProgressBar> bar(std::in_place, "events");
  auto started = std::chrono::steady_clock::now();
  auto rebuilt =
      projections::Rebuild(**store, ReadModelPath(data_dir),
                           [&](uint64_t done, uint64_t head) { bar->Update(done, head); });
  bar.reset();
  if (!rebuilt) return Fail(rebuilt.error());
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("Rebuilt the read models from %llu events in %.1f s (%.0f events/s).\n",
              static_cast<unsigned long long>(*rebuilt), seconds,
              seconds > 0 ? static_cast<double>(*rebuilt) / seconds : 0.0);
  return kExitOk;
}

int RunAuditVerify(const std::string& data_dir) {
  auto reader = eventstore::LogReader::Open(EventStorePath(data_dir));
  if (!reader) return Fail(reader.error());
  std::optional<ProgressBar> bar(std::in_place, "events");
  auto report = eventstore::VerifyChain(
      **reader, [&](uint64_t done, uint64_t total) { bar->Update(done, total); });
  bar.reset();
  if (!report) return Fail(report.error());
  if (report->first_bad_position) {
    std::printf("FAILED at position %llu: %s\n",
                static_cast<unsigned long long>(*report->first_bad_position),
                report->problem.c_str());
    std::printf("%llu records verified before it.\n",
                static_cast<unsigned long long>(report->records_checked));
    return kExitProblemFound;
  }
  std::printf("OK: %llu records, hash chain intact.\n",
              static_cast<unsigned long long>(report->records_checked));
  return kExitOk;
}

int RunEventsExport(const std::string& data_dir, uint64_t from_position,
                    const std::optional<std::string>& stream_id, const std::string& output) {
  auto reader = eventstore::LogReader::Open(EventStorePath(data_dir));
  if (!reader) return Fail(reader.error());
  std::ofstream file;
  if (output != "-") {
    file.open(output, std::ios::binary | std::ios::trunc);
    if (!file)
      return Fail({domain::ErrorKind::kInternal, "open_failed", "", "Cannot write " + output});
  }
  std::ostream& out = output == "-" ? std::cout : file;
  uint64_t total = (*reader)->LastPosition();
  std::optional<ProgressBar> bar(std::in_place, "events");
  auto written = eventstore::ExportNdjson(
      **reader, from_position, stream_id, out,
      [&](uint64_t done, uint64_t) { bar->Update(done, stream_id ? 0 : total); });
  bar.reset();
  if (!written) return Fail(written.error());
  std::fprintf(stderr, "Exported %llu events.\n", static_cast<unsigned long long>(*written));
  return kExitOk;
}

int RunEventsImport(const std::string& data_dir, const std::string& input) {
  std::ifstream file;
  if (input != "-") {
    file.open(input, std::ios::binary);
    if (!file)
      return Fail({domain::ErrorKind::kNotFound, "open_failed", "", "Cannot read " + input});
  }
  std::istream& in = input == "-" ? std::cin : file;
  std::filesystem::create_directories(data_dir);
  auto store = eventstore::EventStore::Open({.path = EventStorePath(data_dir)});
  if (!store) return Fail(store.error());
  std::optional<ProgressBar> bar(std::in_place, "events");
  auto imported =
      eventstore::ImportNdjson(**store, in, [&](uint64_t done, uint64_t) { bar->Update(done, 0); });
  bar.reset();
  if (!imported) return Fail(imported.error());
  std::fprintf(stderr, "Imported %llu events; head is now %llu.\n",
               static_cast<unsigned long long>(*imported),
               static_cast<unsigned long long>((*store)->HeadPosition()));
  return kExitOk;
}

int RunStreamShow(const std::string& data_dir, const std::string& stream_id) {
  auto reader = eventstore::LogReader::Open(EventStorePath(data_dir));
  if (!reader) return Fail(reader.error());
  auto positions = (*reader)->StreamPositions(stream_id);
  if (!positions) return Fail(positions.error());
  if (positions->empty()) {
    std::fprintf(stderr, "factura: no stream '%s'\n", stream_id.c_str());
    return kExitFailure;
  }
  std::printf("Stream %s: %zu events\n", stream_id.c_str(), positions->size());
  for (uint64_t position : *positions) {
    auto record = (*reader)->Read(position);
    if (!record) return Fail(record.error());
    auto payload = eventstore::PayloadToJson(record->type, record->schema_version, record->payload);
    std::printf("\nv%-4llu %-28s position %llu  %s\n  actor %s  request %s  event %s\n  %s\n",
                static_cast<unsigned long long>(record->stream_version), record->type.c_str(),
                static_cast<unsigned long long>(record->position),
                domain::FormatTimestamp(record->recorded_at).c_str(), record->actor.c_str(),
                record->request_id.c_str(), record->event_id.c_str(),
                payload ? payload->c_str() : payload.error().message.c_str());
  }
  return kExitOk;
}

int RunCreateApiKey(const std::string& data_dir, const std::string& organization_id,
                    const std::string& new_organization_name, const std::string& name,
                    const std::vector<std::string>& scopes,
                    std::optional<int64_t> rate_limit_per_minute) {
  auto store = eventstore::EventStore::Open({.path = EventStorePath(data_dir)});
  if (!store) return Fail(store.error());
  domain::Timestamp now = Now();
  std::string organization = organization_id;
  if (!new_organization_name.empty()) {
    auto created = api::CreateOrganizationOffline(**store, new_organization_name, "USD", now);
    if (!created) return Fail(created.error());
    organization = *created;
  }
  auto key =
      api::CreateApiKeyOffline(**store, organization, name, scopes, rate_limit_per_minute, now);
  if (!key) return Fail(key.error());
  std::printf("%s %s %s\n", key->organization_id.c_str(), key->api_key_id.c_str(),
              key->secret.c_str());
  return kExitOk;
}

int RunChangePlan(const std::string& data_dir, const std::string& organization_id,
                  const std::string& plan, std::optional<int64_t> rate_limit_per_minute) {
  auto store = eventstore::EventStore::Open({.path = EventStorePath(data_dir)});
  if (!store) return Fail(store.error());
  auto changed =
      api::ChangePlanOffline(**store, organization_id, plan, rate_limit_per_minute, Now());
  if (!changed) return Fail(changed.error());
  return kExitOk;
}

}  // namespace factura::tools
