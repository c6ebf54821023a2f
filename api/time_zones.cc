#include "api/time_zones.h"

#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace factura::api {
namespace {

constexpr const char* kDatabase = "/usr/share/zoneinfo/tzdata.zi";

// tzdata.zi's "Z <name> …" lines are zones, "L <target> <name>" links (old names still valid).
std::set<std::string, std::less<>> LoadZoneNames() {
  std::set<std::string, std::less<>> names;
  std::ifstream file(kDatabase);
  std::string line;
  while (std::getline(file, line)) {
    std::istringstream words(line);
    std::string kind, first, second;
    words >> kind >> first >> second;
    if (kind == "Z") names.insert(first);
    if (kind == "L") names.insert(second);
  }
  return names;
}

}  // namespace

bool IsKnownTimeZone(std::string_view name) {
  static const std::set<std::string, std::less<>> kNames = LoadZoneNames();
  return kNames.empty() || name == "UTC" || kNames.contains(name);
}

}  // namespace factura::api
