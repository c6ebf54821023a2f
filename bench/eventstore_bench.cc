// Micro benchmarks of the event store's per-event costs: payload encode/decode, record
// encode/decode and hashing. Run: build/bench/eventstore_bench
#include <benchmark/benchmark.h>

#include "eventstore/payload_codec.h"
#include "eventstore/record.h"
#include "tests/support/store_testing.h"

namespace factura::eventstore {
namespace {

void BM_EncodePayload(benchmark::State& state) {
  domain::Event event = testing::SampleEvent("cus_1", 7);
  for (auto _ : state) benchmark::DoNotOptimize(EncodePayload(event));
}
BENCHMARK(BM_EncodePayload);

void BM_DecodePayload(benchmark::State& state) {
  EncodedPayload payload = EncodePayload(testing::SampleEvent("cus_1", 7));
  for (auto _ : state) {
    benchmark::DoNotOptimize(DecodePayload(payload.type, payload.schema_version, payload.bytes));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * payload.bytes.size()));
}
BENCHMARK(BM_DecodePayload);

EventRecord Sample() {
  EncodedPayload payload = EncodePayload(testing::SampleEvent("cus_1", 7));
  EventRecord record{.position = 123456,
                     .event_id = "evt_01jd8x3q7m2k9v0f4r6t8w1y3z",
                     .stream_id = "org_01jd8x3q7m2k9v0f4r6t8w1y3z/cus_01jd8x3q7m2k9v0f4r6t8w1y3z",
                     .stream_version = 3,
                     .type = std::string(payload.type),
                     .schema_version = payload.schema_version,
                     .organization_id = "org_01jd8x3q7m2k9v0f4r6t8w1y3z",
                     .actor = "ak_01jd8x3q7m2k9v0f4r6t8w1y3z",
                     .request_id = "req_5f0c6e1d2b",
                     .payload = payload.bytes};
  SealRecord(record);
  return record;
}

void BM_SealRecord(benchmark::State& state) {
  EventRecord record = Sample();
  for (auto _ : state) {
    SealRecord(record);
    benchmark::DoNotOptimize(record.hash);
  }
}
BENCHMARK(BM_SealRecord);

void BM_DecodeRecord(benchmark::State& state) {
  std::string bytes = EncodeRecord(Sample());
  for (auto _ : state) benchmark::DoNotOptimize(DecodeRecord(bytes));
}
BENCHMARK(BM_DecodeRecord);

}  // namespace
}  // namespace factura::eventstore

BENCHMARK_MAIN();
