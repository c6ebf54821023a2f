#pragma once
// Stream ids: an aggregate's events within its organization form one stream, named
// "<organization id>/<aggregate id>" (`org_01jd…/inv_01jd…`). The one place that composes and
// splits them; the event store keys streams by them (eventstore/record.h).
//
//   std::string stream = StreamId::Compose("org_1", "inv_1");   // "org_1/inv_1"
//   StreamId::AggregateOf(stream);                              // "inv_1"

#include <string>
#include <string_view>

namespace factura::domain {

struct StreamId {
  static constexpr char kSeparator = '/';

  [[nodiscard]] static std::string Compose(std::string_view organization_id,
                                           std::string_view aggregate_id) {
    std::string id;
    id.reserve(organization_id.size() + 1 + aggregate_id.size());
    id.append(organization_id).push_back(kSeparator);
    id.append(aggregate_id);
    return id;
  }

  // The organization's part; empty for an id without one.
  [[nodiscard]] static std::string_view OrganizationOf(std::string_view stream_id) {
    size_t separator = stream_id.find(kSeparator);
    return separator == std::string_view::npos ? std::string_view()
                                               : stream_id.substr(0, separator);
  }

  // The aggregate's part; the whole id for an id without an organization.
  [[nodiscard]] static std::string_view AggregateOf(std::string_view stream_id) {
    size_t separator = stream_id.find(kSeparator);
    return separator == std::string_view::npos ? stream_id : stream_id.substr(separator + 1);
  }
};

}  // namespace factura::domain
