#include "projections/webhook_outbox.h"

#include <algorithm>
#include <charconv>

#include "domain/ids.h"
#include "domain/stream_id.h"
#include "domain/webhook_endpoint/webhook_event_types.h"
#include "eventstore/payload_codec.h"
#include "projections/webhook_types.h"
#include "projections/writer_support.h"

namespace factura::projections {
namespace {

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS endpoints(
  id TEXT PRIMARY KEY, org TEXT NOT NULL,
  events TEXT NOT NULL,  -- subscribed types, comma-separated ("*" for all)
  active INTEGER NOT NULL, deleted INTEGER NOT NULL,
  failing_since INTEGER);  -- micros of the first failure since the last success
CREATE TABLE IF NOT EXISTS deliveries(
  id INTEGER PRIMARY KEY AUTOINCREMENT, org TEXT NOT NULL, endpoint_id TEXT NOT NULL,
  event_id TEXT NOT NULL, type TEXT NOT NULL, position INTEGER NOT NULL, ordinal INTEGER NOT NULL,
  status TEXT NOT NULL, origin TEXT NOT NULL, attempts INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL, created_at INTEGER NOT NULL,
  last_status_code INTEGER, last_error TEXT);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries(next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS deliveries_endpoint ON deliveries(endpoint_id, id);
CREATE TABLE IF NOT EXISTS attempts(
  delivery_id INTEGER NOT NULL, number INTEGER NOT NULL, at INTEGER NOT NULL,
  status_code INTEGER, latency_ms INTEGER NOT NULL, error TEXT,
  PRIMARY KEY(delivery_id, number)) WITHOUT ROWID;
)sql";

constexpr std::string_view kDeliveryColumns =
    "id, org, endpoint_id, event_id, type, position, ordinal, status, origin, attempts, "
    "next_attempt_at, created_at, last_status_code, last_error";

constexpr std::string_view kDeliveryPrefix = "whdl_";

std::string Join(const std::vector<std::string>& values) {
  std::string joined;
  for (const std::string& value : values) joined += (joined.empty() ? "" : ",") + value;
  return joined;
}

std::vector<std::string> Split(std::string_view text) {
  std::vector<std::string> values;
  for (size_t at = 0; at < text.size();) {
    size_t comma = std::min(text.find(',', at), text.size());
    values.emplace_back(text.substr(at, comma - at));
    at = comma + 1;
  }
  return values;
}

}  // namespace

std::string DeliveryPublicId(int64_t id) {
  return std::string(kDeliveryPrefix) + std::to_string(id);
}

std::optional<int64_t> ParseDeliveryId(std::string_view id) {
  if (!id.starts_with(kDeliveryPrefix)) return std::nullopt;
  id.remove_prefix(kDeliveryPrefix.size());
  int64_t value = 0;
  auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), value);
  if (error != std::errc() || end != id.data() + id.size() || value <= 0) return std::nullopt;
  return value;
}

Outbox::Outbox(const eventstore::EventStore& store, std::unique_ptr<projections::Database> db)
    : store_(store), db_(std::move(db)) {}

domain::Result<std::unique_ptr<Outbox>> Outbox::Open(const eventstore::EventStore& store,
                                                     const std::string& path) {
  auto db = projections::Database::Open(path, projections::Database::Mode::kReadWrite);
  if (!db) return std::unexpected(db.error());
  std::unique_ptr<Outbox> outbox(new Outbox(store, std::move(*db)));
  // synchronous=NORMAL (WAL): a process crash loses nothing; an OS crash may lose the last
  // commits, which rolls the checkpoint back with the deliveries and attempts it recorded, so
  // the events are delivered again: at least once still holds, without an fsync per attempt.
  FACTURA_TRY(outbox->db_->Execute("PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL;"));
  FACTURA_TRY(outbox->db_->Execute(kSchema));
  FACTURA_TRY(outbox->Load());
  return outbox;
}

domain::Result<void> Outbox::Load() {
  auto meta = db_->Prepare("SELECT value FROM meta WHERE key = 'checkpoint'");
  if (!meta) return std::unexpected(meta.error());
  auto row = meta->Step();
  if (!row) return std::unexpected(row.error());
  if (*row) checkpoint_ = static_cast<uint64_t>(meta->Int(0));
  persisted_checkpoint_ = checkpoint_;
  auto endpoints = db_->Prepare("SELECT id, org, events, active, deleted FROM endpoints");
  if (!endpoints) return std::unexpected(endpoints.error());
  while (true) {
    auto next = endpoints->Step();
    if (!next) return std::unexpected(next.error());
    if (!*next) break;
    std::string organization(endpoints->Text(1));
    subscriptions_[organization][std::string(endpoints->Text(0))] = Endpoint{
        organization, Split(endpoints->Text(2)), endpoints->Int(3) != 0, endpoints->Int(4) != 0};
  }
  return {};
}

uint64_t Outbox::checkpoint() const { return checkpoint_.load(); }

domain::Result<size_t> Outbox::ProjectFromLog(size_t max_records) {
  std::lock_guard lock(mutex_);
  if (store_.HeadPosition() <= checkpoint_) return 0;
  // Subscriptions change in a copy, kept only if the transaction commits.
  std::optional<Subscriptions> changed;
  std::vector<std::pair<std::string, std::string>> touched;  // (organization, endpoint)
  size_t created = 0;
  // Deferred: a batch that writes nothing (no subscriber saw it) costs no write at all.
  uint64_t last = checkpoint_;
  auto staged = db_->InTransaction("BEGIN", [&]() -> domain::Result<void> {
    std::optional<domain::Error> failure;
    auto scanned = store_.ScanLog(checkpoint_ + 1, std::min(max_records, kMaxBatch),
                                  [&](const eventstore::EventRecordView& record) {
                                    auto added = Stage(record, changed, touched);
                                    if (!added) failure = added.error();
                                    created += added ? *added : 0;
                                    return added.has_value();
                                  });
    if (!scanned) return std::unexpected(scanned.error());
    if (failure) return std::unexpected(*failure);
    last = *scanned;
    auto upsert = Cached(
        "INSERT INTO endpoints(id, org, events, active, deleted) VALUES (?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT(id) DO UPDATE SET events = ?3, active = ?4, deleted = ?5, "
        "failing_since = CASE WHEN ?4 = 1 AND active = 0 THEN NULL ELSE failing_since END");
    if (!upsert) return std::unexpected(upsert.error());
    for (const auto& [organization, id] : touched) {
      const Endpoint& endpoint = changed->at(organization).at(id);
      FACTURA_TRY((*upsert)
                      ->Bind(1, id)
                      .Bind(2, endpoint.organization_id)
                      .Bind(3, Join(endpoint.events))
                      .Bind(4, int64_t{endpoint.active})
                      .Bind(5, int64_t{endpoint.deleted})
                      .Run());
    }
    // The checkpoint is written with every batch that wrote something, and otherwise now and
    // then: records between the stored checkpoint and the real one created nothing, so going
    // over them again after a crash creates nothing either.
    auto now = std::chrono::steady_clock::now();
    if (created > 0 || !touched.empty() || last - persisted_checkpoint_ >= kCheckpointEvery ||
        now - persisted_at_ >= kCheckpointInterval) {
      auto meta = Cached(kSetCheckpoint);
      if (!meta) return std::unexpected(meta.error());
      FACTURA_TRY((*meta)->Bind(1, static_cast<int64_t>(last)).Run());
      persisted_checkpoint_ = last;
      persisted_at_ = now;
    }
    return {};
  });
  if (!staged) {
    persisted_checkpoint_ = std::min(persisted_checkpoint_, checkpoint_.load());
    return std::unexpected(staged.error());
  }
  checkpoint_ = last;
  if (changed) subscriptions_ = std::move(*changed);
  return created;
}

domain::Result<size_t> Outbox::Stage(const eventstore::EventRecordView& record,
                                     std::optional<Subscriptions>& changed,
                                     std::vector<std::pair<std::string, std::string>>& touched) {
  std::string_view aggregate = domain::StreamId::AggregateOf(record.stream_id);
  if (domain::HasIdPrefix(aggregate, domain::kWebhookPrefix)) {
    auto event = eventstore::DecodePayload(record.type, record.schema_version, record.payload);
    if (!event) return std::unexpected(event.error());
    std::string id(aggregate);
    std::string organization(record.organization_id);
    if (!changed) changed = subscriptions_;
    Endpoint& endpoint = (*changed)[organization][id];
    endpoint.organization_id = organization;
    if (const auto* created = std::get_if<domain::WebhookEndpointCreated>(&*event)) {
      endpoint.events = created->events;
      endpoint.active = true;
    } else if (const auto* updated = std::get_if<domain::WebhookEndpointUpdated>(&*event)) {
      if (updated->events.sets()) endpoint.events = updated->events.value();
      if (updated->active.sets()) endpoint.active = updated->active.value();
    } else if (std::holds_alternative<domain::WebhookEndpointDisabled>(*event)) {
      endpoint.active = false;
    } else if (std::holds_alternative<domain::WebhookEndpointDeleted>(*event)) {
      endpoint.deleted = true;
    }
    std::pair<std::string, std::string> key{organization, id};
    if (std::find(touched.begin(), touched.end(), key) == touched.end()) touched.push_back(key);
    // Its own events (webhook_endpoint.disabled) go to the organization's other endpoints too.
  }
  const Subscriptions& current = changed ? *changed : subscriptions_;
  auto organization = current.find(record.organization_id);
  if (organization == current.end()) return 0;
  // In id order: deliveries are created in a stable order.
  std::vector<std::pair<std::string, const Endpoint*>> listening;
  for (const auto& [id, endpoint] : organization->second) {
    if (endpoint.active && !endpoint.deleted) listening.emplace_back(id, &endpoint);
  }
  if (listening.empty()) return 0;
  auto event = eventstore::DecodePayload(record.type, record.schema_version, record.payload);
  if (!event) return std::unexpected(event.error());
  auto found = WebhookTypesOfRecord(store_, record.stream_id, record.stream_version, *event);
  if (!found) return std::unexpected(found.error());
  const std::vector<std::string_view>& types = *found;
  if (types.empty()) return 0;
  auto insert = Cached(
      "INSERT INTO deliveries(org, endpoint_id, event_id, type, position, ordinal, status, "
      "origin, attempts, next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
      "'pending', 'event', 0, ?7, ?7)");
  if (!insert) return std::unexpected(insert.error());
  size_t created = 0;
  for (size_t ordinal = 0; ordinal < types.size(); ++ordinal) {
    for (const auto& [id, endpoint] : listening) {
      if (!domain::IsSubscribed(endpoint->events, types[ordinal])) continue;
      FACTURA_TRY((*insert)
                      ->Bind(1, record.organization_id)
                      .Bind(2, id)
                      .Bind(3, domain::WebhookEventId(record.event_id, ordinal))
                      .Bind(4, types[ordinal])
                      .Bind(5, static_cast<int64_t>(record.position))
                      .Bind(6, static_cast<int64_t>(ordinal))
                      .Bind(7, record.recorded_at.micros_since_epoch)
                      .Run());
      ++created;
    }
  }
  return created;
}

domain::Result<std::vector<Delivery>> Outbox::Select(
    std::string_view where, const std::vector<projections::Value>& values) {
  auto select = db_->Prepare("SELECT " + std::string(kDeliveryColumns) + " FROM deliveries " +
                             std::string(where));
  if (!select) return std::unexpected(select.error());
  for (size_t i = 0; i < values.size(); ++i)
    projections::BindValue(*select, static_cast<int>(i + 1), values[i]);
  std::vector<Delivery> deliveries;
  while (true) {
    auto row = select->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    Delivery d;
    d.id = select->Int(0);
    d.organization_id = select->Text(1);
    d.endpoint_id = select->Text(2);
    d.event_id = select->Text(3);
    d.type = select->Text(4);
    d.position = static_cast<uint64_t>(select->Int(5));
    d.ordinal = select->Int(6);
    d.status = select->Text(7);
    d.origin = select->Text(8);
    d.attempts = select->Int(9);
    d.next_attempt_at = select->Int(10);
    d.created_at = select->Int(11);
    if (!select->IsNull(12)) d.last_status_code = select->Int(12);
    if (!select->IsNull(13)) d.last_error = std::string(select->Text(13));
    deliveries.push_back(std::move(d));
  }
  return deliveries;
}

domain::Result<std::vector<Delivery>> Outbox::Due(int64_t now, size_t max_count,
                                                  const std::vector<int64_t>& busy,
                                                  const std::vector<std::string>& saturated) {
  std::lock_guard lock(mutex_);
  std::vector<projections::Value> values{now};
  std::string where = "WHERE status = 'pending' AND next_attempt_at <= ?1";
  auto exclude = [&](std::string_view column, auto& items) {
    if (items.empty()) return;
    where += " AND " + std::string(column) + " NOT IN (";
    for (size_t i = 0; i < items.size(); ++i) {
      values.emplace_back(items[i]);
      where += (i == 0 ? "?" : ", ?") + std::to_string(values.size());
    }
    where += ")";
  };
  exclude("id", busy);
  exclude("endpoint_id", saturated);
  values.emplace_back(static_cast<int64_t>(max_count));
  where += " ORDER BY next_attempt_at, id LIMIT ?" + std::to_string(values.size());
  return Select(where, values);
}

domain::Result<std::optional<int64_t>> Outbox::NextDue() {
  std::lock_guard lock(mutex_);
  auto next = db_->Prepare("SELECT MIN(next_attempt_at) FROM deliveries WHERE status = 'pending'");
  if (!next) return std::unexpected(next.error());
  auto row = next->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row || next->IsNull(0)) return std::optional<int64_t>();
  return std::optional<int64_t>(next->Int(0));
}

domain::Result<projections::Statement*> Outbox::Cached(std::string_view sql) {
  auto found = statements_.find(std::string(sql));
  if (found != statements_.end()) return &found->second;
  auto prepared = db_->Prepare(sql);
  if (!prepared) return std::unexpected(prepared.error());
  return &statements_.emplace(std::string(sql), std::move(*prepared)).first->second;
}

domain::Result<void> Outbox::RecordAttempts(const std::vector<AttemptRecord>& records) {
  if (records.empty()) return {};
  std::lock_guard lock(mutex_);
  return db_->InTransaction("BEGIN IMMEDIATE", [&]() -> domain::Result<void> {
    auto insert = Cached(
        "INSERT OR REPLACE INTO attempts(delivery_id, number, at, status_code, latency_ms, "
        "error) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!insert) return std::unexpected(insert.error());
    auto update = Cached(
        "UPDATE deliveries SET status = ?2, attempts = ?3, next_attempt_at = ?4, "
        "last_status_code = ?5, last_error = ?6 WHERE id = ?1");
    if (!update) return std::unexpected(update.error());
    auto clear = Cached(
        "UPDATE endpoints SET failing_since = NULL WHERE id = (SELECT endpoint_id FROM "
        "deliveries WHERE id = ?1) AND failing_since IS NOT NULL");
    if (!clear) return std::unexpected(clear.error());
    for (const AttemptRecord& r : records) {
      FACTURA_TRY((*insert)
                      ->Bind(1, r.delivery_id)
                      .Bind(2, r.attempt.number)
                      .Bind(3, r.attempt.at)
                      .Bind(4, r.attempt.status_code)
                      .Bind(5, r.attempt.latency_ms)
                      .Bind(6, r.attempt.error)
                      .Run());
      FACTURA_TRY((*update)
                      ->Bind(1, r.delivery_id)
                      .Bind(2, r.outcome.status)
                      .Bind(3, r.attempt.number)
                      .Bind(4, r.outcome.next_attempt_at)
                      .Bind(5, r.attempt.status_code)
                      .Bind(6, r.attempt.error)
                      .Run());
      if (r.outcome.endpoint_succeeded) FACTURA_TRY((*clear)->Bind(1, r.delivery_id).Run());
    }
    return {};
  });
}

domain::Result<size_t> Outbox::SweepFinished(int64_t before, size_t max_count) {
  std::lock_guard lock(mutex_);
  size_t swept = 0;
  auto written = db_->InTransaction("BEGIN IMMEDIATE", [&]() -> domain::Result<void> {
    auto select = Cached(
        "SELECT id FROM deliveries WHERE created_at < ?1 AND status IN ('succeeded', 'failed', "
        "'canceled') ORDER BY id LIMIT ?2");
    if (!select) return std::unexpected(select.error());
    (*select)->Bind(1, before).Bind(2, static_cast<int64_t>(max_count));
    std::vector<int64_t> ids;
    while (true) {
      auto row = (*select)->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      ids.push_back((*select)->Int(0));
    }
    (*select)->Reset();
    auto attempts = Cached("DELETE FROM attempts WHERE delivery_id = ?1");
    if (!attempts) return std::unexpected(attempts.error());
    auto delivery = Cached("DELETE FROM deliveries WHERE id = ?1");
    if (!delivery) return std::unexpected(delivery.error());
    for (int64_t id : ids) {
      FACTURA_TRY((*attempts)->Bind(1, id).Run());
      FACTURA_TRY((*delivery)->Bind(1, id).Run());
    }
    swept = ids.size();
    return {};
  });
  if (!written) return std::unexpected(written.error());
  return swept;
}

domain::Result<void> Outbox::Cancel(int64_t delivery_id, std::string reason) {
  std::lock_guard lock(mutex_);
  auto update =
      db_->Prepare("UPDATE deliveries SET status = 'canceled', last_error = ?2 WHERE id = ?1");
  if (!update) return std::unexpected(update.error());
  return update->Bind(1, delivery_id).Bind(2, reason).Run();
}

domain::Result<std::optional<int64_t>> Outbox::MarkEndpointFailing(const std::string& endpoint_id,
                                                                   int64_t now) {
  std::lock_guard lock(mutex_);
  auto update = db_->Prepare(
      "UPDATE endpoints SET failing_since = COALESCE(failing_since, ?2) WHERE id = ?1 "
      "RETURNING failing_since");
  if (!update) return std::unexpected(update.error());
  update->Bind(1, endpoint_id).Bind(2, now);
  auto row = update->Step();
  if (!row) return std::unexpected(row.error());
  std::optional<int64_t> since;
  if (*row) since = update->Int(0);
  update->Reset();
  return since;
}

domain::Result<std::vector<DeliveryAttempt>> Outbox::AttemptsOf(int64_t delivery_id) {
  auto select = db_->Prepare(
      "SELECT number, at, status_code, latency_ms, error FROM attempts WHERE delivery_id = ?1 "
      "ORDER BY number");
  if (!select) return std::unexpected(select.error());
  select->Bind(1, delivery_id);
  std::vector<DeliveryAttempt> attempts;
  while (true) {
    auto row = select->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    DeliveryAttempt a;
    a.number = select->Int(0);
    a.at = select->Int(1);
    if (!select->IsNull(2)) a.status_code = select->Int(2);
    a.latency_ms = select->Int(3);
    if (!select->IsNull(4)) a.error = std::string(select->Text(4));
    attempts.push_back(std::move(a));
  }
  return attempts;
}

domain::Result<Outbox::DeliveryPage> Outbox::ListDeliveries(const std::string& organization_id,
                                                            const std::string& endpoint_id,
                                                            size_t limit,
                                                            std::optional<int64_t> starting_after) {
  std::lock_guard lock(mutex_);
  auto rows = Select("WHERE org = ?1 AND endpoint_id = ?2 AND id < ?3 ORDER BY id DESC LIMIT ?4",
                     {organization_id, endpoint_id, starting_after.value_or(INT64_MAX),
                      static_cast<int64_t>(limit + 1)});
  if (!rows) return std::unexpected(rows.error());
  DeliveryPage page;
  page.has_more = rows->size() > limit;
  if (page.has_more) rows->resize(limit);
  for (Delivery& delivery : *rows) {
    auto attempts = AttemptsOf(delivery.id);
    if (!attempts) return std::unexpected(attempts.error());
    page.deliveries.emplace_back(std::move(delivery), std::move(*attempts));
  }
  return page;
}

domain::Result<std::optional<std::pair<Delivery, std::vector<DeliveryAttempt>>>>
Outbox::FindDelivery(const std::string& organization_id, const std::string& endpoint_id,
                     int64_t id) {
  std::lock_guard lock(mutex_);
  auto rows =
      Select("WHERE id = ?1 AND org = ?2 AND endpoint_id = ?3", {id, organization_id, endpoint_id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::nullopt;
  auto attempts = AttemptsOf(id);
  if (!attempts) return std::unexpected(attempts.error());
  return std::make_optional(std::pair{std::move(rows->front()), std::move(*attempts)});
}

domain::Result<bool> Outbox::Retry(const std::string& organization_id,
                                   const std::string& endpoint_id, int64_t id, int64_t now) {
  std::lock_guard lock(mutex_);
  auto update = db_->Prepare(
      "UPDATE deliveries SET status = 'pending', next_attempt_at = ?4 WHERE id = ?1 AND "
      "org = ?2 AND endpoint_id = ?3 AND origin != 'test' RETURNING id");
  if (!update) return std::unexpected(update.error());
  update->Bind(1, id).Bind(2, organization_id).Bind(3, endpoint_id).Bind(4, now);
  auto row = update->Step();
  if (!row) return std::unexpected(row.error());
  bool found = *row;
  update->Reset();
  return found;
}

domain::Result<std::vector<int64_t>> Outbox::Enqueue(const std::string& organization_id,
                                                     const std::string& endpoint_id,
                                                     const std::vector<NewDelivery>& deliveries,
                                                     std::string_view origin, int64_t now) {
  std::lock_guard lock(mutex_);
  std::string_view status = origin == "test" ? "running" : "pending";
  std::vector<int64_t> ids;
  auto written = db_->InTransaction("BEGIN IMMEDIATE", [&]() -> domain::Result<void> {
    auto insert = db_->Prepare(
        "INSERT INTO deliveries(org, endpoint_id, event_id, type, position, ordinal, status, "
        "origin, attempts, next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
        "0, ?9, ?9) RETURNING id");
    if (!insert) return std::unexpected(insert.error());
    for (const NewDelivery& d : deliveries) {
      auto id = insert->Bind(1, organization_id)
                    .Bind(2, endpoint_id)
                    .Bind(3, d.event_id)
                    .Bind(4, d.type)
                    .Bind(5, static_cast<int64_t>(d.position))
                    .Bind(6, d.ordinal)
                    .Bind(7, status)
                    .Bind(8, origin)
                    .Bind(9, now)
                    .RunForInt();
      if (!id) return std::unexpected(id.error());
      ids.push_back(*id);
    }
    return {};
  });
  if (!written) return std::unexpected(written.error());
  return ids;
}

}  // namespace factura::projections
