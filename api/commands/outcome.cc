#include "api/commands/outcome.h"

namespace factura::api {

std::string EncodeStoredReply(Effect effect, std::string_view body) {
  char tag = effect == Effect::kCreated ? 'c' : effect == Effect::kDeleted ? 'd' : 'u';
  std::string stored;
  stored.reserve(body.size() + 1);
  stored.push_back(tag);
  stored.append(body);
  return stored;
}

std::pair<Effect, std::string> DecodeStoredReply(std::string_view stored) {
  if (stored.empty()) return {Effect::kChanged, ""};
  Effect effect = stored[0] == 'c'   ? Effect::kCreated
                  : stored[0] == 'd' ? Effect::kDeleted
                                     : Effect::kChanged;
  return {effect, std::string(stored.substr(1))};
}

}  // namespace factura::api
