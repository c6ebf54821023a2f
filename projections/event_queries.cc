#include "projections/event_queries.h"

#include <algorithm>

namespace factura::projections {
namespace {

// Every statement names its organization by id through the organizations table (schema.h).
constexpr std::string_view kOrganization = "org = (SELECT number FROM organizations WHERE id = ?1)";

int64_t Bounded(uint64_t position) {
  return static_cast<int64_t>(std::min<uint64_t>(position, INT64_MAX));
}

constexpr std::string_view kColumns =
    "SELECT id, type, position, ordinal, customer_id FROM events ";

EventRow RowOf(Statement& select) {
  EventRow row{std::string(select.Text(0)), std::string(select.Text(1)),
               static_cast<uint64_t>(select.Int(2)), select.Int(3), std::nullopt};
  if (!select.IsNull(4)) row.customer_id = std::string(select.Text(4));
  return row;
}

}  // namespace

domain::Result<std::vector<EventRow>> EventsAfter(Database& db, std::string_view organization_id,
                                                  EventPlace after,
                                                  const std::vector<std::string>& types,
                                                  const std::optional<std::string>& customer_id,
                                                  size_t limit) {
  std::string sql = std::string(kColumns) + "WHERE " + std::string(kOrganization) +
                    " AND (position > ?2 OR (position = ?2 AND ordinal > ?3))";
  if (customer_id) sql += " AND customer_id = ?5";
  for (size_t i = 0; i < types.size(); ++i) {
    sql += (i == 0 ? " AND type IN (?" : ", ?") + std::to_string(i + 6);
  }
  if (!types.empty()) sql += ")";
  sql += " ORDER BY position, ordinal LIMIT ?4";
  auto select = db.Prepare(sql);
  if (!select) return std::unexpected(select.error());
  select->Bind(1, organization_id)
      .Bind(2, Bounded(after.position))
      .Bind(3, after.ordinal)
      .Bind(4, static_cast<int64_t>(limit));
  if (customer_id) select->Bind(5, *customer_id);
  for (size_t i = 0; i < types.size(); ++i) select->Bind(static_cast<int>(i + 6), types[i]);
  std::vector<EventRow> rows;
  while (true) {
    auto row = select->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return rows;
    rows.push_back(RowOf(*select));
  }
}

domain::Result<std::optional<EventRow>> FindEvent(Database& db, std::string_view organization_id,
                                                  std::string_view id) {
  auto select =
      db.Prepare(std::string(kColumns) + "WHERE " + std::string(kOrganization) + " AND id = ?2");
  if (!select) return std::unexpected(select.error());
  select->Bind(1, organization_id).Bind(2, id);
  auto row = select->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<EventRow>{};
  return std::optional(RowOf(*select));
}

domain::Result<void> VisitEventsInRange(Database& db, std::string_view organization_id,
                                        const EventRange& range,
                                        const std::function<bool(const EventRow&)>& visit) {
  auto select = db.Prepare(std::string(kColumns) + "WHERE " + std::string(kOrganization) +
                           " AND position >= ?2 AND position <= ?3 AND created_at >= ?4 AND "
                           "created_at <= ?5 ORDER BY position, ordinal");
  if (!select) return std::unexpected(select.error());
  select->Bind(1, organization_id)
      .Bind(2, Bounded(range.from_position))
      .Bind(3, Bounded(range.to_position))
      .Bind(4, range.from_created)
      .Bind(5, range.to_created);
  while (true) {
    auto row = select->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row || !visit(RowOf(*select))) return {};
  }
}

}  // namespace factura::projections
