#pragma once
// Whether a name is a time zone of the system's database (Debian's tzdata: every zone and link
// of /usr/share/zoneinfo/tzdata.zi, read once). The domain checks a name's shape; this is the
// edge's check that it exists. Without the database every well-shaped name passes.
//
//   if (!IsKnownTimeZone("Europe/Lisbon")) → 422 invalid_time_zone

#include <string_view>

namespace factura::api {

[[nodiscard]] bool IsKnownTimeZone(std::string_view name);

}  // namespace factura::api
