#pragma once
// What every list endpoint shares (GET /v1/invoices, /v1/customers, /v1/payments, ...; each
// declared with its resource's other routes): query parameters → a projections::ListRequest
// (paging, sorting, filters; every parameter checked: an unknown one is a 400, a bad value a 422
// naming it) and a page of rows → list JSON.
//
//   static const ListSpec spec{&tables::kPayments, {kPayments["id"], kPayments["amount"]},
//                              {{"amount", "amount"}}, "-created_at", {"status"}};
//   auto list = PagingOf(context, spec);
//   FACTURA_TRY(EqualFilter(context.request, "status", "status", *list));
//   co_await QueryReadModels(context, PageQuery(std::move(*list), WritePaymentRow));

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/http/app.h"
#include "api/http/json_writer.h"
#include "projections/queries.h"

namespace factura::api {

namespace tables = projections::tables;
using projections::Filter;
using projections::ListRequest;
using projections::Value;

// What a list endpoint accepts besides the paging parameters.
struct ListSpec {
  const tables::Table* table;
  std::vector<size_t> columns;  // selected: each row has them (row[table["name"]])
  std::map<std::string, std::string, std::less<>> sortable;  // API name → column
  std::string default_sort;
  std::set<std::string, std::less<>> parameters;  // filters this endpoint reads
};

// limit, cursor, starting_after, ending_before, sort, min_position, fields.
[[nodiscard]] const std::set<std::string, std::less<>>& PagingParameters();

// The request's paging and sort for `spec`'s table. Errors: 400 `unknown_parameter`, 422
// `invalid_limit`, `invalid_sort`, naming the parameter.
[[nodiscard]] domain::Result<ListRequest> PagingOf(const RequestContext& context,
                                                   const ListSpec& spec);

// `name=a,b` → column IN (a, b) (up to 20 values). Errors: 422 `invalid_filter`.
[[nodiscard]] domain::Result<void> EqualFilter(const HttpRequest& request, std::string_view name,
                                               const std::string& column, ListRequest& list);
// `name[gte]` and `name[lte]` over a date column. Errors: 422 `invalid_date`.
[[nodiscard]] domain::Result<void> DateRange(const HttpRequest& request, const std::string& name,
                                             const std::string& column, ListRequest& list);
// `name[gte]` and `name[lte]` over an instant column. Errors: 422 `invalid_timestamp`.
[[nodiscard]] domain::Result<void> InstantRange(const HttpRequest& request, const std::string& name,
                                                const std::string& column, ListRequest& list);
// `search` (and `search_fields` among `fields`: the API's name → the index's column, so that
// seed 000's dotted `customer.name` finds `customer_name`) through the search index `index`.
// Errors: 422 `invalid_search`, `invalid_search_fields`.
using SearchFields = std::map<std::string, std::string, std::less<>>;
[[nodiscard]] domain::Result<void> SearchFilter(const HttpRequest& request,
                                                const std::string& index,
                                                const SearchFields& fields, ListRequest& list);
// The query parameter `name` as true or false (nullopt when absent). Errors: 422
// `invalid_boolean` naming it.
[[nodiscard]] domain::Result<std::optional<bool>> BoolParameter(const HttpRequest& request,
                                                                std::string_view name);
// `name=true|false` over the 0/1 `column`. Errors: 422 `invalid_boolean`.
[[nodiscard]] domain::Result<void> BoolFilter(const HttpRequest& request, std::string_view name,
                                              const std::string& column, ListRequest& list);
// `is_active=true|false`. Errors: 422 `invalid_boolean`.
[[nodiscard]] domain::Result<void> ActiveFilter(const HttpRequest& request, ListRequest& list);

// A row's values as the list writers read them.
[[nodiscard]] int64_t Int(const Value& value);
[[nodiscard]] std::string_view Text(const Value& value);
void TextOrNull(JsonWriter& json, std::string_view key, const Value& value);
void Amount(JsonWriter& json, std::string_view key, int64_t minor, std::string_view currency);
void Instant(JsonWriter& json, std::string_view key, const Value& value);

using ItemWriter = std::function<void(JsonWriter&, const std::vector<Value>&)>;
// {object:"list", data:[…], has_more, next_cursor, total_count}, each row written by `item`.
[[nodiscard]] std::string ListJson(const projections::ListPage& page, const ItemWriter& item);
// A query that lists one page of `list` and renders each row with `item`.
[[nodiscard]] App::Query PageQuery(ListRequest list, ItemWriter item);

}  // namespace factura::api
