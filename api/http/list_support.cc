#include "api/http/list_support.h"

#include <charconv>
#include <set>

#include "api/http/json_writer.h"
#include "api/http/route_support.h"
#include "domain/date.h"
#include "domain/ids.h"
#include "domain/money.h"
#include "projections/queries.h"

namespace factura::api {
namespace {

constexpr size_t kDefaultLimit = 25;
constexpr size_t kMaxLimit = 100;
constexpr size_t kMaxListValues = 20;  // values in one comma-separated filter

}  // namespace

const std::set<std::string, std::less<>>& PagingParameters() {
  static const std::set<std::string, std::less<>> kPaging{
      "limit", "cursor", "starting_after", "ending_before", "sort", "min_position", "fields"};
  return kPaging;
}

domain::Result<ListRequest> PagingOf(const RequestContext& context, const ListSpec& spec) {
  FACTURA_TRY(
      RejectUnknownQueryParameters(context.request, {&PagingParameters(), &spec.parameters}));
  ListRequest list{.table = spec.table,
                   .organization_id = context.grant.organization_id,
                   .columns = spec.columns};
  if (!context.grant.customer_id.empty()) {
    // A customer user's lists hold their customer's rows alone (customer_scope.h).
    if (!spec.parameters.contains("customer_id")) {
      return domain::Reject(domain::ErrorKind::kNotFound, "route_not_found", "", "No such list");
    }
    list.filters.push_back({"customer_id", Filter::Op::kIn, {context.grant.customer_id}});
  }
  list.limit = kDefaultLimit;
  if (auto text = QueryParameter(context.request, "limit")) {
    size_t limit = 0;
    auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), limit);
    if (error != std::errc() || end != text->data() + text->size() || limit < 1 ||
        limit > kMaxLimit) {
      return domain::Invalid("invalid_limit", "limit", "Give a limit from 1 to 100");
    }
    list.limit = limit;
  }
  list.cursor = QueryParameter(context.request, "cursor");
  list.starting_after = QueryParameter(context.request, "starting_after");
  list.ending_before = QueryParameter(context.request, "ending_before");
  if ((list.cursor ? 1 : 0) + (list.starting_after ? 1 : 0) + (list.ending_before ? 1 : 0) > 1) {
    return domain::Invalid("conflicting_parameters", list.cursor ? "cursor" : "starting_after",
                           "Give one of cursor, starting_after and ending_before");
  }
  std::string sort = QueryParameter(context.request, "sort").value_or(spec.default_sort);
  std::set<std::string> seen;
  for (size_t at = 0; at <= sort.size();) {
    size_t comma = std::min(sort.find(',', at), sort.size());
    std::string_view key = std::string_view(sort).substr(at, comma - at);
    bool descending = key.starts_with('-');
    if (descending) key.remove_prefix(1);
    auto column = spec.sortable.find(key);
    if (column == spec.sortable.end() || !seen.insert(std::string(key)).second || seen.size() > 4) {
      std::string allowed;
      for (const auto& [name, ignored] : spec.sortable)
        allowed += (allowed.empty() ? "" : ", ") + name;
      return domain::Invalid("invalid_sort", "sort",
                             "Sort by up to 4 of " + allowed + " (prefix - for descending)");
    }
    list.sort.push_back({column->second, descending});
    at = comma + 1;
  }
  return list;
}

// `name=a,b` → column IN (a, b).
domain::Result<void> EqualFilter(const HttpRequest& request, std::string_view name,
                                 const std::string& column, ListRequest& list) {
  auto text = QueryParameter(request, name);
  if (!text) return {};
  Filter filter{column, Filter::Op::kIn, {}};
  for (size_t at = 0; at <= text->size();) {
    size_t comma = std::min(text->find(',', at), text->size());
    if (comma == at || filter.values.size() == kMaxListValues) {
      return domain::Invalid("invalid_filter", std::string(name),
                             "Give up to 20 values, comma-separated");
    }
    filter.values.emplace_back(text->substr(at, comma - at));
    at = comma + 1;
  }
  list.filters.push_back(std::move(filter));
  return {};
}

namespace {

// `name[gte]` and `name[lte]` over `column`, each value read by `parse(text, upper)` into what the
// column holds (`upper` for [lte]; a 422 `code` naming the parameter when it cannot).
template <typename Parse>
domain::Result<void> Range(const HttpRequest& request, const std::string& name,
                           const std::string& column, ListRequest& list, const char* code,
                           const char* message, Parse parse) {
  for (const auto& [suffix, op] :
       {std::pair{"[gte]", Filter::Op::kAtLeast}, std::pair{"[lte]", Filter::Op::kAtMost}}) {
    std::string param = name + suffix;
    auto text = QueryParameter(request, param);
    if (!text) continue;
    std::optional<Value> value = parse(*text, op == Filter::Op::kAtMost);
    if (!value) return domain::Invalid(code, param, message);
    list.filters.push_back({column, op, {std::move(*value)}});
  }
  return {};
}

}  // namespace

// ISO dates, stored as text (they sort as text).
domain::Result<void> DateRange(const HttpRequest& request, const std::string& name,
                               const std::string& column, ListRequest& list) {
  return Range(request, name, column, list, "invalid_date", "Expected a date YYYY-MM-DD",
               [](std::string_view text, bool) -> std::optional<Value> {
                 auto date = domain::ParseDate(text);
                 if (!date) return std::nullopt;
                 return domain::FormatDate(*date);
               });
}

// RFC 3339 in, microseconds stored. A date alone (seed 000 §3.5: `created_at[gte]=2025-01-01`)
// is that whole UTC day: from its first microsecond for [gte], to its last for [lte].
domain::Result<void> InstantRange(const HttpRequest& request, const std::string& name,
                                  const std::string& column, ListRequest& list) {
  return Range(request, name, column, list, "invalid_timestamp",
               "Expected an RFC 3339 instant or a date YYYY-MM-DD",
               [](std::string_view text, bool upper) -> std::optional<Value> {
                 if (auto at = domain::ParseTimestamp(text)) return at->micros_since_epoch;
                 auto date = domain::ParseDate(text);
                 if (!date) return std::nullopt;
                 auto start = domain::ParseTimestamp(domain::FormatDate(*date) + "T00:00:00Z");
                 if (!start) return std::nullopt;
                 constexpr int64_t kDay = 86'400'000'000;
                 return start->micros_since_epoch + (upper ? kDay - 1 : 0);
               });
}

// `search` (and `search_fields`) through the table's FTS5 index.
domain::Result<void> SearchFilter(const HttpRequest& request, const std::string& index,
                                  const SearchFields& fields, ListRequest& list) {
  auto term = QueryParameter(request, "search");
  if (!term) return {};
  std::vector<std::string> columns;
  if (auto text = QueryParameter(request, "search_fields")) {
    for (size_t at = 0; at <= text->size();) {
      size_t comma = std::min(text->find(',', at), text->size());
      std::string field = text->substr(at, comma - at);
      auto column = fields.find(field);
      if (column == fields.end()) {
        std::string allowed;
        for (const auto& [name, ignored] : fields) allowed += (allowed.empty() ? "" : ", ") + name;
        return domain::Invalid("invalid_search_fields", "search_fields", "Search in " + allowed);
      }
      columns.push_back(column->second);
      at = comma + 1;
    }
  }
  if (term->size() > 200)
    return domain::Invalid("invalid_search", "search", "At most 200 characters");
  std::string query = projections::FtsQuery(*term, columns);
  if (query.empty()) return {};
  list.filters.push_back({index, Filter::Op::kMatches, {query}});
  list.one_pass = true;
  return {};
}

domain::Result<std::optional<bool>> BoolParameter(const HttpRequest& request,
                                                  std::string_view name) {
  auto text = QueryParameter(request, name);
  if (!text) return std::optional<bool>{};
  if (*text != "true" && *text != "false") {
    return domain::Invalid("invalid_boolean", std::string(name), "Expected true or false");
  }
  return std::optional(*text == "true");
}

domain::Result<void> BoolFilter(const HttpRequest& request, std::string_view name,
                                const std::string& column, ListRequest& list) {
  auto value = BoolParameter(request, name);
  if (!value) return std::unexpected(value.error());
  if (*value) list.filters.push_back({column, Filter::Op::kIn, {int64_t{**value}}});
  return {};
}

domain::Result<void> ActiveFilter(const HttpRequest& request, ListRequest& list) {
  return BoolFilter(request, "is_active", "is_active", list);
}

int64_t Int(const Value& value) {
  const auto* number = std::get_if<int64_t>(&value);
  return number ? *number : 0;
}
std::string_view Text(const Value& value) {
  const auto* text = std::get_if<std::string>(&value);
  return text ? std::string_view(*text) : std::string_view();
}
void TextOrNull(JsonWriter& json, std::string_view key, const Value& value) {
  json.Key(key);
  if (std::holds_alternative<std::string>(value)) {
    json.String(Text(value));
  } else {
    json.Null();
  }
}
void Amount(JsonWriter& json, std::string_view key, int64_t minor, std::string_view currency) {
  json.Key(key);
  auto known = domain::FindCurrency(currency);
  if (known) {
    json.RawNumber(domain::FormatAmount(minor, *known));
  } else {
    json.Int(minor);
  }
}
void Instant(JsonWriter& json, std::string_view key, const Value& value) {
  json.Key(key).String(domain::FormatTimestamp(domain::Timestamp{Int(value)}));
}

std::string ListJson(const projections::ListPage& page,
                     const std::function<void(JsonWriter&, const std::vector<Value>&)>& item) {
  JsonWriter json;
  json.BeginObject().Key("object").String("list").Key("data").BeginArray();
  for (const auto& row : page.rows) item(json, row);
  json.EndArray();
  json.Key("has_more").Bool(page.has_more);
  json.Key("next_cursor");
  if (page.next_cursor) {
    json.String(*page.next_cursor);
  } else {
    json.Null();
  }
  json.Key("total_count").Int(page.total_count);
  json.EndObject();
  return std::move(json).Take();
}

using ItemWriter = std::function<void(JsonWriter&, const std::vector<Value>&)>;

// A query that lists one page of `list` and renders each row with `item`.
App::Query PageQuery(ListRequest list, ItemWriter item) {
  return [list = std::move(list),
          item = std::move(item)](projections::Database& db) -> domain::Result<std::string> {
    auto page = projections::List(db, list);
    if (!page) return std::unexpected(page.error());
    return ListJson(*page, item);
  };
}

}  // namespace factura::api
