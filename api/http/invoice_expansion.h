#pragma once
// `expand=customer,line_items,payments` on an invoice (seed 000 §6): the members it names become
// whole objects, read from the durable states of the invoice's customer and payments.
//
//   auto expand = ParseExpand(request);                         // on the I/O thread
//   std::string json = expansion.InvoiceJson(org, invoice, *expand);  // on the worker pool

#include <map>
#include <string>

#include "api/documents/public_links.h"
#include "api/durable_states.h"
#include "api/http/server.h"
#include "domain/error.h"
#include "domain/invoice/invoice_state.h"
#include "eventstore/event_store.h"

namespace factura::api {

struct Expansion {
  bool customer = false;
  bool line_items = false;
  bool payments = false;

  // Whether rendering needs other streams (line items are always whole in an invoice).
  bool ReadsOtherStreams() const { return customer || payments; }
};

// The request's `expand` parameter. Errors: kInvalidArgument `invalid_expand`.
[[nodiscard]] domain::Result<Expansion> ParseExpand(const HttpRequest& request);

// Renders expanded invoices. Reads durable states (folding them from the log on a miss): call on
// the worker pool. Thread safety: as DurableStates and the event store, any thread.
class InvoiceExpander {
 public:
  InvoiceExpander(DurableStates& states, const eventstore::EventStore& store,
                  const documents::PublicLinks& links)
      : states_(states), store_(store), links_(links) {}

  // The invoice JSON with its customer and payments as whole objects where `expand` asks.
  [[nodiscard]] std::string InvoiceJson(const std::string& organization_id,
                                        const domain::InvoiceState& invoice,
                                        const Expansion& expand) const;
  // The invoice's members that `expand` asks for, as `"name":value` pairs, for list items.
  [[nodiscard]] std::map<std::string, std::string> Members(const std::string& organization_id,
                                                           const std::string& invoice_id,
                                                           const Expansion& expand) const;

 private:
  DurableStates& states_;
  const eventstore::EventStore& store_;
  const documents::PublicLinks& links_;
};

}  // namespace factura::api
