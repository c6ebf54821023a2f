#include "api/command_processor.h"

#include <pthread.h>

#include <cctype>
#include <random>

#include "api/aggregate_reader.h"
#include "api/log_scan.h"
#include "api/logging.h"

namespace factura::api {
namespace {

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
  auto it = processor_.invoices_by_customer_.find(
      domain::StreamId::Compose(meta_.organization_id, customer_id));
  return it != processor_.invoices_by_customer_.end() && it->second > 0;
}

namespace {

std::string EmailKey(std::string_view organization_id, std::string_view email) {
  std::string key = std::string(organization_id) + '\0';
  for (char c : email) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

}  // namespace

bool Workspace::EmailTakenBesides(std::string_view email, std::string_view customer_id) const {
  auto it = processor_.customer_by_email_.find(EmailKey(meta_.organization_id, email));
  return it != processor_.customer_by_email_.end() && it->second != customer_id;
}

bool Workspace::UserEmailTaken(std::string_view email) const {
  return processor_.user_by_email_.contains(api::EmailKey(email));
}

std::optional<std::string> Workspace::UserIdByEmail(std::string_view email) const {
  auto it = processor_.user_by_email_.find(api::EmailKey(email));
  if (it == processor_.user_by_email_.end()) return std::nullopt;
  return it->second;
}

domain::Result<int64_t> Workspace::CustomerOutstanding(std::string_view customer_id,
                                                       std::string_view currency) {
  auto it = processor_.issued_by_customer_.find(
      domain::StreamId::Compose(meta_.organization_id, customer_id));
  if (it == processor_.issued_by_customer_.end()) return 0;
  int64_t owed = 0;
  for (const std::string& id : it->second) {  // (Load touches the cache, never this index)
    auto invoice = Load<domain::InvoiceState>(id);
    if (!invoice) return std::unexpected(invoice.error());
    const domain::InvoiceState& state = **invoice;
    // Open invoices, as the customer's balance counts them.
    if (state.IsPayable() && state.content.currency.code() == currency) owed += state.AmountDue();
  }
  return owed;
}

std::optional<std::string> Workspace::PublicUrlOf(const domain::InvoiceState& invoice) const {
  return documents::PublicUrl(processor_.links_, meta_.organization_id, invoice);
}

std::string Workspace::Seal(std::string_view secret, std::string_view context) const {
  if (processor_.secrets_ == nullptr) return std::string(secret);
  return processor_.secrets_->Seal(secret, context);
}

std::string Workspace::NewId(std::string_view prefix) {
  std::string id = processor_.ids_.Next(prefix, now_);
  // A generated id is new to the log (time-ordered, 80 random bits): its aggregate starts empty,
  // and loading it need not search the log.
  if (std::optional<CommandProcessor::AnyState> empty = domain::EmptyStateFor(id)) {
    processor_.Cache(domain::StreamId::Compose(meta_.organization_id, id), std::move(*empty));
  }
  return id;
}

CommandProcessor::CommandProcessor(eventstore::EventStore& store, ApiKeyDirectory& keys,
                                   Clock clock, size_t max_queued, size_t max_cached_aggregates)
    : store_(store),
      keys_(keys),
      clock_(std::move(clock)),
      max_queued_(max_queued),
      max_cached_(max_cached_aggregates),
      ids_(std::random_device{}()) {
  // The cache's whole table up front: growing it rehashes every entry at once, a pause of the
  // one thread that decides all commands.
  cache_.reserve(max_cached_ + 1);
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "cmd-processor");
    Loop();
  });
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
      // Stopping, it waits for the appends still in flight to settle (not in a busy loop).
      changed_.wait(lock, [&] {
        return !queue_.empty() || !settled_.empty() || (stopping_ && appends_in_flight_ == 0);
      });
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
  std::string stream = domain::StreamId::Compose(organization_id, aggregate_id);
  if (auto cached = cache_.find(stream); cached != cache_.end()) {
    recency_.splice(recency_.begin(), recency_, cached->second.recency);
    return &cached->second.state;
  }
  std::optional<AnyState> state = domain::EmptyStateFor(aggregate_id);
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
  return &Cache(std::move(stream), std::move(*state));
}

CommandProcessor::AnyState& CommandProcessor::Cache(std::string stream, AnyState state) {
  if (auto cached = cache_.find(stream); cached != cache_.end()) {
    recency_.splice(recency_.begin(), recency_, cached->second.recency);
    cached->second.state = std::move(state);
    return cached->second.state;
  }
  recency_.push_front(stream);
  return cache_.emplace(std::move(stream), CachedState{std::move(state), recency_.begin()})
      .first->second.state;
}

void CommandProcessor::Forget(std::unordered_map<std::string, CachedState>::iterator entry) {
  recency_.erase(entry->second.recency);
  cache_.erase(entry);
}

domain::Result<void> CommandProcessor::LoadIndexes() {
  // Organizations are folded here too and stay cached (see Evict): their streams grow by one
  // event per invoice number, and folding one on a cache miss would stall every command behind
  // it.
  return ScanEvents(store_,
                    {domain::OrganizationCreated::kType, domain::OrganizationSettingsUpdated::kType,
                     domain::InvoiceNumberReserved::kType, domain::PaymentNumberReserved::kType,
                     domain::InvoiceDrafted::kType, domain::InvoiceDraftUpdated::kType,
                     domain::InvoiceIssued::kType, domain::InvoiceDeleted::kType,
                     domain::CustomerCreated::kType, domain::CustomerUpdated::kType,
                     domain::CustomerDeleted::kType, domain::UserRegistered::kType},
                    [this](std::string_view organization_id, const domain::Event& event) {
                      std::string organization(organization_id);
                      Index(organization, event);
                      std::string_view aggregate_id = domain::StreamOf(event);
                      if (aggregate_id != organization_id) return;
                      std::string stream = domain::StreamId::Compose(organization, aggregate_id);
                      auto cached = cache_.find(stream);
                      domain::OrganizationState state = cached == cache_.end()
                                                            ? domain::OrganizationState{}
                                                            : std::get<domain::OrganizationState>(
                                                                  std::move(cached->second.state));
                      Cache(std::move(stream), domain::Evolve(std::move(state), event));
                    });
}

bool CommandProcessor::Pinned(const std::string& stream) const {
  // Organization streams ("org_…/org_…") stay cached: see LoadIndexes.
  std::string_view aggregate_id = domain::StreamId::AggregateOf(stream);
  return aggregate_id.starts_with(domain::kOrganizationPrefix) &&
         aggregate_id.substr(domain::kOrganizationPrefix.size()).starts_with('_');
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
  auto set_email = [&](const std::string& customer_id, const std::optional<std::string>& email) {
    std::string customer = domain::StreamId::Compose(organization_id, customer_id);
    if (auto old = email_of_customer_.find(customer); old != email_of_customer_.end()) {
      customer_by_email_.erase(old->second);
      email_of_customer_.erase(old);
    }
    if (!email) return;
    std::string key = EmailKey(organization_id, *email);
    customer_by_email_[key] = customer_id;
    email_of_customer_[customer] = std::move(key);
  };
  if (const auto* registered = std::get_if<domain::UserRegistered>(&event)) {
    user_by_email_[api::EmailKey(registered->email)] = registered->user_id;
  } else if (const auto* created = std::get_if<domain::CustomerCreated>(&event)) {
    set_email(created->customer_id, created->profile.email);
  } else if (const auto* changed = std::get_if<domain::CustomerUpdated>(&event)) {
    if (changed->email.sets()) set_email(changed->customer_id, changed->email.value());
    if (changed->email.clears()) set_email(changed->customer_id, std::nullopt);
  } else if (const auto* gone = std::get_if<domain::CustomerDeleted>(&event)) {
    set_email(gone->customer_id, std::nullopt);
  } else if (const auto* reserved = std::get_if<domain::InvoiceNumberReserved>(&event)) {
    invoice_numbers_.insert(organization_id + '\0' + reserved->number);
  } else if (const auto* drafted = std::get_if<domain::InvoiceDrafted>(&event)) {
    move_draft(domain::StreamId::Compose(organization_id, drafted->invoice_id),
               domain::StreamId::Compose(organization_id, drafted->content.customer.customer_id));
  } else if (const auto* updated = std::get_if<domain::InvoiceDraftUpdated>(&event)) {
    move_draft(domain::StreamId::Compose(organization_id, updated->invoice_id),
               domain::StreamId::Compose(organization_id, updated->content.customer.customer_id));
  } else if (const auto* issued = std::get_if<domain::InvoiceIssued>(&event)) {
    draft_customer_.erase(domain::StreamId::Compose(organization_id, issued->invoice_id));
    issued_by_customer_[domain::StreamId::Compose(organization_id, issued->customer.customer_id)]
        .push_back(issued->invoice_id);
  } else if (const auto* deleted = std::get_if<domain::InvoiceDeleted>(&event)) {
    auto it = draft_customer_.find(domain::StreamId::Compose(organization_id, deleted->invoice_id));
    if (it != draft_customer_.end()) {
      --invoices_by_customer_[it->second];
      draft_customer_.erase(it);
    }
  }
}

void CommandProcessor::Evict() {
  // Least recently used first. Never drop what has appends in flight (the log does not have
  // those events yet): such a state goes back to the front. Bounded: at most one pass.
  for (size_t looked = 0, size = recency_.size(); cache_.size() > max_cached_ && looked < size;
       ++looked) {
    auto entry = cache_.find(recency_.back());
    if (pending_by_stream_.contains(entry->first) || Pinned(entry->first)) {
      recency_.splice(recency_.begin(), recency_, entry->second.recency);
    } else {
      Forget(entry);
    }
  }
}

void CommandProcessor::Execute(Task& task) {
  // Only between commands: a command holds pointers to the states it loaded.
  if (cache_.size() > max_cached_) Evict();
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
        auto [effect, body] = DecodeStoredReply((*stored)->response);
        if (SecretBox::IsSealed(body)) {
          if (secrets_ == nullptr) {
            task.done(domain::Reject(domain::ErrorKind::kInternal, "secret_unreadable", "",
                                     "The stored reply is sealed and no master key is set"));
            return;
          }
          auto opened = secrets_->Open(body, IdempotencyIndex(meta));
          if (!opened) {
            task.done(std::unexpected(opened.error()));
            return;
          }
          body = std::move(*opened);
        }
        task.done(CommandReply{effect, std::move(body), (*stored)->position, true});
      }
      return;
    }
  }
  Workspace workspace(*this, meta);
  auto outcome = task.command(workspace);
  if (!outcome) {
    task.done(std::unexpected(outcome.error()));
    return;
  }
  if (outcome->events.empty()) {
    task.done(CommandReply{outcome->effect, std::move(outcome->body), store_.HeadPosition(), false,
                           std::move(outcome->render)});
    return;
  }
  Append(task, std::move(*outcome));
}

void CommandProcessor::Append(Task& task, Outcome outcome) {
  const CommandMeta& meta = task.meta;
  eventstore::AppendRequest request;
  request.metadata = {meta.organization_id, meta.actor, meta.request_id, "", ""};
  std::vector<std::string> streams;
  for (const domain::Event& event : outcome.events) {
    std::string_view aggregate_id = domain::StreamOf(event);
    std::string stream = domain::StreamId::Compose(meta.organization_id, aggregate_id);
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
  for (const domain::Event& event : outcome.events) {
    Index(meta.organization_id, event);
    std::string stream = domain::StreamId::Compose(meta.organization_id, domain::StreamOf(event));
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
    // The response is stored with the events: it cannot wait.
    if (outcome.render) {
      outcome.body = outcome.render();
      outcome.render = nullptr;
    }
    idempotency_index = IdempotencyIndex(meta);
    pending_idempotency_.insert(idempotency_index);
    domain::Timestamp now = clock_();
    request.idempotency = eventstore::IdempotencyRecord{
        .organization_id = meta.organization_id,
        .key = meta.idempotency_key,
        .fingerprint = meta.idempotency_fingerprint,
        .response = EncodeStoredReply(outcome.effect,
                                      outcome.sensitive && secrets_ != nullptr
                                          ? secrets_->Seal(outcome.body, IdempotencyIndex(meta))
                                          : outcome.body),
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
      if (failed) {
        for (auto entry = cache_.begin(); entry != cache_.end();) {
          auto next = std::next(entry);
          if (!pending_by_stream_.contains(entry->first)) Forget(entry);
          entry = next;
        }
      }
    });
    changed_.notify_one();
  };
  auto organization_id = meta.organization_id;
  // The API-key directory learns of keys and limits once they are durable.
  auto key_events = std::make_shared<domain::Events>();
  for (const domain::Event& event : outcome.events) {
    if (ApiKeyDirectory::Folds(event) || IdentityDirectory::Folds(event)) {
      key_events->push_back(event);
    }
  }
  auto reply = std::make_shared<CommandReply>(
      CommandReply{outcome.effect, std::move(outcome.body), 0, false, std::move(outcome.render)});
  auto queued = store_.AppendAsync(
      std::move(request), [this, done = task.done, settle, reply, key_events, streams,
                           organization_id](domain::Result<eventstore::AppendResult> result) {
        if (result) {
          // Before the answer: a client that reads after its write must not get the old state.
          for (const std::string& stream : streams) durable_states_.Invalidate(stream);
          for (const domain::Event& event : *key_events) {
            keys_.Apply(organization_id, event);
            if (people_ != nullptr) people_->Apply(organization_id, event);
          }
          reply->position = result->last_position;
          settle(false);
          done(std::move(*reply));
        } else {
          Log(LogLevel::kCritical, "a write to the event log failed",
              {{"error", result.error().message}, {"organization", organization_id}});
          settle(true);
          done(std::unexpected(result.error()));
          if (on_write_failure_) on_write_failure_(result.error());
        }
      });
  if (!queued) {
    settle(true);
    task.done(std::unexpected(queued.error()));
  }
}

}  // namespace factura::api
