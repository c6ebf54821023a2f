#include "api/log_scan.h"

#include <algorithm>
#include <optional>

#include "eventstore/payload_codec.h"

namespace factura::api {

domain::Result<void> ScanEvents(
    const eventstore::EventStore& store, std::initializer_list<std::string_view> types,
    const std::function<void(std::string_view organization_id, const domain::Event&)>& visit) {
  for (uint64_t position = 1;;) {
    std::optional<domain::Error> failure;
    auto last = store.ScanLog(
        position, eventstore::EventStore::kMaxPage, [&](const eventstore::EventRecordView& record) {
          if (std::find(types.begin(), types.end(), record.type) == types.end()) return true;
          auto event =
              eventstore::DecodePayload(record.type, record.schema_version, record.payload);
          if (!event) {
            failure = event.error();
            return false;
          }
          visit(record.organization_id, *event);
          return true;
        });
    if (!last) return std::unexpected(last.error());
    if (failure) return std::unexpected(*failure);
    if (*last < position) return {};
    position = *last + 1;
  }
}

}  // namespace factura::api
