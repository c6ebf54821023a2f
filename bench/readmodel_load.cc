// Read-model measurements for issue 5, on a log generated through the domain:
//   1. N invoices (three lines each; 60% sent, a third of those paid) for 1,000 customers in one
//      organization, decided by the domain and appended through the store;
//   2. a full rebuild of the read models from that log (events/s);
//   3. the invoice list query with a status filter, a sort and a search term (p50/p99), and the
//      aging report over all invoices.
// It leaves a data directory `factura serve` can run on, and prints its admin key, so that the
// HTTP side can be measured too (bench/http/lists.sh).
//
//   build/bench/readmodel_load --data-dir DIR [--invoices 1000000]
//   [--rebuild-only|--queries-only|--live N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <semaphore>
#include <string>
#include <unordered_set>
#include <vector>

#include "api/aggregate_reader.h"
#include "api/bootstrap.h"
#include "domain/customer/customer.h"
#include "domain/ids.h"
#include "domain/invoice/invoice.h"
#include "domain/organization/organization.h"
#include "domain/payment/payment.h"
#include "eventstore/event_store.h"
#include "projections/projector.h"
#include "projections/queries.h"
#include "projections/read_models.h"
#include "projections/reports.h"
#include "projections/schema.h"
#include "projections/tables/invoices.h"

namespace {

using namespace factura;
using Clock = std::chrono::steady_clock;

class Numbers : public domain::InvoiceNumberRegistry {
 public:
  bool InUse(std::string_view number) const override { return used.contains(std::string(number)); }
  std::unordered_set<std::string> used;
};

// Pipelined appends, at most 256 in flight; fails loudly.
class Appender {
 public:
  explicit Appender(eventstore::EventStore& store) : store_(store) {}
  void Append(const std::string& organization, const domain::Events& events) {
    eventstore::AppendRequest request;
    request.metadata.organization_id = organization;
    request.metadata.actor = "bench";
    for (const domain::Event& event : events) {
      std::string stream = organization + "/" + std::string(domain::StreamOf(event));
      auto it = std::find_if(request.streams.begin(), request.streams.end(),
                             [&](const auto& s) { return s.stream_id == stream; });
      if (it == request.streams.end()) {
        request.streams.push_back({stream, eventstore::ExpectedVersion::Any(), {}});
        it = std::prev(request.streams.end());
      }
      it->events.push_back(event);
    }
    slots_.acquire();
    auto queued = store_.AppendAsync(std::move(request), [this](auto result) {
      if (!result) {
        std::fprintf(stderr, "append failed: %s\n", result.error().message.c_str());
        std::abort();
      }
      slots_.release();
    });
    if (!queued) {
      std::fprintf(stderr, "append refused: %s\n", queued.error().message.c_str());
      std::abort();
    }
  }
  void Drain() {
    for (int i = 0; i < 256; ++i) slots_.acquire();
    for (int i = 0; i < 256; ++i) slots_.release();
  }

 private:
  eventstore::EventStore& store_;
  std::counting_semaphore<256> slots_{256};
};

template <typename State>
State Fold(State state, const domain::Events& events) {
  for (const auto& event : events) state = domain::Evolve(std::move(state), event);
  return state;
}

double Percentile(std::vector<double> values, double p);

// The list query and the aging report over the read models at `path`.
int MeasureQueries(const std::string& path, const std::string& org);
bool MeasureRebuild(const eventstore::EventStore& store, const std::string& path);
bool MeasureLive(const eventstore::EventStore& store, const std::string& path, size_t batch);

double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<size_t>(p * static_cast<double>(values.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  std::string data_dir;
  size_t invoices = 1'000'000;
  bool queries_only = false;  // on a directory an earlier run generated and rebuilt
  bool rebuild_only = false;  // on a directory an earlier run generated
  size_t live_batch = 0;      // --live N: as the live projector does, N records a transaction
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--queries-only") == 0) queries_only = true;
    if (std::strcmp(argv[i], "--rebuild-only") == 0) rebuild_only = true;
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--data-dir") == 0) data_dir = argv[i + 1];
    if (std::strcmp(argv[i], "--invoices") == 0) invoices = std::stoul(argv[i + 1]);
    if (std::strcmp(argv[i], "--live") == 0) live_batch = std::stoul(argv[i + 1]);
  }
  if (data_dir.empty()) {
    std::fprintf(stderr,
                 "usage: readmodel_load --data-dir DIR [--invoices N] "
                 "[--rebuild-only|--queries-only|--live N]\n");
    return 2;
  }
  auto opened = eventstore::EventStore::Open({.path = data_dir + "/events"});
  if (!opened) return std::fprintf(stderr, "%s\n", opened.error().message.c_str()), 2;
  eventstore::EventStore& store = **opened;
  domain::Timestamp now{1'767'225'600'000'000};  // 2026-01-01
  std::string path = data_dir + "/readmodels.sqlite";
  if (queries_only) {
    auto first = store.ReadLog(1, 1);
    if (!first || first->empty()) return std::fprintf(stderr, "empty store\n"), 2;
    return MeasureQueries(path, first->front().organization_id);
  }
  if (rebuild_only) return MeasureRebuild(store, path) ? 0 : 2;
  if (live_batch > 0) return MeasureLive(store, data_dir + "/live.sqlite", live_batch) ? 0 : 2;
  auto bootstrapped = api::BootstrapIfEmpty(store, now);
  if (!bootstrapped || !*bootstrapped) return std::fprintf(stderr, "store not empty\n"), 2;
  std::string org = (*bootstrapped)->organization_id;
  std::printf("admin key: %s\n", (*bootstrapped)->secret.c_str());

  domain::IdGenerator ids(42);
  std::mt19937_64 random(7);
  Appender appender(store);
  auto started = Clock::now();
  std::vector<domain::CustomerState> customers;
  static const char* kNames[] = {"ACME",  "Globex", "Initech", "Umbrella", "Hooli",
                                 "Stark", "Wayne",  "Wonka",   "Tyrell",   "Cyberdyne"};
  for (int c = 0; c < 1000; ++c) {
    std::string id = ids.Next(domain::kCustomerPrefix, now);
    // Names as distinct as real ones: "Globex Bcd" (three letters of the customer's number).
    std::string tag = {static_cast<char>('A' + c % 26), static_cast<char>('a' + c / 26 % 26),
                       static_cast<char>('a' + c / 676 % 26)};
    domain::CreateCustomer create{.name = std::string(kNames[c % 10]) + " " + tag,
                                  .email = "billing" + std::to_string(c) + "@example.com"};
    auto events = domain::Decide(domain::CustomerState{}, create, {now, id, false});
    if (!events) return std::fprintf(stderr, "%s\n", events.error().message.c_str()), 2;
    customers.push_back(Fold(domain::CustomerState{}, *events));
    appender.Append(org, *events);
  }
  auto organization = api::ReadAggregate<domain::OrganizationState>(store, org, org, std::nullopt);
  domain::OrganizationState org_state = *organization;
  Numbers numbers;
  size_t event_count = 0;
  static const char* kWords[] = {"consulting", "hosting",  "support", "design",
                                 "audit",      "training", "licence", "migration"};
  for (size_t i = 0; i < invoices; ++i) {
    const domain::CustomerState& customer = customers[random() % customers.size()];
    std::string id = ids.Next(domain::kInvoicePrefix, now);
    int day = static_cast<int>(random() % 700);
    domain::Date issue{20089 + day};  // from 2025-01-01
    domain::CreateInvoice create{
        .customer_id = customer.id,
        .issue_date = domain::FormatDate(issue),
        .due_date = domain::FormatDate(domain::Date{issue.days_since_epoch + 30}),
        .notes = std::string(kWords[random() % 8]) + " " + kWords[random() % 8]};
    for (int line = 0; line < 3; ++line) {
      create.line_items.push_back(
          {.description = std::string(kWords[(i + line) % 8]),
           .quantity = std::to_string(random() % 20 + 1),
           .unit_price = std::to_string(random() % 500 + 10) + ".99",
           .tax_percent = line == 0 ? std::optional<std::string>("10") : std::nullopt});
    }
    domain::InvoiceContext context;
    context.now = now;
    context.new_invoice_id = id;
    context.new_id = [&](std::string_view prefix) { return ids.Next(prefix, now); };
    context.organization = &org_state;
    context.numbers = &numbers;
    context.customer = &customer;
    context.find_product = [](std::string_view) { return nullptr; };
    context.find_tax_rate = [](std::string_view) { return nullptr; };
    auto events = domain::Decide(domain::InvoiceState{}, create, context);
    if (!events) return std::fprintf(stderr, "%s\n", events.error().message.c_str()), 2;
    org_state = Fold(std::move(org_state), *events);
    domain::InvoiceState invoice = Fold(domain::InvoiceState{}, *events);
    numbers.used.insert(invoice.number);
    domain::Events all = std::move(*events);
    if (random() % 10 < 6) {
      auto sent = domain::Decide(invoice, domain::SendInvoice{}, context);
      if (!sent) return std::fprintf(stderr, "%s\n", sent.error().message.c_str()), 2;
      invoice = Fold(std::move(invoice), *sent);
      all.insert(all.end(), sent->begin(), sent->end());
      if (random() % 3 == 0) {
        domain::RecordPayment pay{
            .invoice_id = id,
            .amount = domain::FormatAmount(invoice.AmountDue() / 2, invoice.content.currency),
            .payment_method = "card"};
        domain::PaymentContext payment_context{now, ids.Next(domain::kPaymentPrefix, now),
                                               context.new_id, &invoice, &customer};
        auto paid = domain::Decide(domain::PaymentState{}, pay, payment_context);
        if (!paid) return std::fprintf(stderr, "%s\n", paid.error().message.c_str()), 2;
        all.insert(all.end(), paid->begin(), paid->end());
      }
    }
    event_count += all.size();
    appender.Append(org, all);
    if (i % 100'000 == 0 && i > 0) std::fprintf(stderr, "  %zu invoices\n", i);
  }
  appender.Drain();
  double generate_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::printf("generated %zu invoices, %zu events (log head %llu) in %.1f s\n", invoices,
              event_count, static_cast<unsigned long long>(store.HeadPosition()), generate_seconds);

  if (!MeasureRebuild(store, path)) return 2;
  return MeasureQueries(path, org);
}

namespace {

// The live projector's way: the file in WAL mode with its indexes, `batch` records a
// transaction, from an empty file to the log's head.
bool MeasureLive(const eventstore::EventStore& store, const std::string& path, size_t batch) {
  for (const std::string& file : {path, projections::JournalPath(path)}) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((file + suffix).c_str());
  }
  auto writer = projections::ReadModelWriter::Open(store, path);
  if (!writer) return std::fprintf(stderr, "%s\n", writer.error().message.c_str()), false;
  auto started = Clock::now();
  uint64_t head = store.HeadPosition();
  while ((*writer)->checkpoint() < head) {
    auto applied = (*writer)->ApplyFromLog(batch);
    if (!applied) return std::fprintf(stderr, "%s\n", applied.error().message.c_str()), false;
  }
  double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::printf("live, %zu a batch: %llu events in %.1f s = %.0f events/s\n", batch,
              static_cast<unsigned long long>(head), seconds, static_cast<double>(head) / seconds);
  return true;
}

bool MeasureRebuild(const eventstore::EventStore& store, const std::string& path) {
  auto started = Clock::now();
  auto applied_at = started;  // when the last record was applied: then come indexes and syncs
  auto rebuilt = projections::Rebuild(store, path, [&](uint64_t applied, uint64_t head) {
    if (applied >= head) applied_at = Clock::now();
  });
  if (!rebuilt) return std::fprintf(stderr, "%s\n", rebuilt.error().message.c_str()), false;
  auto finished = Clock::now();
  double seconds = std::chrono::duration<double>(finished - started).count();
  std::printf("rebuild: %llu events in %.1f s = %.0f events/s (applying %.1f s, then %.1f s)\n",
              static_cast<unsigned long long>(*rebuilt), seconds,
              static_cast<double>(*rebuilt) / seconds,
              std::chrono::duration<double>(applied_at - started).count(),
              std::chrono::duration<double>(finished - applied_at).count());
  return true;
}

int MeasureQueries(const std::string& path, const std::string& org) {
  auto names = projections::Database::Open(path, projections::Database::Mode::kReadOnly);
  if (!names) return std::fprintf(stderr, "%s\n", names.error().message.c_str()), 2;
  // A selective term, as a person searching types: one customer's name (the 172nd created).
  auto pick =
      (*names)->Prepare("SELECT name FROM customers ORDER BY created_at, id LIMIT 1 OFFSET 171");
  if (!pick || !*pick->Step()) return std::fprintf(stderr, "no customers\n"), 2;
  std::string term(pick->Text(0));
  auto db = projections::ReadModels::OpenForQueries(path);
  if (!db) return std::fprintf(stderr, "%s\n", db.error().message.c_str()), 2;
  using projections::tables::kInvoices;
  projections::ListRequest list{
      .table = &kInvoices,
      .organization_id = org,
      .columns = {kInvoices["id"], kInvoices["number"], kInvoices["status"],
                  kInvoices["customer_name"], kInvoices["total"], kInvoices["amount_due"],
                  kInvoices["due_date"]},
      .sort = {{"due_date", true}},
      .limit = 25};
  list.filters.push_back({"status", projections::Filter::Op::kIn, {std::string("sent")}});
  list.filters.push_back(
      {"invoice_search", projections::Filter::Op::kMatches, {projections::FtsQuery(term, {})}});
  list.one_pass = true;  // as the invoice list route does for a search
  std::vector<double> list_ms;
  int64_t matching = 0;
  for (int i = 0; i < 200; ++i) {
    auto t = Clock::now();
    auto page = projections::List(**db, list);
    list_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
    if (!page) return std::fprintf(stderr, "%s\n", page.error().message.c_str()), 2;
    matching = page->total_count;
  }
  std::printf(
      "list (status=sent, search '%s', sort -due_date, limit 25; %lld match): "
      "p50 %.2f ms, p99 %.2f ms\n",
      term.c_str(), static_cast<long long>(matching), Percentile(list_ms, 0.5),
      Percentile(list_ms, 0.99));
  std::vector<double> aging_ms;
  for (int i = 0; i < 5; ++i) {
    auto t = Clock::now();
    auto aging =
        projections::AgingReport(**db, org, domain::Date{20089 + 400}, std::nullopt, {30, 60, 90});
    aging_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
    if (!aging) return std::fprintf(stderr, "%s\n", aging.error().message.c_str()), 2;
  }
  std::printf("aging report over all invoices: p50 %.0f ms (5 runs)\n", Percentile(aging_ms, 0.5));
  return 0;
}

}  // namespace
