#include "api/command_processor.h"

#include <cstdio>
#include <random>

#include "api/aggregate_reader.h"
#include "api/log_scan.h"

namespace factura::api {
namespace {

// The state type of an aggregate, by its id's prefix.
std::optional<CommandProcessor::AnyState> EmptyStateFor(std::string_view aggregate_id) {
  auto has = [&](std::string_view prefix) {
    return aggregate_id.size() > prefix.size() && aggregate_id.starts_with(prefix) &&
           aggregate_id[prefix.size()] == '_';
  };
  if (has(domain::kOrganizationPrefix)) return domain::OrganizationState{};
  if (has(domain::kCustomerPrefix)) return domain::CustomerState{};
  if (has(domain::kProductPrefix)) return domain::ProductState{};
  if (has(domain::kTaxRatePrefix)) return domain::TaxRateState{};
  if (has(domain::kInvoicePrefix)) return domain::InvoiceState{};
  if (has(domain::kPaymentPrefix)) return domain::PaymentState{};
  if (has(domain::kWebhookPrefix)) return domain::WebhookEndpointState{};
  if (has(domain::kApiKeyPrefix)) return domain::ApiKeyState{};
  return std::nullopt;
}

uint64_t VersionOf(const CommandProcessor::AnyState& state) {
  return std::visit([](const auto& s) { return s.version; }, state);
}

std::string IdempotencyIndex(const CommandMeta& meta) {
  return meta.organization_id + '\0' + meta.idempotency_key;
}

}  // namespace

Workspace::Workspace(CommandProcessor& processor, const CommandMeta& meta)
    : processor_(processor),
      meta_(meta),
      now_(processor.clock_()),
      numbers_(processor, meta.organization_id) {}

bool Workspace::Numbers::InUse(std::string_view number) const {
  return processor_.invoice_numbers_.contains(organization_id_ + '\0' + std::string(number));
}

bool Workspace::CustomerHasInvoices(std::string_view customer_id) const {
  auto it = processor_.invoices_by_customer_.find(StreamIdFor(meta_.organization_id, customer_id));
  return it != processor_.invoices_by_customer_.end() && it->second > 0;
}

std::string Workspace::NewId(std::string_view prefix) { return processor_.ids_.Next(prefix, now_); }

CommandProcessor::CommandProcessor(eventstore::EventStore& store, ApiKeyDirectory& keys,
                                   Clock clock, size_t max_queued, size_t max_cached_aggregates)
    : store_(store),
      keys_(keys),
      clock_(std::move(clock)),
      max_queued_(max_queued),
      max_cached_(max_cached_aggregates),
      ids_(std::random_device{}()) {
  thread_ = std::thread([this] { Loop(); });
}

CommandProcessor::~CommandProcessor() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

domain::Result<void> CommandProcessor::Submit(CommandMeta meta, Command command, Completion done) {
  std::lock_guard lock(mutex_);
  if (stopping_) {
    return domain::Reject(domain::ErrorKind::kUnavailable, "shutting_down", "",
                          "The server is shutting down");
  }
  if (queue_.size() >= max_queued_) {
    return domain::Reject(domain::ErrorKind::kUnavailable, "command_queue_full", "",
                          "Too many writes are waiting; retry shortly");
  }
  queue_.push_back(Task{std::move(meta), std::move(command), std::move(done)});
  changed_.notify_one();
  return {};
}

void CommandProcessor::Loop() {
  while (true) {
    std::deque<std::function<void()>> settled;
    std::optional<Task> task;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stopping_ || !queue_.empty() || !settled_.empty(); });
      settled.swap(settled_);
      if (!queue_.empty()) {
        task = std::move(queue_.front());
        queue_.pop_front();
      } else if (stopping_ && settled.empty() && appends_in_flight_ == 0) {
        return;
      }
    }
    for (auto& bookkeeping : settled) bookkeeping();
    if (task) Execute(*task);
  }
}

domain::Result<CommandProcessor::AnyState*> CommandProcessor::LoadAny(
    const std::string& organization_id, std::string_view aggregate_id) {
  std::string stream = StreamIdFor(organization_id, aggregate_id);
  if (auto cached = cache_.find(stream); cached != cache_.end()) {
    cached->second.last_used = commands_run_;
    return &cached->second.state;
  }
  std::optional<AnyState> state = EmptyStateFor(aggregate_id);
  if (!state) {
    return domain::Reject(domain::ErrorKind::kNotFound, "resource_not_found", "id",
                          "No such resource");
  }
  // Fold the durable stream. Nothing of this stream is pending: a pending stream is cached.
  std::optional<domain::Error> failure;
  *state = std::visit(
      [&](auto empty) -> AnyState {
        auto folded =
            ReadAggregate<decltype(empty)>(store_, organization_id, aggregate_id, std::nullopt);
        if (!folded) {
          failure = folded.error();
          return empty;
        }
        return std::move(*folded);
      },
      std::move(*state));
  if (failure) return std::unexpected(*failure);
  return &cache_.emplace(std::move(stream), CachedState{std::move(*state), commands_run_})
              .first->second.state;
}

domain::Result<void> CommandProcessor::LoadIndexes() {
  return ScanEvents(store_,
                    {domain::InvoiceNumberReserved::kType, domain::InvoiceDrafted::kType,
                     domain::InvoiceDraftUpdated::kType, domain::InvoiceIssued::kType,
                     domain::InvoiceDeleted::kType},
                    [this](std::string_view organization_id, const domain::Event& event) {
                      Index(std::string(organization_id), event);
                    });
}

void CommandProcessor::Index(const std::string& organization_id, const domain::Event& event) {
  auto move_draft = [&](const std::string& invoice, const std::string& customer) {
    auto [it, inserted] = draft_customer_.try_emplace(invoice, customer);
    if (!inserted) {
      if (it->second == customer) return;
      --invoices_by_customer_[it->second];
      it->second = customer;
    }
    ++invoices_by_customer_[customer];
  };
  if (const auto* reserved = std::get_if<domain::InvoiceNumberReserved>(&event)) {
    invoice_numbers_.insert(organization_id + '\0' + reserved->number);
  } else if (const auto* drafted = std::get_if<domain::InvoiceDrafted>(&event)) {
    move_draft(StreamIdFor(organization_id, drafted->invoice_id),
               StreamIdFor(organization_id, drafted->content.customer.customer_id));
  } else if (const auto* updated = std::get_if<domain::InvoiceDraftUpdated>(&event)) {
    move_draft(StreamIdFor(organization_id, updated->invoice_id),
               StreamIdFor(organization_id, updated->content.customer.customer_id));
  } else if (const auto* issued = std::get_if<domain::InvoiceIssued>(&event)) {
    draft_customer_.erase(StreamIdFor(organization_id, issued->invoice_id));
  } else if (const auto* deleted = std::get_if<domain::InvoiceDeleted>(&event)) {
    auto it = draft_customer_.find(StreamIdFor(organization_id, deleted->invoice_id));
    if (it != draft_customer_.end()) {
      --invoices_by_customer_[it->second];
      draft_customer_.erase(it);
    }
  }
}

void CommandProcessor::Evict() {
  // Drop the states no command used in the last max_cached_ / 2 commands: hot aggregates (the
  // organization, a busy invoice) stay, and a full reload from the log stays rare. Never drop
  // what has appends in flight: the log does not have those events yet.
  uint64_t oldest_kept = commands_run_ > max_cached_ / 2 ? commands_run_ - max_cached_ / 2 : 0;
  std::erase_if(cache_, [&](const auto& entry) {
    return entry.second.last_used < oldest_kept && !pending_by_stream_.contains(entry.first);
  });
  if (cache_.size() >= max_cached_) {
    // Every state was used recently (commands touching many aggregates): start over.
    std::erase_if(cache_,
                  [&](const auto& entry) { return !pending_by_stream_.contains(entry.first); });
  }
}

void CommandProcessor::Execute(Task& task) {
  // Only between commands: a command holds pointers to the states it loaded.
  ++commands_run_;
  if (cache_.size() >= max_cached_) Evict();
  const CommandMeta& meta = task.meta;
  if (!meta.idempotency_key.empty()) {
    if (pending_idempotency_.contains(IdempotencyIndex(meta))) {
      task.done(domain::Reject(domain::ErrorKind::kConflict, "idempotency_key_in_use",
                               "Idempotency-Key",
                               "A request with this idempotency key is still being processed"));
      return;
    }
    auto stored = store_.LookupIdempotency(meta.organization_id, meta.idempotency_key);
    if (!stored) {
      task.done(std::unexpected(stored.error()));
      return;
    }
    if (*stored) {
      if ((*stored)->fingerprint != meta.idempotency_fingerprint) {
        task.done(domain::Invalid("idempotency_error", "Idempotency-Key",
                                  "This idempotency key was used with a different request"));
      } else {
        task.done(CommandReply{(*stored)->status, (*stored)->body, (*stored)->position, true});
      }
      return;
    }
  }
  Workspace workspace(*this, meta);
  auto decision = task.command(workspace);
  if (!decision) {
    task.done(std::unexpected(decision.error()));
    return;
  }
  if (decision->events.empty()) {
    task.done(CommandReply{decision->status, std::move(decision->body), store_.HeadPosition()});
    return;
  }
  Append(task, std::move(*decision));
}

void CommandProcessor::Append(Task& task, Decision decision) {
  const CommandMeta& meta = task.meta;
  eventstore::AppendRequest request;
  request.metadata = {meta.organization_id, meta.actor, meta.request_id, "", ""};
  std::vector<std::string> streams;
  for (const domain::Event& event : decision.events) {
    std::string_view aggregate_id = domain::StreamOf(event);
    std::string stream = StreamIdFor(meta.organization_id, aggregate_id);
    auto state = LoadAny(meta.organization_id, aggregate_id);
    if (!state) {
      task.done(std::unexpected(state.error()));
      return;
    }
    auto it = std::find_if(request.streams.begin(), request.streams.end(),
                           [&](const auto& s) { return s.stream_id == stream; });
    if (it == request.streams.end()) {
      request.streams.push_back(
          {stream, eventstore::ExpectedVersion::Exact(VersionOf(**state)), {}});
      it = std::prev(request.streams.end());
    }
    it->events.push_back(event);
  }
  // Apply to the cache and the indexes now: the next command decides against this state.
  for (const domain::Event& event : decision.events) {
    Index(meta.organization_id, event);
    std::string stream = StreamIdFor(meta.organization_id, domain::StreamOf(event));
    AnyState& state = cache_.at(stream).state;
    state = std::visit([&](auto s) -> AnyState { return domain::Evolve(std::move(s), event); },
                       std::move(state));
  }
  for (const auto& stream : request.streams) {
    ++pending_by_stream_[stream.stream_id];
    streams.push_back(stream.stream_id);
  }
  std::string idempotency_index;
  if (!meta.idempotency_key.empty()) {
    idempotency_index = IdempotencyIndex(meta);
    pending_idempotency_.insert(idempotency_index);
    domain::Timestamp now = clock_();
    request.idempotency = eventstore::IdempotencyRecord{
        .organization_id = meta.organization_id,
        .key = meta.idempotency_key,
        .fingerprint = meta.idempotency_fingerprint,
        .status = decision.status,
        .content_type = "application/json",
        .body = decision.body,
        .created_at = now,
        .expires_at =
            domain::Timestamp{now.micros_since_epoch + eventstore::kIdempotencyRetentionMicros}};
  }
  {
    std::lock_guard lock(mutex_);
    ++appends_in_flight_;
  }
  auto settle = [this, streams, idempotency_index](bool failed) {
    std::lock_guard lock(mutex_);
    --appends_in_flight_;
    settled_.push_back([this, streams, idempotency_index, failed] {
      for (const std::string& stream : streams) {
        if (--pending_by_stream_[stream] == 0) pending_by_stream_.erase(stream);
      }
      if (!idempotency_index.empty()) pending_idempotency_.erase(idempotency_index);
      // The cache ran ahead of a write that did not happen: start again from the durable log.
      if (failed)
        std::erase_if(cache_,
                      [&](const auto& entry) { return !pending_by_stream_.contains(entry.first); });
    });
    changed_.notify_one();
  };
  auto organization_id = meta.organization_id;
  auto events = std::make_shared<domain::Events>(decision.events);
  auto reply = std::make_shared<CommandReply>(
      CommandReply{decision.status, std::move(decision.body), 0, false});
  auto queued = store_.AppendAsync(
      std::move(request), [this, done = task.done, settle, reply, events,
                           organization_id](domain::Result<eventstore::AppendResult> result) {
        if (result) {
          for (const domain::Event& event : *events) keys_.Apply(organization_id, event);
          reply->position = result->last_position;
          settle(false);
          done(std::move(*reply));
        } else {
          std::fprintf(stderr, "factura: a write failed: %s\n", result.error().message.c_str());
          settle(true);
          done(std::unexpected(result.error()));
        }
      });
  if (!queued) {
    settle(true);
    task.done(std::unexpected(queued.error()));
  }
}

}  // namespace factura::api
