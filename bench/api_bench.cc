// Micro benchmarks of the HTTP layer's per-request work. Run: build/bench/api_bench
#include <benchmark/benchmark.h>

#include "api/documents/invoice_document.h"
#include "api/documents/pdf_writer.h"
#include "api/http/request_metrics.h"
#include "api/render.h"
#include "tests/support/invoice_fixtures.h"

namespace factura::api {
namespace {

// What every request records: its route's counter and latency, through RequestMetrics.
void BM_RecordRequestMetrics(benchmark::State& state) {
  prometheus::Registry registry;
  RequestMetrics metrics(registry);
  for (auto _ : state) metrics.Record("invoices.create", "POST", 201, 0.004);
}
BENCHMARK(BM_RecordRequestMetrics);

// The same series found through prometheus-cpp's families, as each request did before
// RequestMetrics kept them: a label map (and a bucket list) built and hashed every time.
void BM_RecordRequestMetricsByLabels(benchmark::State& state) {
  prometheus::Registry registry;
  auto& requests = prometheus::BuildCounter().Name("requests").Register(registry);
  auto& latency = prometheus::BuildHistogram().Name("latency").Register(registry);
  unsigned status = 201;
  for (auto _ : state) {
    requests
        .Add({{"route", "invoices.create"}, {"method", "POST"}, {"status", std::to_string(status)}})
        .Increment();
    latency
        .Add({{"route", "invoices.create"}},
             prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                     0.05, 0.1, 0.25, 1, 2.5})
        .Observe(0.004);
  }
}
BENCHMARK(BM_RecordRequestMetricsByLabels);

// The body of a created invoice (seed 000's three lines), as POST /v1/invoices answers it.
void BM_InvoiceJson(benchmark::State& state) {
  domain::testing::InvoiceWorld world;
  domain::InvoiceState invoice = world.Create(domain::testing::InvoiceWorld::SeedInvoice());
  for (auto _ : state) benchmark::DoNotOptimize(InvoiceJson(invoice, std::nullopt));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InvoiceJson);

// An issued invoice's PDF, rendered whole (what GET /v1/invoices/{id}/pdf does on a cache miss):
// seed 000's two lines (one page), and 500 lines (15 pages, the table's header on each).
void BM_InvoicePdf(benchmark::State& state) {
  domain::testing::InvoiceWorld world;
  domain::CreateInvoice command = domain::testing::InvoiceWorld::SeedInvoice();
  command.line_items.resize(static_cast<size_t>(state.range(0)), command.line_items[0]);
  domain::InvoiceState invoice = world.Issued(command);
  documents::Document document = documents::InvoiceDocument(
      invoice, world.organization, documents::LocaleFor("en-US"), "https://example.com/i/x");
  documents::DocumentStyle style = documents::StyleFor("tmpl_classic", std::nullopt);
  for (auto _ : state) benchmark::DoNotOptimize(documents::WritePdf(document, style));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InvoicePdf)->Arg(2)->Arg(500)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace factura::api

BENCHMARK_MAIN();
