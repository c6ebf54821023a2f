#include "api/overdue_scheduler.h"

#include <pthread.h>

#include <cstdio>

#include "api/commands/invoice_commands.h"
#include "api/logging.h"
#include "projections/invoice_queries.h"

namespace factura::api {

OverdueScheduler::OverdueScheduler(CommandProcessor& processor,
                                   projections::ReadModels& read_models,
                                   CommandProcessor::Clock clock,
                                   std::chrono::milliseconds interval)
    : processor_(processor),
      read_models_(read_models),
      clock_(std::move(clock)),
      interval_(interval) {
  if (interval_.count() <= 0) return;
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "overdue");
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
      lock.unlock();
      RunOnce();
      lock.lock();
    }
  });
}

OverdueScheduler::~OverdueScheduler() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

size_t OverdueScheduler::RunOnce() {
  domain::Date today = domain::UtcDateOf(clock_());
  std::vector<std::pair<std::string, std::string>> candidates;  // organization, invoice
  {
    auto connection = read_models_.Acquire();
    if (!connection) {
      Log(LogLevel::kError, "overdue scheduler", {{"error", connection.error().message}});
      return 0;
    }
    projections::PastDue past_due = projections::InvoicesPastDue(**connection, today, kMaxPerRound);
    // The round goes on with what was read; the next round asks again.
    if (past_due.failure) {
      Log(LogLevel::kError, "overdue scheduler", {{"error", past_due.failure->message}});
    }
    for (auto& invoice : past_due.invoices) {
      candidates.emplace_back(std::move(invoice.organization_id), std::move(invoice.invoice_id));
    }
  }
  std::mutex mutex;
  std::condition_variable done;
  size_t pending = candidates.size();
  size_t marked = 0;
  for (const auto& [organization, invoice] : candidates) {
    CommandMeta meta{organization, "system:overdue", "overdue-" + domain::FormatDate(today), "",
                     ""};
    Command command =
        commands::ChangeInvoice(invoice, domain::MarkInvoiceOverdue{today}, std::nullopt);
    auto finish = [&](bool ok) {
      std::lock_guard lock(mutex);
      marked += ok ? 1 : 0;
      --pending;
      done.notify_all();
    };
    auto submitted = processor_.Submit(
        std::move(meta), std::move(command),
        [finish](domain::Result<CommandReply> reply) { finish(reply.has_value()); });
    // A full queue: the rest waits for the next round.
    if (!submitted) finish(false);
  }
  std::unique_lock lock(mutex);
  done.wait(lock, [&] { return pending == 0; });
  return marked;
}

}  // namespace factura::api
