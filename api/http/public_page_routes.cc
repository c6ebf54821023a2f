// The hosted invoice page (issue 19): GET /i/{token}, the invoice as a page anyone with the link
// may open, and GET /i/{token}/pdf, its PDF; the organization's own routes to give a new link or
// take it back (POST and DELETE /v1/invoices/{id}/public-link). The token proves itself
// (api/documents/public_links.h); a wrong one, another invoice's, a revoked or an older one all
// get the same 404. The customer's first view is recorded (InvoiceViewed, `invoice.viewed`);
// a view by a credential of the invoice's own organization is not theirs and is not.
#include "api/commands/command_support.h"
#include "api/commands/invoice_commands.h"
#include "api/documents/invoice_document.h"
#include "api/documents/invoice_page.h"
#include "api/documents/public_links.h"
#include "api/http/app.h"
#include "api/http/route_support.h"
#include "api/logging.h"
#include "domain/ids.h"

namespace factura::api {
namespace {

constexpr int64_t kPageViewsPerMinute = 60;

ApiResponse PageNotFound() {
  return App::Error(domain::Reject(domain::ErrorKind::kNotFound, "page_not_found", "",
                                   "This link is not valid (it may have been replaced)")
                        .error());
}

void SecureHeaders(ApiResponse& response) {
  response.headers.emplace_back("Content-Security-Policy",
                                std::string(documents::kPageSecurityPolicy));
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  response.headers.emplace_back("X-Robots-Tag", "noindex, nofollow");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Cache-Control", "private, no-store");
}

}  // namespace

void App::DeclarePublicPageRoutes() {
  // The invoice and its organization a token names, if it is genuine and current; with the
  // response to give otherwise (404, or 429 past the address's limit).
  struct Opened {
    std::shared_ptr<const domain::InvoiceState> invoice;
    std::shared_ptr<const domain::OrganizationState> organization;
    documents::PublicLinks::Target target;
  };
  auto open =
      [this](RequestContext& context) -> asio::awaitable<std::variant<Opened, ApiResponse>> {
    RateBucket bucket{RateBucket::kAddressMinute, "", context.peer_address, kPageViewsPerMinute,
                      kPageViewsPerMinute / 60.0};
    RateDecision rate = page_limiter_.Take({&bucket, 1}, Now());
    if (!rate.allowed) {
      co_return Throttled("rate_limit_exceeded", "page views", rate.retry_after_seconds);
    }
    auto target = documents::PublicLinks::Parse(context.params.find("token")->second);
    if (!target) co_return PageNotFound();
    co_await OnWorker();
    DurableStates& states = processor_.durable_states();
    auto invoice = DurableStateNow<domain::InvoiceState>(states, store_, target->organization_id,
                                                         target->invoice_id);
    auto organization = DurableStateNow<domain::OrganizationState>(
        states, store_, target->organization_id, target->organization_id);
    if (!invoice || !organization) {
      co_return Error(!invoice ? invoice.error() : organization.error());
    }
    const domain::InvoiceState& state = **invoice;
    // One answer for every way a link can be wrong: nothing tells them apart.
    bool current = processor_.public_links().Verify(*target, state.public_link_generation);
    if (!current ||
        !documents::PublicUrl(processor_.public_links(), target->organization_id, state)) {
      co_return PageNotFound();
    }
    co_return Opened{std::move(*invoice), std::move(*organization), std::move(*target)};
  };

  router_.Add(
      http::verb::get, "/i/{token}", "public_pages.invoice", "",
      [this, open](RequestContext& context) -> asio::awaitable<ApiResponse> {
        auto opened = co_await open(context);
        if (auto* refused = std::get_if<ApiResponse>(&opened)) co_return std::move(*refused);
        Opened& page = std::get<Opened>(opened);
        const documents::DocumentLocale& locale = documents::LocaleFor(page.organization->locale);
        std::optional<std::string> url = documents::PublicUrl(
            processor_.public_links(), page.target.organization_id, *page.invoice);
        documents::Document document =
            documents::InvoiceDocument(*page.invoice, *page.organization, locale, url);
        std::string html =
            documents::RenderInvoicePage(document, locale.tag, {.pdf = page.target.token + "/pdf"});
        // The customer's first look is a fact; the organization previewing its own invoice
        // (a credential of it on the request) is not the customer.
        bool own = false;
        if (context.request.find(http::field::authorization) != context.request.end()) {
          Admission admission = gate_.Admit(context.request, kAnyCredential);
          own = admission.verdict && admission.grant.organization_id == page.target.organization_id;
        }
        if (!page.invoice->viewed_at && !own) {
          Command viewed = commands::ChangeInvoice(page.target.invoice_id,
                                                   domain::MarkInvoiceViewed{}, std::nullopt);
          // Named: GCC 12 destroys temporaries of a co_await expression twice.
          std::string organization = page.target.organization_id;
          std::string actor = "public_link";
          ApiResponse recorded = co_await ExecuteIn(context, std::move(organization),
                                                    std::move(actor), std::move(viewed));
          if (recorded.error) {
            Log(LogLevel::kWarn, "invoice view not recorded",
                {{"invoice", page.target.invoice_id}, {"error", recorded.error->message}});
          }
        }
        ApiResponse response{200, std::move(html), "text/html; charset=utf-8"};
        SecureHeaders(response);
        co_return response;
      });

  router_.Add(http::verb::get, "/i/{token}/pdf", "public_pages.invoice_pdf", "",
              [this, open](RequestContext& context) -> asio::awaitable<ApiResponse> {
                auto opened = co_await open(context);
                if (auto* refused = std::get_if<ApiResponse>(&opened)) {
                  co_return std::move(*refused);
                }
                Opened& page = std::get<Opened>(opened);
                ApiResponse response = co_await InvoicePdf(context.request, std::move(page.invoice),
                                                           std::move(page.organization));
                SecureHeaders(response);
                co_return response;
              });

  // A new link (every older one stops working), or none until then.
  for (auto [method, name, regenerate] :
       {std::tuple{http::verb::post, "invoices.public_link_regenerate", true},
        std::tuple{http::verb::delete_, "invoices.public_link_revoke", false}}) {
    router_.Add(method, "/v1/invoices/{id}/public-link", name, "invoices:write",
                [this, regenerate](RequestContext& context) -> asio::awaitable<ApiResponse> {
                  std::string id = context.params.find("id")->second;
                  domain::InvoiceCommand command = domain::RevokePublicLink{};
                  if (regenerate) command = domain::RegeneratePublicLink{};
                  Command run = commands::ChangeInvoice(id, std::move(command), std::nullopt);
                  ApiResponse response = co_await Execute(context, std::move(run));
                  co_return response;
                });
  }
}

}  // namespace factura::api
