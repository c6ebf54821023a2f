#pragma once
// What a user of the `customer` role sees (seed 002): their customer's invoices, payments, credit
// notes and credit, read-only. The gate lets them call only the routes listed here — every other
// route answers 404, as if it did not exist — and those routes filter to the customer: lists by
// a filter PagingOf adds, reads by id through Sees().
//
//   if (!CustomerMayCall(grant, route.name, params)) → 404
//   if (!Sees(context.grant, invoice->customer_id)) → 404

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "api/api_keys.h"

namespace factura::api {

// Always true for anyone but a customer user. Theirs: what they are and their own session, the
// lists and reads of invoices, payments and credit notes, their own customer (by id), the
// reports and dashboard (of their customer alone: the aging report is their statement), and the
// events of their customer's resources (list, read, stream).
[[nodiscard]] bool CustomerMayCall(const ApiKeyGrant& grant, std::string_view route_name,
                                   const std::map<std::string, std::string, std::less<>>& params);

// Whether the grant sees a resource of `customer_id`: every grant but a customer user's does;
// theirs only their own customer's.
[[nodiscard]] bool Sees(const ApiKeyGrant& grant, std::string_view customer_id);

// The customer a grant is confined to: nullopt for anyone but a customer user.
[[nodiscard]] std::optional<std::string> ConfinedTo(const ApiKeyGrant& grant);

}  // namespace factura::api
