// The documents (seed 000 §4.1.8): an invoice's, a credit note's and a payment's receipt PDF.
// Built by api/documents/ from the durable states, rendered off the I/O threads and cached by
// everything the bytes depend on, so an issued invoice's PDF is the same file every time.
#include "api/commands/command_support.h"
#include "api/documents/invoice_document.h"
#include "api/documents/pdf_writer.h"
#include "api/documents/public_links.h"
#include "api/http/app.h"
#include "api/http/customer_scope.h"
#include "api/http/route_support.h"
#include "domain/ids.h"

namespace factura::api {
namespace {

using Names = std::set<std::string, std::less<>>;

// The locale and template asked for (?locale=, ?template_id=), else the defaults given.
struct Presentation {
  std::string locale;
  std::string template_id;
};
domain::Result<Presentation> PresentationOf(const HttpRequest& request,
                                            std::string_view default_locale,
                                            std::string_view default_template) {
  static const Names kNames{"locale", "template_id"};
  FACTURA_TRY(RejectUnknownQueryParameters(request, {&kNames}));
  Presentation presentation{std::string(documents::LocaleFor(default_locale).tag),
                            std::string(default_template)};
  if (auto locale = QueryParameter(request, "locale")) {
    if (!documents::IsPrintedLocale(*locale)) {
      return domain::Invalid("unsupported_locale", "locale",
                             "Documents are printed in en-US, pt-BR or es-ES");
    }
    presentation.locale = *locale;
  }
  if (auto template_id = QueryParameter(request, "template_id")) {
    if (std::find(domain::kInvoiceTemplates.begin(), domain::kInvoiceTemplates.end(),
                  *template_id) == domain::kInvoiceTemplates.end()) {
      return domain::Invalid("invalid_template", "template_id",
                             "Use tmpl_classic, tmpl_modern or tmpl_compact");
    }
    presentation.template_id = *template_id;
  }
  return presentation;
}

ApiResponse PdfResponse(const std::string& pdf, const std::string& file_name) {
  ApiResponse response{200, pdf, "application/pdf"};
  response.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"" + file_name + "\"");
  // The same version always gives the same bytes; a new one is a new file.
  response.headers.emplace_back("Cache-Control", "private, no-cache");
  return response;
}

// A PDF by `key` from the renderer (its cache, or `render` on its threads), as an attachment.
asio::awaitable<ApiResponse> ServePdf(documents::DocumentRenderer& renderer, std::string key,
                                      std::string file_name,
                                      std::function<domain::Result<std::string>()> render) {
  auto pdf = co_await renderer.Render(std::move(key), std::move(render));
  if (!pdf) co_return App::Error(pdf.error());
  co_return PdfResponse(**pdf, file_name);
}

}  // namespace

asio::awaitable<ApiResponse> App::InvoicePdf(
    const HttpRequest& request, std::shared_ptr<const domain::InvoiceState> invoice,
    std::shared_ptr<const domain::OrganizationState> organization) {
  auto shown = PresentationOf(request, organization->locale, invoice->template_id);
  if (!shown) co_return Error(shown.error());
  // The QR code leads to the hosted page, when the server knows its own address.
  std::optional<std::string> page =
      documents::PublicUrl(processor_.public_links(), organization->id, *invoice);
  if (page && !page->starts_with("http")) page.reset();
  std::string key = invoice->id + "@" + std::to_string(invoice->version) + "/" +
                    std::to_string(organization->version) + "/" + shown->template_id + "/" +
                    shown->locale;
  auto render = [invoice, organization, shown = *shown, page] {
    documents::Document document = documents::InvoiceDocument(
        *invoice, *organization, documents::LocaleFor(shown.locale), page);
    return documents::WritePdf(document, documents::StyleFor(shown.template_id, std::nullopt));
  };
  std::string file_name = documents::PdfFileName("Invoice", invoice->number);
  ApiResponse response =
      co_await ServePdf(renderer_, std::move(key), std::move(file_name), std::move(render));
  co_return response;
}

void App::DeclareDocumentRoutes() {
  router_.Add(http::verb::get, "/v1/invoices/{id}/pdf", "invoices.pdf", "invoices:read",
              [this](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::string id = context.params.find("id")->second;
                if (!domain::ValidateId(id, domain::kInvoicePrefix, "id")) {
                  co_return Error(NotFound("invoice", id).error());
                }
                auto invoice = co_await ReadDurable<domain::InvoiceState>(context, id);
                if (!invoice) co_return Error(invoice.error());
                if (!(*invoice)->exists || (*invoice)->deleted ||
                    !Sees(context.grant, (*invoice)->content.customer.customer_id)) {
                  co_return Error(NotFound("invoice", id).error());
                }
                auto organization = co_await ReadDurable<domain::OrganizationState>(
                    context, context.grant.organization_id);
                if (!organization) co_return Error(organization.error());
                ApiResponse response = co_await InvoicePdf(context.request, std::move(*invoice),
                                                           std::move(*organization));
                co_return response;
              });

  // A document about an invoice (a credit note, a receipt): the invoice and the organization
  // read, the presentation chosen, the PDF keyed by `what` (the document's id and version) and
  // their versions (a receipt shows what the invoice still owes).
  using Build = std::function<documents::Document(const domain::InvoiceState&,
                                                  const domain::OrganizationState&,
                                                  const documents::DocumentLocale&)>;
  auto about_invoice = [this](RequestContext& context, std::string invoice_id, std::string what,
                              std::string file_name, Build build) -> asio::awaitable<ApiResponse> {
    auto invoice = co_await ReadDurable<domain::InvoiceState>(context, invoice_id);
    if (!invoice) co_return Error(invoice.error());
    auto organization =
        co_await ReadDurable<domain::OrganizationState>(context, context.grant.organization_id);
    if (!organization) co_return Error(organization.error());
    auto shown = PresentationOf(context.request, (*organization)->locale, (*invoice)->template_id);
    if (!shown) co_return Error(shown.error());
    std::string key = what + "/" + std::to_string((*invoice)->version) + "/" +
                      std::to_string((*organization)->version) + "/" + shown->template_id + "/" +
                      shown->locale;
    auto render = [invoice = *invoice, organization = *organization, shown = *shown,
                   build = std::move(build)] {
      documents::Document document =
          build(*invoice, *organization, documents::LocaleFor(shown.locale));
      return documents::WritePdf(document, documents::StyleFor(shown.template_id, std::nullopt));
    };
    ApiResponse response =
        co_await ServePdf(renderer_, std::move(key), std::move(file_name), std::move(render));
    co_return response;
  };

  router_.Add(http::verb::get, "/v1/credit-notes/{id}/pdf", "credit_notes.pdf", "invoices:read",
              [this, about_invoice](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::string id = context.params.find("id")->second;
                if (!domain::ValidateId(id, domain::kCreditNotePrefix, "id")) {
                  co_return Error(NotFound("credit_note", id).error());
                }
                auto note = co_await ReadDurable<domain::CreditNoteState>(context, id);
                if (!note) co_return Error(note.error());
                if (!(*note)->exists || !Sees(context.grant, (*note)->customer_id)) {
                  co_return Error(NotFound("credit_note", id).error());
                }
                std::shared_ptr<const domain::CreditNoteState> shown = *note;
                Build build = [shown](const domain::InvoiceState& invoice,
                                      const domain::OrganizationState& organization,
                                      const documents::DocumentLocale& locale) {
                  return documents::CreditNoteDocument(*shown, invoice, organization, locale);
                };
                // Named: GCC 12 destroys temporaries of a co_await expression twice.
                std::string what = id + "@" + std::to_string(shown->version);
                std::string file_name = documents::PdfFileName("CreditNote", shown->number);
                ApiResponse response =
                    co_await about_invoice(context, shown->invoice_id, std::move(what),
                                           std::move(file_name), std::move(build));
                co_return response;
              });

  router_.Add(http::verb::get, "/v1/payments/{id}/pdf", "payments.pdf", "payments:read",
              [this, about_invoice](RequestContext& context) -> asio::awaitable<ApiResponse> {
                std::string id = context.params.find("id")->second;
                if (!domain::ValidateId(id, domain::kPaymentPrefix, "id")) {
                  co_return Error(NotFound("payment", id).error());
                }
                auto payment = co_await ReadDurable<domain::PaymentState>(context, id);
                if (!payment) co_return Error(payment.error());
                if (!(*payment)->exists || !Sees(context.grant, (*payment)->customer_id)) {
                  co_return Error(NotFound("payment", id).error());
                }
                std::shared_ptr<const domain::PaymentState> shown = *payment;
                Build build = [shown](const domain::InvoiceState& invoice,
                                      const domain::OrganizationState& organization,
                                      const documents::DocumentLocale& locale) {
                  return documents::ReceiptDocument(*shown, invoice, organization, locale);
                };
                std::string what = id + "@" + std::to_string(shown->version);
                std::string file_name = documents::PdfFileName(
                    "Receipt", shown->number.empty() ? shown->id : shown->number);
                ApiResponse response =
                    co_await about_invoice(context, shown->invoice_id, std::move(what),
                                           std::move(file_name), std::move(build));
                co_return response;
              });
}

}  // namespace factura::api
