#pragma once
// Lists over the read models: filters, several sort keys, keyset (cursor) pagination that stays
// stable under concurrent inserts, and total counts. The caller (api/) chooses the table (its
// description, projections/tables/), columns, filters and sort keys from a fixed list of names;
// the SQL is written here alone, and values are always bound, never spliced.
//
//   using tables::kInvoices;
//   ListRequest request{.table = &kInvoices, .organization_id = org,
//                       .columns = {kInvoices["id"], kInvoices["total"]},
//                       .sort = {{"created_at", true}}, .limit = 25};
//   request.filters.push_back({"status", Filter::Op::kIn, {std::string("paid")}});
//   auto page = List(db, request);   // page->rows[i][kInvoices["total"]]: row i's total

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "projections/sqlite.h"
#include "projections/tables/table.h"

namespace factura::projections {

using Value = std::variant<std::monostate, int64_t, std::string>;

// Binds a Value (NULL, integer or text) to parameter `index` (from 1).
void BindValue(Statement& statement, int index, const Value& value);

// One condition on a list's rows; a list's rows satisfy all its filters.
struct Filter {
  enum class Op {
    kIn,                // column IN (values…): one value or several
    kNotEqual,          // column != value
    kAtLeast,           // column >= value
    kAtMost,            // column <= value
    kGreater,           // column > value
    kMissingOrGreater,  // column IS NULL OR column > value
    kMatches,           // the row matches the FTS5 query `value` in the search index `column`
    // The customer row (`column`: its table) has (value 1) or has not (0) an open invoice with
    // something due (invoice_queries.h's kOpenInvoiceStatuses): a balance above zero.
    kCustomerOwes,
  };
  std::string column;
  Op op = Op::kIn;
  std::vector<Value> values;
};

struct SortKey {
  std::string column;  // never NULL in its table
  bool descending = false;
};

struct ListRequest {
  const tables::Table* table = nullptr;
  std::string organization_id;
  std::vector<size_t> columns;  // selected (table["name"]); "id" is the tie-breaker of every sort
  std::vector<Filter> filters;
  std::vector<SortKey> sort;  // id ascending is appended
  size_t limit = 25;
  std::optional<std::string> cursor;          // a next_cursor of an earlier page
  std::optional<std::string> starting_after;  // an id: the rows after it
  std::optional<std::string> ending_before;   // an id: the rows before it
  // The filters select few rows (a search): count and page them in one pass over the matches,
  // rather than a count and a page that each visit them all.
  bool one_pass = false;
  // A table of (org, <the filtered columns>, n) counting the rows by those columns: when set,
  // total_count is the sum of its `n` over the same filters, not a count of the rows.
  const tables::Table* counts_table = nullptr;
};

struct ListPage {
  // Each row's values by the table's columns (table["name"]): the selected ones; the others NULL.
  std::vector<std::vector<Value>> rows;
  bool has_more = false;
  std::optional<std::string> next_cursor;  // set when has_more (or after ending_before)
  int64_t total_count = 0;                 // rows matching the filters
};

// Errors: kInvalidArgument `invalid_cursor` (param "cursor"), kNotFound `resource_not_found`
// (param "starting_after" / "ending_before": no such id), kInternal `sqlite_error`.
[[nodiscard]] domain::Result<ListPage> List(Database& db, const ListRequest& request);

// A search term as an FTS5 query: every word required, the last one as a prefix; `columns`
// (when not empty) limits it to those columns. Empty for a term without words.
[[nodiscard]] std::string FtsQuery(std::string_view term, const std::vector<std::string>& columns);

}  // namespace factura::projections
