// Micro benchmarks of the pure domain: what one command costs the command processor before any
// I/O. Run: build/bench/domain_bench
#include <benchmark/benchmark.h>

#include <map>
#include <set>

#include "domain/customer/customer.h"
#include "domain/invoice/invoice.h"
#include "domain/invoice/invoice_totals.h"
#include "domain/money.h"
#include "domain/organization/organization.h"

namespace factura::domain {
namespace {

void BM_ParseAmount(benchmark::State& state) {
  Currency usd = FindCurrency("USD").value();
  for (auto _ : state) benchmark::DoNotOptimize(ParseAmount("1234567.89", usd));
}
BENCHMARK(BM_ParseAmount);

std::vector<LineItem> Lines(int count) {
  std::vector<LineItem> lines;
  for (int i = 0; i < count; ++i) {
    AppliedTax tax{"tax_" + std::to_string(i % 3), "Tax", Percent{82500 + i % 3 * 10000}, false};
    lines.push_back(LineItem{"li", "Work", std::nullopt, Quantity{10000 * (1 + i % 7)},
                             15000 + i * 7, std::nullopt, tax});
  }
  return lines;
}

void BM_ComputeTotals(benchmark::State& state) {
  std::vector<LineItem> lines = Lines(static_cast<int>(state.range(0)));
  Discount discount{DiscountType::kPercent, Percent{100000}, 0};
  for (auto _ : state) benchmark::DoNotOptimize(ComputeTotals(lines, std::nullopt, discount));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ComputeTotals)->Arg(3)->Arg(50)->Arg(500);

class NoNumbers : public InvoiceNumberRegistry {
 public:
  bool InUse(std::string_view) const override { return false; }
};

// A whole CreateInvoice decision with three lines: resolve, validate, total, number.
void BM_DecideCreateInvoice(benchmark::State& state) {
  Timestamp now{1'736'937'000'000'000};
  OrganizationState organization;
  organization =
      Evolve(organization,
             OrganizationCreated{"org_1", "Org", FindCurrency("USD").value(), "INV", 30, now});
  CustomerState customer = Evolve(CustomerState{}, CustomerCreated{"cus_1", {.name = "ACME"}, now});
  NoNumbers numbers;
  int counter = 0;
  InvoiceContext context{
      .now = now,
      .new_invoice_id = "inv_1",
      .new_id =
          [&](std::string_view p) { return std::string(p) + "_" + std::to_string(++counter); },
      .organization = &organization,
      .numbers = &numbers,
      .customer = &customer};
  CreateInvoice command{
      .customer_id = "cus_1",
      .issue_date = "2025-01-15",
      .line_items =
          {LineItemInput{
               .description = "A", .quantity = "40", .unit_price = "150.00", .tax_percent = "10"},
           LineItemInput{.description = "B", .unit_price = "1200.00", .tax_percent = "10"},
           LineItemInput{.description = "C", .quantity = "2.5", .unit_price = "99.99"}},
      .discount = DiscountInput{"percent", "10"}};
  for (auto _ : state) benchmark::DoNotOptimize(Decide(InvoiceState{}, command, context));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecideCreateInvoice);

}  // namespace
}  // namespace factura::domain

BENCHMARK_MAIN();
