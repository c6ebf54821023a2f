#include "projections/queries.h"

#include <algorithm>
#include <charconv>

#include "projections/invoice_queries.h"

namespace factura::projections {
namespace {

// Cursor: the sort values of the last row, then its id; "i<digits>" or "s<hex>" each, joined by
// '.'. Opaque to clients, checked on the way back in.
std::string EncodeCursor(const std::vector<Value>& values) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string cursor;
  for (const Value& value : values) {
    if (!cursor.empty()) cursor += '.';
    if (const auto* number = std::get_if<int64_t>(&value)) {
      cursor += 'i' + std::to_string(*number);
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      cursor += 's';
      for (unsigned char c : *text) {
        cursor += kHex[c >> 4];
        cursor += kHex[c & 15];
      }
    } else {
      cursor += 'n';
    }
  }
  return cursor;
}

std::optional<std::vector<Value>> DecodeCursor(std::string_view cursor, size_t count) {
  std::vector<Value> values;
  while (!cursor.empty() && values.size() < count) {
    size_t dot = cursor.find('.');
    std::string_view part = cursor.substr(0, dot);
    cursor = dot == std::string_view::npos ? "" : cursor.substr(dot + 1);
    if (part.empty()) return std::nullopt;
    if (part[0] == 'i') {
      int64_t number = 0;
      auto [end, error] = std::from_chars(part.data() + 1, part.data() + part.size(), number);
      if (error != std::errc() || end != part.data() + part.size()) return std::nullopt;
      values.emplace_back(number);
    } else if (part[0] == 's' && part.size() % 2 == 1) {
      std::string text;
      for (size_t i = 1; i < part.size(); i += 2) {
        unsigned value = 0;
        auto [end, error] = std::from_chars(part.data() + i, part.data() + i + 2, value, 16);
        if (error != std::errc() || end != part.data() + i + 2) return std::nullopt;
        text += static_cast<char>(value);
      }
      values.emplace_back(std::move(text));
    } else if (part == "n") {
      values.emplace_back(std::monostate{});
    } else {
      return std::nullopt;
    }
  }
  if (values.size() != count || !cursor.empty()) return std::nullopt;
  return values;
}

// A piece of a WHERE clause with one `?` per value.
struct Condition {
  std::string sql;
  std::vector<Value> values;
};

Condition ConditionOf(const Filter& filter) {
  const std::string& column = filter.column;
  switch (filter.op) {
    case Filter::Op::kIn: {
      std::string sql = column + " IN (";
      for (size_t i = 0; i < filter.values.size(); ++i) sql += i == 0 ? "?" : ", ?";
      return {sql + ")", filter.values};
    }
    case Filter::Op::kNotEqual:
      return {column + " != ?", filter.values};
    case Filter::Op::kAtLeast:
      return {column + " >= ?", filter.values};
    case Filter::Op::kAtMost:
      return {column + " <= ?", filter.values};
    case Filter::Op::kGreater:
      return {column + " > ?", filter.values};
    case Filter::Op::kMissingOrGreater:
      return {column + " IS NULL OR " + column + " > ?", filter.values};
    case Filter::Op::kCustomerOwes: {
      bool owes = !filter.values.empty() && std::holds_alternative<int64_t>(filter.values[0]) &&
                  std::get<int64_t>(filter.values[0]) != 0;
      // What OwedByCustomer sums, above zero: the customer's balance.
      return {std::string(owes ? "" : "NOT ") + "EXISTS (SELECT 1 FROM invoices i WHERE i.org = " +
                  column + ".org AND i.customer_id = " + column +
                  ".id AND i.amount_due > 0 AND i.status IN " + std::string(kOpenInvoiceStatuses) +
                  ")",
              {}};
    }
    case Filter::Op::kMatches:
      return {"rowid IN (SELECT rowid FROM " + column + " WHERE " + column + " MATCH ?)",
              filter.values};
  }
  return {"0", {}};
}

struct Where {
  std::string sql;
  std::vector<Value> values;
  void Add(const Condition& condition) {
    sql += sql.empty() ? " WHERE " : " AND ";
    sql += "(" + condition.sql + ")";
    values.insert(values.end(), condition.values.begin(), condition.values.end());
  }
};

domain::Result<Statement> PrepareBound(Database& db, const std::string& sql,
                                       const std::vector<Value>& values) {
  auto statement = db.Prepare(sql);
  if (!statement) return std::unexpected(statement.error());
  for (size_t i = 0; i < values.size(); ++i) {
    BindValue(*statement, static_cast<int>(i + 1), values[i]);
  }
  return statement;
}

domain::Result<std::vector<std::vector<Value>>> Rows(Statement& statement, size_t columns) {
  std::vector<std::vector<Value>> rows;
  while (true) {
    auto row = statement.Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return rows;
    std::vector<Value>& values = rows.emplace_back();
    for (size_t c = 0; c < columns; ++c) {
      int column = static_cast<int>(c);
      if (statement.IsNull(column)) {
        values.emplace_back(std::monostate{});
      } else if (statement.IsInteger(column)) {
        values.emplace_back(statement.Int(column));
      } else {
        values.emplace_back(std::string(statement.Text(column)));
      }
    }
  }
}

}  // namespace

void BindValue(Statement& statement, int index, const Value& value) {
  if (const auto* number = std::get_if<int64_t>(&value)) {
    statement.Bind(index, *number);
  } else if (const auto* text = std::get_if<std::string>(&value)) {
    statement.Bind(index, std::string_view(*text));
  } else {
    statement.BindNull(index);
  }
}

std::string FtsQuery(std::string_view term, const std::vector<std::string>& columns) {
  std::string query;
  size_t at = 0;
  while (at < term.size()) {
    while (at < term.size() && std::isspace(static_cast<unsigned char>(term[at]))) ++at;
    size_t end = at;
    while (end < term.size() && !std::isspace(static_cast<unsigned char>(term[end]))) ++end;
    if (end == at) break;
    std::string word;
    for (char c : term.substr(at, end - at)) {
      if (c == '"') word += '"';  // FTS5 strings double their quotes
      word += c;
    }
    if (!query.empty()) query += " AND ";
    query += "\"" + word + "\"";
    at = end;
    // Words before the last are whole; the last may still be being typed: a prefix. (A prefix
    // of a common word costs a merge of every token it starts; a whole word, one lookup.)
    while (at < term.size() && std::isspace(static_cast<unsigned char>(term[at]))) ++at;
    if (at == term.size()) query += "*";
  }
  if (query.empty() || columns.empty()) return query;
  std::string scope = "{";
  for (const std::string& column : columns) scope += (scope.size() > 1 ? " " : "") + column;
  return scope + "}: (" + query + ")";
}

domain::Result<ListPage> List(Database& db, const ListRequest& request) {
  const std::string table(request.table->name);
  Where where;
  where.Add({"org = (SELECT number FROM organizations WHERE id = ?)",  // (schema.h)
             {request.organization_id}});
  for (const Filter& filter : request.filters) where.Add(ConditionOf(filter));

  ListPage page;
  auto count = [&]() -> domain::Result<void> {
    auto counted = PrepareBound(db,
                                request.counts_table != nullptr
                                    ? "SELECT COALESCE(SUM(n), 0) FROM " +
                                          std::string(request.counts_table->name) + where.sql
                                    : "SELECT COUNT(*) FROM " + table + where.sql,
                                where.values);
    if (!counted) return std::unexpected(counted.error());
    auto row = counted->Step();
    if (!row) return std::unexpected(row.error());
    page.total_count = counted->Int(0);
    return {};
  };
  if (!request.one_pass) FACTURA_TRY(count());

  std::vector<SortKey> keys = request.sort;
  keys.push_back({"id", false});
  bool backwards = request.ending_before.has_value();
  std::string key_list;
  for (const SortKey& key : keys) key_list += (key_list.empty() ? "" : ", ") + key.column;

  // Where the page starts: after the cursor's row, or after/before a given id's row.
  std::optional<std::vector<Value>> after;
  if (request.cursor) {
    after = DecodeCursor(*request.cursor, keys.size());
    if (!after) return domain::Invalid("invalid_cursor", "cursor", "This cursor is not valid");
  } else if (request.starting_after || request.ending_before) {
    const std::string& id =
        request.starting_after ? *request.starting_after : *request.ending_before;
    auto anchor =
        PrepareBound(db,
                     "SELECT " + key_list + " FROM " + table +
                         " WHERE org = (SELECT number FROM organizations WHERE id = ?) AND id = ?",
                     {request.organization_id, id});
    if (!anchor) return std::unexpected(anchor.error());
    auto rows = Rows(*anchor, keys.size());
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) {
      return domain::Reject(domain::ErrorKind::kNotFound, "resource_not_found",
                            request.starting_after ? "starting_after" : "ending_before",
                            "No row with id '" + id.substr(0, 80) + "'");
    }
    after = std::move(rows->front());
  }
  Condition keyset;  // the page's start; none for the first page
  if (after) {
    // (k1, k2, …) strictly after (or before) the anchor, each key in its own direction.
    std::vector<Value>& values = keyset.values;
    for (size_t i = 0; i < keys.size(); ++i) {
      std::string term;
      for (size_t j = 0; j < i; ++j) {
        term += keys[j].column + " = ? AND ";
        values.push_back((*after)[j]);
      }
      bool greater = keys[i].descending == backwards;
      term += keys[i].column + (greater ? " > ?" : " < ?");
      values.push_back((*after)[i]);
      keyset.sql += (keyset.sql.empty() ? "" : " OR ") + ("(" + term + ")");
    }
  }
  std::string order;
  for (const SortKey& key : keys) {
    bool descending = key.descending != backwards;
    order += (order.empty() ? "" : ", ") + key.column + (descending ? " DESC" : " ASC");
  }
  std::string columns;
  for (size_t column : request.columns) {
    columns += (columns.empty() ? "" : ", ") + std::string(request.table->columns[column].name);
  }
  std::string sql;
  std::vector<Value> values = where.values;
  if (request.one_pass) {
    // Every matching row visited once: counted over all of them, then the page's start applied
    // and the rest sorted. (A window function keeps the subquery from being flattened.)
    sql = "SELECT * FROM (SELECT " + columns + ", " + key_list + ", COUNT(*) OVER () FROM " +
          table + where.sql + ")" + (keyset.sql.empty() ? "" : " WHERE " + keyset.sql);
  } else {
    Where paged = where;
    if (!keyset.sql.empty()) paged.Add(keyset);
    sql = "SELECT " + columns + ", " + key_list + " FROM " + table + paged.sql;
  }
  values.insert(values.end(), keyset.values.begin(), keyset.values.end());
  sql += " ORDER BY " + order + " LIMIT " + std::to_string(request.limit + 1);
  auto select = PrepareBound(db, sql, values);
  if (!select) return std::unexpected(select.error());
  size_t width = request.columns.size() + keys.size() + (request.one_pass ? 1 : 0);
  auto rows = Rows(*select, width);
  if (!rows) return std::unexpected(rows.error());
  if (request.one_pass) {
    if (rows->empty()) {
      FACTURA_TRY(count());  // past the last row: no row carries the count
    } else {
      page.total_count = std::get<int64_t>(rows->front().back());
    }
    for (std::vector<Value>& row : *rows) row.pop_back();
  }
  page.has_more = rows->size() > request.limit;
  if (page.has_more) rows->pop_back();
  if (backwards) std::reverse(rows->begin(), rows->end());
  if (!rows->empty() && (page.has_more || backwards)) {
    // Forward from the last row shown.
    const std::vector<Value>& last = rows->back();
    page.next_cursor = EncodeCursor(
        std::vector<Value>(last.end() - static_cast<ptrdiff_t>(keys.size()), last.end()));
  }
  // By the table's columns: what a caller reads by name.
  for (std::vector<Value>& row : *rows) {
    std::vector<Value>& placed = page.rows.emplace_back(request.table->columns.size());
    for (size_t i = 0; i < request.columns.size(); ++i) {
      placed[request.columns[i]] = std::move(row[i]);
    }
  }
  return page;
}

}  // namespace factura::projections
