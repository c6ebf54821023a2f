// Routes of /v1/organization, the caller's organization's settings: parse, run the command or
// read the stream, render.
#include "api/aggregate_reader.h"
#include "api/commands/organization_commands.h"
#include "api/http/app.h"
#include "api/http/json_input.h"
#include "api/http/organization_bodies.h"
#include "api/http/route_support.h"
#include "api/render.h"

namespace factura::api {
void App::DeclareOrganizationRoutes() {
  router_.Add(http::verb::get, "/v1/organization", "organization.retrieve", "settings:read",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                // From the durable states' cache: the organization's stream grows by one event
                // per invoice and payment number, too long to fold on every read.
                auto organization = co_await ReadDurable<domain::OrganizationState>(
                    context, context.grant.organization_id);
                if (!organization) co_return Error(organization.error());
                co_return ApiResponse{200, OrganizationJson(**organization)};
              });

  router_.Add(http::verb::patch, "/v1/organization", "organization.update", "settings:write",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto if_match = IfMatch(context.request);
                if (!if_match) co_return Error(if_match.error());
                auto command = ParseUpdateOrganization(context.request.body());
                if (!command) co_return Error(command.error());
                Command run = commands::UpdateOrganization(std::move(*command), *if_match);
                ApiResponse response = co_await Execute(context, std::move(run));
                co_return response;
              });
}

}  // namespace factura::api
