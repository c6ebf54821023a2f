// GET /v1/events/{id}: one webhook event, rendered from the log. The list is with the other lists
// (list_routes.cc).
#include "api/http/app.h"
#include "api/webhooks/event_payload.h"
#include "domain/ids.h"

namespace factura::api {

void App::DeclareEventRoutes() {
  router_.Add(
      http::verb::get, "/v1/events/{id}", "events.retrieve", "events:read",
      [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
        std::string id = context.params.find("id")->second;
        auto not_found = [&id] {
          return Error(domain::Reject(domain::ErrorKind::kNotFound, "resource_not_found", "id",
                                      "No event found with id '" + id.substr(0, 80) + "'")
                           .error());
        };
        if (!id.starts_with("evt_") || id.size() > 64) co_return not_found();
        eventstore::EventStore* store = &store_;
        Query query = [id, store, org = context.grant.organization_id](
                          projections::Database& db) -> domain::Result<std::string> {
          auto select =
              db.Prepare("SELECT position, ordinal FROM events WHERE org = ?1 AND id = ?2");
          if (!select) return std::unexpected(select.error());
          select->Bind(1, org).Bind(2, id);
          auto row = select->Step();
          if (!row) return std::unexpected(row.error());
          if (!*row) {
            return domain::Reject(domain::ErrorKind::kNotFound, "resource_not_found", "id",
                                  "No event found with id '" + id.substr(0, 80) + "'");
          }
          auto events = RenderWebhookEvents(*store, static_cast<uint64_t>(select->Int(0)));
          if (!events) return std::unexpected(events.error());
          size_t ordinal = static_cast<size_t>(select->Int(1));
          if (ordinal >= events->size()) {
            return domain::Reject(domain::ErrorKind::kInternal, "event_mismatch", "",
                                  "The event list and the log disagree");
          }
          return std::move((*events)[ordinal].json);
        };
        ApiResponse response = co_await QueryReadModels(context, std::move(query));
        co_return response;
      });
}

}  // namespace factura::api
