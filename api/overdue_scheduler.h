#pragma once
// The overdue scheduler (DESIGN.md §2): time makes invoices overdue, and that is a fact on the
// log (InvoiceOverdue), so lists filter on it and integrators are told. Every `interval` it asks
// the read models for issued invoices past their due date with an amount due, and runs
// MarkInvoiceOverdue for each through the command processor, like any other command (the
// domain re-checks each one against the invoice's current state).
//
//   OverdueScheduler scheduler(processor, read_models, clock, std::chrono::seconds(60));
//   size_t marked = scheduler.RunOnce();   // what the thread does each interval
//
// Thread safety: RunOnce may be called from any one thread at a time.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "api/command_processor.h"
#include "projections/read_models.h"

namespace factura::api {

class OverdueScheduler {
 public:
  static constexpr size_t kMaxPerRound = 1'000;

  // Starts a thread running RunOnce every `interval` (none when interval is zero).
  OverdueScheduler(CommandProcessor& processor, projections::ReadModels& read_models,
                   CommandProcessor::Clock clock, std::chrono::milliseconds interval);
  ~OverdueScheduler();

  // One round: at most kMaxPerRound invoices, waiting until their commands are durable.
  // Returns how many were marked overdue.
  size_t RunOnce();

 private:
  CommandProcessor& processor_;
  projections::ReadModels& read_models_;
  CommandProcessor::Clock clock_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace factura::api
