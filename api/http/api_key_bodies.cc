#include "api/http/api_key_bodies.h"

#include "api/http/json_input.h"

namespace factura::api {

domain::Result<domain::CreateApiKey> ParseCreateApiKey(std::string_view body) {
  auto parsed = JsonBody::Parse(body);
  if (!parsed) return std::unexpected(parsed.error());
  JsonFields& f = parsed->fields();
  domain::CreateApiKey command;
  auto name = f.RequiredString("name");
  if (!name) return std::unexpected(name.error());
  command.name = *name;
  auto scopes = f.OptionalStringArray("scopes");
  if (!scopes) return std::unexpected(scopes.error());
  if (*scopes) command.scopes = std::move(**scopes);
  auto expires = f.OptionalString("expires_at");
  if (!expires) return std::unexpected(expires.error());
  command.expires_at = *expires;
  auto limit = f.OptionalInteger("rate_limit_per_minute");
  if (!limit) return std::unexpected(limit.error());
  command.rate_limit_per_minute = *limit;
  FACTURA_TRY(f.RejectUnknownFields());
  return command;
}

}  // namespace factura::api
