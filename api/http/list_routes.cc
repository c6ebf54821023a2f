// The list endpoints (GET /v1/invoices, /v1/customers, /v1/customers/{id}/invoices,
// /v1/payments, /v1/products, /v1/tax-rates, /v1/api-keys, /v1/webhooks, /v1/events): query
// parameters → a projections::ListRequest → rows of the read models → list JSON. Every parameter is
// checked: an unknown one is a 400, a bad value a 422 naming it.
#include <charconv>
#include <set>

#include "api/http/app.h"
#include "api/http/json_writer.h"
#include "api/http/route_support.h"
#include "api/webhooks/event_payload.h"
#include "domain/date.h"
#include "domain/ids.h"
#include "domain/money.h"
#include "projections/invoice_queries.h"
#include "projections/queries.h"

namespace factura::api {
namespace {

using projections::Filter;
using projections::ListRequest;
using projections::Value;

constexpr size_t kDefaultLimit = 25;
constexpr size_t kMaxLimit = 100;
constexpr size_t kMaxListValues = 20;  // values in one comma-separated filter

// What a list endpoint accepts besides the paging parameters.
struct ListSpec {
  std::string table;
  std::vector<std::string> columns;
  std::map<std::string, std::string, std::less<>> sortable;  // API name → column
  std::string default_sort;
  std::set<std::string, std::less<>> parameters;  // filters this endpoint reads
};

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

// `name[gte]` and `name[lte]` over a date column (ISO dates sort as text).
domain::Result<void> DateRange(const HttpRequest& request, const std::string& name,
                               const std::string& column, ListRequest& list) {
  for (const auto& [suffix, op] :
       {std::pair{"[gte]", Filter::Op::kAtLeast}, std::pair{"[lte]", Filter::Op::kAtMost}}) {
    std::string param = name + suffix;
    auto text = QueryParameter(request, param);
    if (!text) continue;
    auto date = domain::ParseDate(*text);
    if (!date) return domain::Invalid("invalid_date", param, "Expected a date YYYY-MM-DD");
    list.filters.push_back({column, op, {domain::FormatDate(*date)}});
  }
  return {};
}

// `name[gte]` and `name[lte]` over an instant column (RFC 3339 in, microseconds stored).
domain::Result<void> InstantRange(const HttpRequest& request, const std::string& name,
                                  const std::string& column, ListRequest& list) {
  for (const auto& [suffix, op] :
       {std::pair{"[gte]", Filter::Op::kAtLeast}, std::pair{"[lte]", Filter::Op::kAtMost}}) {
    std::string param = name + suffix;
    auto text = QueryParameter(request, param);
    if (!text) continue;
    auto at = domain::ParseTimestamp(*text);
    if (!at) return domain::Invalid("invalid_timestamp", param, "Expected an RFC 3339 instant");
    list.filters.push_back({column, op, {at->micros_since_epoch}});
  }
  return {};
}

// `search` (and `search_fields`) through the table's FTS5 index.
domain::Result<void> SearchFilter(const HttpRequest& request, const std::string& index,
                                  const std::set<std::string, std::less<>>& fields,
                                  ListRequest& list) {
  auto term = QueryParameter(request, "search");
  if (!term) return {};
  std::vector<std::string> columns;
  if (auto text = QueryParameter(request, "search_fields")) {
    for (size_t at = 0; at <= text->size();) {
      size_t comma = std::min(text->find(',', at), text->size());
      std::string field = text->substr(at, comma - at);
      if (!fields.contains(field)) {
        std::string allowed;
        for (const auto& name : fields) allowed += (allowed.empty() ? "" : ", ") + name;
        return domain::Invalid("invalid_search_fields", "search_fields", "Search in " + allowed);
      }
      columns.push_back(field);
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

// `is_active=true|false`.
domain::Result<void> ActiveFilter(const HttpRequest& request, ListRequest& list) {
  auto active = QueryParameter(request, "is_active");
  if (!active) return {};
  if (*active != "true" && *active != "false") {
    return domain::Invalid("invalid_boolean", "is_active", "Expected true or false");
  }
  list.filters.push_back({"is_active", Filter::Op::kIn, {int64_t{*active == "true"}}});
  return {};
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

const ListSpec& InvoiceSpec() {
  static const ListSpec spec{
      "invoices",
      {"id", "number", "status", "customer_id", "customer_name", "currency", "issue_date",
       "due_date", "total", "amount_paid", "amount_due", "reference", "created_at"},
      {{"created_at", "created_at"},
       {"issue_date", "issue_date"},
       {"due_date", "due_date"},
       {"number", "number"},
       {"total", "total"},
       {"amount_due", "amount_due"},
       {"status", "status"},
       {"customer_name", "customer_name"}},
      "-created_at",
      {"status", "customer_id", "currency", "issue_date[gte]", "issue_date[lte]", "due_date[gte]",
       "due_date[lte]", "created_at[gte]", "created_at[lte]", "search", "search_fields", "expand"}};
  return spec;
}

// Days past the due date of an invoice that still has an amount due (seed 003 §7.4).
int64_t DaysOverdue(std::string_view status, std::string_view due_date, int64_t amount_due,
                    domain::Date today) {
  if (amount_due <= 0 || (status != "sent" && status != "partially_paid" && status != "overdue")) {
    return 0;
  }
  auto due = domain::ParseDate(due_date);
  if (!due) return 0;
  int64_t days = today.days_since_epoch - due->days_since_epoch;
  return days > 0 ? days : 0;
}

}  // namespace

void App::DeclareListRoutes() {
  auto list_invoices = [this](
                           RequestContext& context,
                           std::optional<std::string> customer_id) -> asio::awaitable<ApiResponse> {
    auto list = PagingOf(context, InvoiceSpec());
    if (!list) co_return Error(list.error());
    list->filters.push_back({"status", Filter::Op::kNotEqual, {std::string("deleted")}});
    const HttpRequest& request = context.request;
    if (auto filtered = EqualFilter(request, "status", "status", *list); !filtered) {
      co_return Error(filtered.error());
    }
    size_t status_filters = list->filters.size();
    if (customer_id) list->filters.push_back({"customer_id", Filter::Op::kIn, {*customer_id}});
    for (auto [name, column] :
         {std::pair{"customer_id", "customer_id"}, {"currency", "currency"}}) {
      if (auto filtered = EqualFilter(request, name, column, *list); !filtered) {
        co_return Error(filtered.error());
      }
    }
    for (auto [name, column] : {std::pair{"issue_date", "issue_date"}, {"due_date", "due_date"}}) {
      if (auto ranged = DateRange(request, name, column, *list); !ranged) {
        co_return Error(ranged.error());
      }
    }
    if (auto ranged = InstantRange(request, "created_at", "created_at", *list); !ranged) {
      co_return Error(ranged.error());
    }
    if (auto searched = SearchFilter(request, "invoice_search",
                                     {"number", "customer_name", "notes", "reference"}, *list);
        !searched) {
      co_return Error(searched.error());
    }
    // Filtered by status alone (or not at all): counted from the counts by status.
    if (list->filters.size() == status_filters) list->counts_table = "invoice_counts";
    domain::Date today = domain::UtcDateOf(Now());
    ListRequest query = std::move(*list);
    auto expand = ParseExpand(request);
    if (!expand) co_return Error(expand.error());
    bool expanding = expand->customer || expand->line_items || expand->payments;
    Query query_run = [this, query, today, expand = *expand,
                       expanding](projections::Database& db) -> domain::Result<std::string> {
      auto page = projections::List(db, query);
      if (!page) return std::unexpected(page.error());
      return ListJson(*page, [&](JsonWriter& json, const std::vector<Value>& row) {
        std::string_view currency = Text(row[5]);
        json.BeginObject();
        json.Key("id").String(Text(row[0]));
        json.Key("object").String("invoice");
        json.Key("number").String(Text(row[1]));
        json.Key("status").String(Text(row[2]));
        std::map<std::string, std::string> expanded;
        if (expanding) {
          expanded = expander_.Members(query.organization_id, std::string(Text(row[0])), expand);
        }
        json.Key("customer");
        if (auto customer = expanded.find("customer"); customer != expanded.end()) {
          json.RawJson(customer->second);
        } else {
          json.BeginObject().Key("id").String(Text(row[3])).Key("name").String(Text(row[4]));
          json.EndObject();
        }
        json.Key("currency").String(currency);
        json.Key("issue_date").String(Text(row[6]));
        json.Key("due_date").String(Text(row[7]));
        Amount(json, "total", Int(row[8]), currency);
        Amount(json, "amount_paid", Int(row[9]), currency);
        Amount(json, "amount_due", Int(row[10]), currency);
        json.Key("days_overdue").Int(DaysOverdue(Text(row[2]), Text(row[7]), Int(row[10]), today));
        TextOrNull(json, "reference", row[11]);
        Instant(json, "created_at", row[12]);
        for (const char* member : {"line_items", "payments"}) {
          if (auto value = expanded.find(member); value != expanded.end()) {
            json.Key(member).RawJson(value->second);
          }
        }
        json.EndObject();
      });
    };
    // Named: GCC 12 destroys temporaries of a co_await expression twice.
    ApiResponse response = co_await QueryReadModels(context, std::move(query_run));
    co_return response;
  };
  router_.Add(http::verb::get, "/v1/invoices", "invoices.list", "invoices:read",
              [list_invoices](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::optional<std::string> all_customers;
                ApiResponse response = co_await list_invoices(context, all_customers);
                co_return response;
              });
  router_.Add(http::verb::get, "/v1/customers/{id}/invoices", "customers.invoices", "invoices:read",
              [this, list_invoices](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::string id = context.params.find("id")->second;
                if (!domain::ValidateId(id, domain::kCustomerPrefix, "id")) {
                  co_return Error(NotFound("customer", id).error());
                }
                auto customer = co_await ReadDurable<domain::CustomerState>(context, id);
                if (!customer) co_return Error(customer.error());
                if (!(*customer)->exists) co_return Error(NotFound("customer", id).error());
                std::optional<std::string> customer_id = id;
                ApiResponse response = co_await list_invoices(context, customer_id);
                co_return response;
              });

  router_.Add(
      http::verb::get, "/v1/customers", "customers.list", "customers:read",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        static const ListSpec spec{
            "customers",
            {"id", "name", "company_name", "email", "currency", "status", "created_at", "credit"},
            {{"created_at", "created_at"}, {"name", "name"}},
            "-created_at",
            {"status", "currency", "created_at[gte]", "created_at[lte]", "search",
             "search_fields"}};
        auto list = PagingOf(context, spec);
        if (!list) co_return Error(list.error());
        if (!QueryParameter(context.request, "status")) {
          list->filters.push_back({"status", Filter::Op::kIn, {std::string("active")}});
        }
        for (auto [name, column] : {std::pair{"status", "status"}, {"currency", "currency"}}) {
          if (auto filtered = EqualFilter(context.request, name, column, *list); !filtered) {
            co_return Error(filtered.error());
          }
        }
        if (auto ranged = InstantRange(context.request, "created_at", "created_at", *list);
            !ranged) {
          co_return Error(ranged.error());
        }
        if (auto searched = SearchFilter(context.request, "customer_search",
                                         {"name", "company_name", "email"}, *list);
            !searched) {
          co_return Error(searched.error());
        }
        ListRequest query = std::move(*list);
        Query query_run = [query](projections::Database& db) -> domain::Result<std::string> {
          auto page = projections::List(db, query);
          if (!page) return std::unexpected(page.error());
          // Balances: what the customer's open invoices still owe, per currency.
          auto owed = projections::OwedByCustomer::Prepare(db);
          if (!owed) return std::unexpected(owed.error());
          std::optional<domain::Error> failure;
          std::string body = ListJson(*page, [&](JsonWriter& json, const std::vector<Value>& row) {
            json.BeginObject();
            json.Key("id").String(Text(row[0]));
            json.Key("object").String("customer");
            json.Key("name").String(Text(row[1]));
            TextOrNull(json, "company_name", row[2]);
            TextOrNull(json, "email", row[3]);
            TextOrNull(json, "currency", row[4]);
            json.Key("status").String(Text(row[5]));
            json.Key("balance").BeginArray();
            auto balances = owed->Of(query.organization_id, Text(row[0]));
            if (!balances) failure = balances.error();
            using Owed = std::vector<std::pair<std::string, int64_t>>;
            for (const auto& [currency, amount] : balances.value_or(Owed{})) {
              json.BeginObject().Key("currency").String(currency);
              Amount(json, "amount", amount, currency);
              json.EndObject();
            }
            json.EndArray();
            json.Key("credit_balances").RawJson(Text(row[7]));
            Instant(json, "created_at", row[6]);
            json.EndObject();
          });
          if (failure) return std::unexpected(*failure);
          return body;
        };
        // Named: GCC 12 destroys temporaries of a co_await expression twice.
        ApiResponse response = co_await QueryReadModels(context, std::move(query_run));
        co_return response;
      });

  router_.Add(
      http::verb::get, "/v1/payments", "payments.list", "payments:read",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        static const ListSpec spec{
            "payments",
            {"id", "invoice_id", "customer_id", "amount", "amount_refunded", "currency",
             "payment_method", "status", "payment_date", "reference", "created_at"},
            {{"created_at", "created_at"}, {"payment_date", "payment_date"}, {"amount", "amount"}},
            "-created_at",
            {"invoice_id", "customer_id", "payment_method", "status", "currency",
             "payment_date[gte]", "payment_date[lte]", "created_at[gte]", "created_at[lte]"}};
        auto list = PagingOf(context, spec);
        if (!list) co_return Error(list.error());
        for (auto [name, column] : {std::pair{"invoice_id", "invoice_id"},
                                    {"customer_id", "customer_id"},
                                    {"payment_method", "payment_method"},
                                    {"status", "status"},
                                    {"currency", "currency"}}) {
          if (auto filtered = EqualFilter(context.request, name, column, *list); !filtered) {
            co_return Error(filtered.error());
          }
        }
        if (auto ranged = DateRange(context.request, "payment_date", "payment_date", *list);
            !ranged) {
          co_return Error(ranged.error());
        }
        if (auto ranged = InstantRange(context.request, "created_at", "created_at", *list);
            !ranged) {
          co_return Error(ranged.error());
        }
        Query query_run =
            PageQuery(std::move(*list), [](JsonWriter& json, const std::vector<Value>& row) {
              std::string_view currency = Text(row[5]);
              json.BeginObject();
              json.Key("id").String(Text(row[0]));
              json.Key("object").String("payment");
              json.Key("invoice_id").String(Text(row[1]));
              json.Key("customer_id").String(Text(row[2]));
              Amount(json, "amount", Int(row[3]), currency);
              Amount(json, "amount_refunded", Int(row[4]), currency);
              json.Key("currency").String(currency);
              json.Key("payment_method").String(Text(row[6]));
              json.Key("status").String(Text(row[7]));
              json.Key("payment_date").String(Text(row[8]));
              TextOrNull(json, "reference", row[9]);
              Instant(json, "created_at", row[10]);
              json.EndObject();
            });
        // Named: GCC 12 destroys temporaries of a co_await expression twice.
        ApiResponse response = co_await QueryReadModels(context, std::move(query_run));
        co_return response;
      });

  router_.Add(
      http::verb::get, "/v1/products", "products.list", "products:read",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        static const ListSpec spec{
            "products",
            {"id", "name", "sku", "category", "unit_price", "currency", "is_active", "created_at"},
            {{"created_at", "created_at"}, {"name", "name"}, {"unit_price", "unit_price"}},
            "-created_at",
            {"category", "is_active", "currency"}};
        auto list = PagingOf(context, spec);
        if (!list) co_return Error(list.error());
        for (auto [name, column] : {std::pair{"category", "category"}, {"currency", "currency"}}) {
          if (auto filtered = EqualFilter(context.request, name, column, *list); !filtered) {
            co_return Error(filtered.error());
          }
        }
        if (auto active = ActiveFilter(context.request, *list); !active) {
          co_return Error(active.error());
        }
        Query query_run =
            PageQuery(std::move(*list), [](JsonWriter& json, const std::vector<Value>& row) {
              json.BeginObject();
              json.Key("id").String(Text(row[0]));
              json.Key("object").String("product");
              json.Key("name").String(Text(row[1]));
              TextOrNull(json, "sku", row[2]);
              TextOrNull(json, "category", row[3]);
              Amount(json, "unit_price", Int(row[4]), Text(row[5]));
              json.Key("currency").String(Text(row[5]));
              json.Key("is_active").Bool(Int(row[6]) != 0);
              Instant(json, "created_at", row[7]);
              json.EndObject();
            });
        // Named: GCC 12 destroys temporaries of a co_await expression twice.
        ApiResponse response = co_await QueryReadModels(context, std::move(query_run));
        co_return response;
      });

  router_.Add(
      http::verb::get, "/v1/tax-rates", "tax_rates.list", "products:read",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        static const ListSpec spec{
            "tax_rates",
            {"id", "name", "type", "rate", "inclusive", "is_active", "created_at"},
            {{"created_at", "created_at"}, {"name", "name"}},
            "-created_at",
            {"is_active", "type"}};
        auto list = PagingOf(context, spec);
        if (!list) co_return Error(list.error());
        if (auto filtered = EqualFilter(context.request, "type", "type", *list); !filtered) {
          co_return Error(filtered.error());
        }
        if (auto active = ActiveFilter(context.request, *list); !active) {
          co_return Error(active.error());
        }
        Query query_run =
            PageQuery(std::move(*list), [](JsonWriter& json, const std::vector<Value>& row) {
              json.BeginObject();
              json.Key("id").String(Text(row[0]));
              json.Key("object").String("tax_rate");
              json.Key("name").String(Text(row[1]));
              json.Key("type").String(Text(row[2]));
              json.Key("rate").RawNumber(Text(row[3]));
              json.Key("inclusive").Bool(Int(row[4]) != 0);
              json.Key("is_active").Bool(Int(row[5]) != 0);
              Instant(json, "created_at", row[6]);
              json.EndObject();
            });
        // Named: GCC 12 destroys temporaries of a co_await expression twice.
        ApiResponse response = co_await QueryReadModels(context, std::move(query_run));
        co_return response;
      });

  router_.Add(
      http::verb::get, "/v1/api-keys", "api_keys.list", "settings:write",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        static const ListSpec spec{"api_keys",
                                   {"id", "name", "key_hint", "scopes", "status", "expires_at",
                                    "revoked_at", "created_at"},
                                   {{"created_at", "created_at"}, {"name", "name"}},
                                   "-created_at",
                                   {"status", "created_at[gte]", "created_at[lte]", "search"}};
        auto list = PagingOf(context, spec);
        if (!list) co_return Error(list.error());
        int64_t now = Now().micros_since_epoch;
        // Expiry is a matter of time, not of events: `expired` is computed at query time.
        if (auto status = QueryParameter(context.request, "status")) {
          if (*status == "active") {
            list->filters.push_back({"status", Filter::Op::kIn, {std::string("active")}});
            list->filters.push_back({"expires_at", Filter::Op::kMissingOrGreater, {now}});
          } else if (*status == "expired") {
            list->filters.push_back({"status", Filter::Op::kIn, {std::string("active")}});
            list->filters.push_back({"expires_at", Filter::Op::kAtMost, {now}});
          } else if (*status == "revoked") {
            list->filters.push_back({"status", Filter::Op::kIn, {std::string("revoked")}});
          } else {
            co_return Error(
                domain::Invalid("invalid_filter", "status", "Expected active, expired or revoked")
                    .error());
          }
        }
        if (auto ranged = InstantRange(context.request, "created_at", "created_at", *list);
            !ranged) {
          co_return Error(ranged.error());
        }
        if (auto searched = SearchFilter(context.request, "api_key_search", {"name"}, *list);
            !searched) {
          co_return Error(searched.error());
        }
        Query query_run = PageQuery(std::move(*list), [now](JsonWriter& json,
                                                            const std::vector<Value>& row) {
          bool expired = Text(row[4]) == "active" && std::holds_alternative<int64_t>(row[5]) &&
                         Int(row[5]) <= now;
          json.BeginObject();
          json.Key("id").String(Text(row[0]));
          json.Key("object").String("api_key");
          json.Key("name").String(Text(row[1]));
          json.Key("key_hint").String("…" + std::string(Text(row[2])));
          json.Key("scopes").RawJson(Text(row[3]));
          json.Key("status").String(expired ? "expired" : Text(row[4]));
          Instant(json, "created_at", row[7]);
          for (auto [key, value] : {std::pair{"expires_at", &row[5]}, {"revoked_at", &row[6]}}) {
            if (std::holds_alternative<int64_t>(*value)) {
              Instant(json, key, *value);
            } else {
              json.Key(key).Null();
            }
          }
          json.EndObject();
        });
        // Named: GCC 12 destroys temporaries of a co_await expression twice.
        ApiResponse response = co_await QueryReadModels(context, std::move(query_run));
        co_return response;
      });

  router_.Add(
      http::verb::get, "/v1/webhooks", "webhooks.list", "webhooks:manage",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        static const ListSpec spec{"webhook_endpoints",
                                   {"id", "url", "events", "description", "active",
                                    "disabled_reason", "version", "created_at", "updated_at"},
                                   {{"created_at", "created_at"}, {"url", "url"}},
                                   "-created_at",
                                   {"active"}};
        auto list = PagingOf(context, spec);
        if (!list) co_return Error(list.error());
        list->filters.push_back({"deleted", Filter::Op::kIn, {int64_t{0}}});
        if (auto active = QueryParameter(context.request, "active")) {
          if (*active != "true" && *active != "false") {
            co_return Error(
                domain::Invalid("invalid_boolean", "active", "Expected true or false").error());
          }
          list->filters.push_back({"active", Filter::Op::kIn, {int64_t{*active == "true"}}});
        }
        Query query_run =
            PageQuery(std::move(*list), [](JsonWriter& json, const std::vector<Value>& row) {
              json.BeginObject();
              json.Key("id").String(Text(row[0]));
              json.Key("object").String("webhook");
              json.Key("url").String(Text(row[1]));
              json.Key("events").RawJson(Text(row[2]));
              TextOrNull(json, "description", row[3]);
              json.Key("active").Bool(Int(row[4]) != 0);
              TextOrNull(json, "disabled_reason", row[5]);
              json.Key("version").Int(Int(row[6]));
              Instant(json, "created_at", row[7]);
              Instant(json, "updated_at", row[8]);
              json.EndObject();
            });
        // Named: GCC 12 destroys temporaries of a co_await expression twice.
        ApiResponse response = co_await QueryReadModels(context, std::move(query_run));
        co_return response;
      });

  // The whole history, not a window: events are in the log for as long as it exists.
  router_.Add(
      http::verb::get, "/v1/events", "events.list", "events:read",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        static const ListSpec spec{
            "events",
            {"id", "type", "resource_id", "sequence", "position", "created_at", "ordinal"},
            {{"position", "position"}, {"created_at", "created_at"}},
            "-position",
            {"type", "types", "created[gte]", "created[lte]", "after"}};
        auto list = PagingOf(context, spec);
        if (!list) co_return Error(list.error());
        for (auto name : {"type", "types"}) {
          if (auto filtered = EqualFilter(context.request, name, "type", *list); !filtered) {
            co_return Error(filtered.error());
          }
        }
        if (auto ranged = InstantRange(context.request, "created", "created_at", *list); !ranged) {
          co_return Error(ranged.error());
        }
        if (auto after = QueryParameter(context.request, "after")) {
          int64_t position = 0;
          auto [end, error] =
              std::from_chars(after->data(), after->data() + after->size(), position);
          if (error != std::errc() || end != after->data() + after->size() || position < 0) {
            co_return Error(
                domain::Invalid("invalid_position", "after", "Expected a log position").error());
          }
          list->filters.push_back({"position", Filter::Op::kGreater, {position}});
        }
        ListRequest query = std::move(*list);
        eventstore::EventStore* store = &store_;
        Query query_run = [query, store](projections::Database& db) -> domain::Result<std::string> {
          auto page = projections::List(db, query);
          if (!page) return std::unexpected(page.error());
          std::optional<domain::Error> failure;
          std::string body = ListJson(*page, [&](JsonWriter& json, const std::vector<Value>& row) {
            auto events = RenderWebhookEvents(*store, static_cast<uint64_t>(Int(row[4])));
            size_t ordinal = static_cast<size_t>(Int(row[6]));
            if (!events || ordinal >= events->size()) {
              if (!events) failure = events.error();
              json.Null();
              return;
            }
            json.RawJson((*events)[ordinal].json);
          });
          if (failure) return std::unexpected(*failure);
          return body;
        };
        // Named: GCC 12 destroys temporaries of a co_await expression twice.
        ApiResponse response = co_await QueryReadModels(context, std::move(query_run));
        co_return response;
      });
}

}  // namespace factura::api
