#pragma once
// The command processor (DESIGN.md §2, "Command execution"): one thread decides commands in
// order against in-memory aggregate states, hands each decision's events to the store as a
// pipelined append, and answers the command only when its events are durable.
//
// A command (made by a module of api/commands/) is a function run on the processor thread with a
// Workspace: it loads the states it needs (from the cache, or the log on a miss), decides with
// the domain, and returns an Outcome: the events and the reply as of the state after them. The
// processor applies the events to its cache at once, so the next command sees them, without
// waiting for the fsync.
//
//   processor.Submit(meta, commands::CreateCustomer(std::move(create)),
//                    [](Result<CommandReply> reply) { /* on the store's completion thread */ });
//
// Thread safety: Submit may be called from any thread. Idempotency keys are settled here, in
// command order: a key seen before returns the stored response, a key in flight is a conflict.

#include <condition_variable>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "api/api_keys.h"
#include "api/commands/outcome.h"
#include "api/documents/public_links.h"
#include "api/durable_states.h"
#include "api/identity/identity_directory.h"
#include "api/secret_box.h"
#include "domain/any_state.h"
#include "domain/api_key/api_key.h"
#include "domain/customer/customer.h"
#include "domain/ids.h"
#include "domain/invoice/invoice.h"
#include "domain/organization/organization.h"
#include "domain/payment/payment.h"
#include "domain/product/product.h"
#include "domain/tax_rate/tax_rate.h"
#include "domain/webhook_endpoint/webhook_endpoint.h"
#include "eventstore/event_store.h"

namespace factura::api {

struct CommandMeta {
  std::string organization_id;
  std::string actor;  // the API key id
  std::string request_id;
  std::string idempotency_key;          // empty: none
  std::string idempotency_fingerprint;  // of method, path and body
};

class CommandProcessor;

// What a command may touch: states of its own organization, the clock, new ids.
class Workspace {
 public:
  Workspace(CommandProcessor& processor, const CommandMeta& meta);

  // The aggregate's state (not `exists` when there is none). Errors: the store's.
  template <typename State>
  domain::Result<const State*> Load(std::string_view aggregate_id);
  // The same, from another tenant (identity commands reading an organization's custom role).
  template <typename State>
  domain::Result<const State*> LoadFrom(const std::string& tenant, std::string_view aggregate_id);

  domain::Timestamp now() const { return now_; }
  std::string NewId(std::string_view prefix);
  // `secret` sealed for the log (bound to `context`, the owning aggregate's id); as it is when
  // the processor has no secret box (tests that do not care).
  std::string Seal(std::string_view secret, std::string_view context) const;
  const CommandMeta& meta() const { return meta_; }
  // The hosted page's address of an invoice of this organization (null while it has none).
  std::optional<std::string> PublicUrlOf(const domain::InvoiceState& invoice) const;

  // Facts across aggregates that decisions ask about (kept by the processor from every event).
  const domain::InvoiceNumberRegistry& invoice_numbers() const { return numbers_; }
  bool CustomerHasInvoices(std::string_view customer_id) const;
  // Whether a customer other than `customer_id` has `email` (case-insensitive).
  bool EmailTakenBesides(std::string_view email, std::string_view customer_id) const;
  // What the customer's open invoices (InvoiceState::IsPayable) in `currency` still owe,
  // folded from their states (a cost that grows with the customer's history; asked only for
  // customers with a credit limit).
  domain::Result<int64_t> CustomerOutstanding(std::string_view customer_id,
                                              std::string_view currency);
  // Whether a user has `email` (case-insensitive), anywhere in Factura; and which.
  bool UserEmailTaken(std::string_view email) const;
  std::optional<std::string> UserIdByEmail(std::string_view email) const;

 private:
  class Numbers : public domain::InvoiceNumberRegistry {
   public:
    Numbers(const CommandProcessor& processor, std::string organization_id)
        : processor_(processor), organization_id_(std::move(organization_id)) {}
    bool InUse(std::string_view number) const override;

   private:
    const CommandProcessor& processor_;
    std::string organization_id_;
  };

  CommandProcessor& processor_;
  const CommandMeta& meta_;
  domain::Timestamp now_;
  Numbers numbers_;
};

using Command = std::function<domain::Result<Outcome>(Workspace&)>;
using Completion = std::function<void(domain::Result<CommandReply>)>;

class CommandProcessor {
 public:
  using Clock = std::function<domain::Timestamp()>;

  CommandProcessor(eventstore::EventStore& store, ApiKeyDirectory& keys, Clock clock,
                   size_t max_queued = 8192, size_t max_cached_aggregates = 200'000);
  ~CommandProcessor();  // finishes queued commands

  // Scans the log once for the cross-aggregate facts (invoice numbers in use, invoices per
  // customer). Call before the first Submit. Errors: the store's.
  [[nodiscard]] domain::Result<void> LoadIndexes();

  // Errors returned here (without calling `done`): kUnavailable `command_queue_full`.
  [[nodiscard]] domain::Result<void> Submit(CommandMeta meta, Command command, Completion done);

  using AnyState = domain::AnyState;

  // The identity directory learns of users and sessions once their events are durable. Set
  // before the first Submit.
  void InformIdentity(IdentityDirectory& people) { people_ = &people; }
  // Seals secrets for events and sensitive stored replies. Set before the first Submit.
  void UseSecretBox(const SecretBox& box) { secrets_ = &box; }
  // Signs the hosted pages' links (a key of its own until told; set before the first Submit).
  void UsePublicLinks(documents::PublicLinks links) { links_ = std::move(links); }
  const documents::PublicLinks& public_links() const { return links_; }

  // Called (on the store's completion thread) when the store reports a failed write. The
  // processor's states may then be ahead of the log by commands no client was told about:
  // DESIGN.md §2 stops the process, and `factura serve` does (the restart rebuilds from the log).
  // Set before the first Submit. Without one, the processor forgets its cached states and goes on.
  void OnWriteFailure(std::function<void(const domain::Error&)> handler) {
    on_write_failure_ = std::move(handler);
  }

  // The cache of durable states for reads by id; the processor invalidates each stream it
  // writes once the write is durable, before answering.
  DurableStates& durable_states() { return durable_states_; }

 private:
  friend class Workspace;
  struct Task {
    CommandMeta meta;
    Command command;
    Completion done;
  };

  void Loop();
  void Execute(Task& task);
  void Append(Task& task, Outcome outcome);
  domain::Result<AnyState*> LoadAny(const std::string& organization_id,
                                    std::string_view aggregate_id);
  void Evict();
  // Keeps the cross-aggregate indexes in step with one event of `organization_id`.
  void Index(const std::string& organization_id, const domain::Event& event);

  eventstore::EventStore& store_;
  ApiKeyDirectory& keys_;
  IdentityDirectory* people_ = nullptr;
  const SecretBox* secrets_ = nullptr;
  documents::PublicLinks links_;
  DurableStates durable_states_;
  Clock clock_;
  size_t max_queued_;
  size_t max_cached_;
  domain::IdGenerator ids_;
  std::function<void(const domain::Error&)> on_write_failure_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Task> queue_;
  std::deque<std::function<void()>> settled_;  // after-commit bookkeeping, run by the loop
  bool stopping_ = false;
  size_t appends_in_flight_ = 0;  // the loop outlives them: their callbacks use `this`
  std::thread thread_;

  // Owned by the processor thread. The cache is least-recently-used: every load moves a state
  // to the front of `recency_`, and Evict drops from the back, a few at a time, so no command
  // ever waits for a bulk clean-up.
  struct CachedState {
    AnyState state;
    std::list<std::string>::iterator recency;
  };
  AnyState& Cache(std::string stream, AnyState state);
  void Forget(std::unordered_map<std::string, CachedState>::iterator entry);
  bool Pinned(const std::string& stream) const;
  std::unordered_map<std::string, CachedState> cache_;      // stream id → state
  std::list<std::string> recency_;                          // stream ids, most recently used first
  std::unordered_map<std::string, int> pending_by_stream_;  // appends not yet durable
  std::set<std::string, std::less<>> pending_idempotency_;  // org \0 key
  std::unordered_set<std::string> invoice_numbers_;         // org \0 number
  std::unordered_map<std::string, int> invoices_by_customer_;       // org/cus_… → invoices
  std::unordered_map<std::string, std::string> customer_by_email_;  // org \0 lower e-mail → id
  std::unordered_map<std::string, std::string> email_of_customer_;  // org/cus_… → its key above
  std::unordered_map<std::string, std::string> user_by_email_;      // lower-case e-mail → user id
  std::unordered_map<std::string, std::vector<std::string>> issued_by_customer_;  // → inv_ ids
  // Drafts only (issued invoices cannot change customer or be deleted): org/inv_… → org/cus_….
  std::unordered_map<std::string, std::string> draft_customer_;
};

template <typename State>
domain::Result<const State*> Workspace::Load(std::string_view aggregate_id) {
  return LoadFrom<State>(meta_.organization_id, aggregate_id);
}

template <typename State>
domain::Result<const State*> Workspace::LoadFrom(const std::string& tenant,
                                                 std::string_view aggregate_id) {
  auto any = processor_.LoadAny(tenant, aggregate_id);
  if (!any) return std::unexpected(any.error());
  const State* state = std::get_if<State>(*any);
  if (state == nullptr) {
    return domain::Reject(domain::ErrorKind::kNotFound, "resource_not_found", "id",
                          "No such resource");
  }
  return state;
}

}  // namespace factura::api
