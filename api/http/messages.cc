#include "api/http/messages.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace factura::api {
namespace {

struct Translation {
  std::string_view code;
  std::string_view pt_br;
  std::string_view es_es;
};

// Messages people see most, by error code. A code missing here keeps its English message.
constexpr std::array kTranslations = {
    Translation{"missing_field", "Este campo é obrigatório", "Este campo es obligatorio"},
    Translation{"invalid_type", "O valor tem o tipo errado", "El valor tiene un tipo incorrecto"},
    Translation{"invalid_email", "O endereço de e-mail é inválido",
                "La dirección de correo electrónico no es válida"},
    Translation{"invalid_date", "A data é inválida (AAAA-MM-DD)",
                "La fecha no es válida (AAAA-MM-DD)"},
    Translation{"invalid_timestamp", "O instante é inválido (RFC 3339)",
                "El instante no es válido (RFC 3339)"},
    Translation{"invalid_number", "O valor não é um número decimal",
                "El valor no es un número decimal"},
    Translation{"too_many_decimals", "O valor tem casas decimais demais para a moeda",
                "El valor tiene demasiados decimales para la moneda"},
    Translation{"unsupported_currency", "Moeda não suportada (ISO 4217)",
                "Moneda no admitida (ISO 4217)"},
    Translation{"invalid_quantity", "A quantidade deve ser maior que zero",
                "La cantidad debe ser mayor que cero"},
    Translation{"invalid_country", "Use um código de país ISO 3166-1 como 'BR'",
                "Use un código de país ISO 3166-1 como 'ES'"},
    Translation{"unknown_parameter", "Campo desconhecido", "Campo desconocido"},
    Translation{"malformed_json", "O corpo não é um JSON válido", "El cuerpo no es un JSON válido"},
    Translation{"invalid_body", "O corpo deve ser um objeto JSON",
                "El cuerpo debe ser un objeto JSON"},
    Translation{"resource_not_found", "Recurso não encontrado", "Recurso no encontrado"},
    Translation{"route_not_found", "Rota não encontrada", "Ruta no encontrada"},
    Translation{"customer_not_found", "Cliente não encontrado", "Cliente no encontrado"},
    Translation{"invoice_not_found", "Fatura não encontrada", "Factura no encontrada"},
    Translation{"missing_api_key", "Envie sua chave de API como 'Authorization: Bearer <chave>'",
                "Envíe su clave de API como 'Authorization: Bearer <clave>'"},
    Translation{"invalid_api_key", "A chave de API é inválida", "La clave de API no es válida"},
    Translation{"api_key_revoked", "A chave de API foi revogada", "La clave de API fue revocada"},
    Translation{"api_key_expired", "A chave de API expirou", "La clave de API ha caducado"},
    Translation{"missing_scope", "A chave de API não tem a permissão necessária",
                "La clave de API no tiene el permiso necesario"},
    Translation{"rate_limit_exceeded", "Limite de requisições excedido; tente novamente mais tarde",
                "Límite de solicitudes superado; inténtelo más tarde"},
    Translation{"invoice_not_draft", "Somente rascunhos podem ser alterados",
                "Solo los borradores pueden modificarse"},
    Translation{"invoice_not_payable", "A fatura não aceita pagamentos no estado atual",
                "La factura no admite pagos en su estado actual"},
    Translation{"invoice_has_payments", "Uma fatura com pagamentos não pode ser anulada",
                "Una factura con pagos no puede anularse"},
    Translation{"customer_has_invoices", "Um cliente com faturas não pode ser excluído",
                "Un cliente con facturas no puede eliminarse"},
    Translation{"idempotency_error", "Esta chave de idempotência foi usada com outra requisição",
                "Esta clave de idempotencia se usó con otra solicitud"},
    Translation{"version_mismatch", "O recurso mudou; recarregue-o e tente de novo",
                "El recurso ha cambiado; vuelva a cargarlo e inténtelo de nuevo"},
    Translation{"internal_error", "Algo deu errado do nosso lado; informe o request_id",
                "Algo salió mal por nuestra parte; indique el request_id"},
};

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

Locale PreferredLocale(std::string_view accept_language) {
  // The first supported language range wins; quality weights are honoured by order, which is
  // how clients send them in practice ("pt-BR,pt;q=0.9,en;q=0.8").
  size_t start = 0;
  while (start < accept_language.size()) {
    size_t end = accept_language.find(',', start);
    if (end == std::string_view::npos) end = accept_language.size();
    std::string range = Lower(accept_language.substr(start, end - start));
    range = range.substr(0, range.find(';'));
    range.erase(0, range.find_first_not_of(' '));
    range.erase(range.find_last_not_of(' ') + 1);
    if (range == "pt-br" || range == "pt") return Locale::kPtBr;
    if (range == "es-es" || range == "es") return Locale::kEsEs;
    if (range.starts_with("en") || range == "*") return Locale::kEnUs;
    start = end + 1;
  }
  return Locale::kEnUs;
}

std::string LocalizedMessage(std::string_view code, std::string_view english, Locale locale) {
  if (locale == Locale::kEnUs) return std::string(english);
  for (const Translation& t : kTranslations) {
    if (t.code == code) return std::string(locale == Locale::kPtBr ? t.pt_br : t.es_es);
  }
  return std::string(english);
}

std::string_view ContentLanguage(Locale locale) {
  switch (locale) {
    case Locale::kPtBr:
      return "pt-BR";
    case Locale::kEsEs:
      return "es-ES";
    case Locale::kEnUs:
      return "en-US";
  }
  return "en-US";
}

}  // namespace factura::api
