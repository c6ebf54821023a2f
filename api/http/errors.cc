#include "api/http/errors.h"

#include "api/http/json_writer.h"

namespace factura::api {

unsigned HttpStatusFor(Effect effect) {
  switch (effect) {
    case Effect::kCreated:
      return 201;
    case Effect::kChanged:
      return 200;
    case Effect::kDeleted:
      return 204;
  }
  return 200;
}

unsigned HttpStatusFor(const domain::Error& error) {
  using domain::ErrorKind;
  switch (error.kind) {
    case ErrorKind::kInvalidArgument:
      return 422;
    case ErrorKind::kOutOfRange:
      return 422;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kFailedPrecondition:
      return 409;
    case ErrorKind::kAlreadyExists:
      return 409;
    case ErrorKind::kConflict:
      return 409;
    case ErrorKind::kUnavailable:
      return 503;
    case ErrorKind::kDataLoss:
      return 500;
    case ErrorKind::kInternal:
      return 500;
    case ErrorKind::kUnauthenticated:
      return 401;
    case ErrorKind::kPermissionDenied:
      return 403;
    case ErrorKind::kMalformed:
      return 400;
    case ErrorKind::kResourceExhausted:
      return 429;
    case ErrorKind::kMethodNotAllowed:
      return 405;
    case ErrorKind::kUnsupportedMediaType:
      return 415;
    case ErrorKind::kRequestTimeout:
      return 408;
    case ErrorKind::kBodyTooLarge:
      return 413;
    case ErrorKind::kHeadersTooLarge:
      return 431;
  }
  return 500;
}

domain::Error TransportError(unsigned status, std::string code, std::string message) {
  using domain::ErrorKind;
  ErrorKind kind = status == 408   ? ErrorKind::kRequestTimeout
                   : status == 413 ? ErrorKind::kBodyTooLarge
                   : status == 431 ? ErrorKind::kHeadersTooLarge
                                   : ErrorKind::kMalformed;
  return domain::Error{kind, std::move(code), "", std::move(message)};
}

// Seed 000 §3.3's vocabulary, the only one: a request the server cannot take as sent (malformed,
// unknown or invalid parameters, too large, wrong media type) is a `validation_error`.
std::string_view ErrorTypeFor(unsigned status) {
  switch (status) {
    case 401:
      return "authentication_error";
    case 403:
      return "authorization_error";
    case 404:
      return "not_found_error";
    case 409:
      return "conflict_error";
    case 429:
      return "rate_limit_error";
    default:
      break;
  }
  return status >= 500 ? "server_error" : "validation_error";
}

std::string ErrorBody(const domain::Error& error, unsigned status, std::string_view request_id,
                      Locale locale, std::optional<int64_t> retry_after) {
  bool internal = status >= 500 && status != 503;
  std::string code = internal ? "internal_error" : error.code;
  std::string message = internal ? "Something went wrong on our side; quote the request id if "
                                   "you contact support"
                                 : error.message;
  JsonWriter json;
  json.BeginObject().Key("error").BeginObject();
  json.Key("type").String(ErrorTypeFor(status));
  json.Key("code").String(code);
  json.Key("message").String(LocalizedMessage(code, message, locale));
  if (!error.param.empty() && !internal) json.Key("param").String(error.param);
  json.Key("doc_url").String("https://docs.factura.dev/errors/" + code);
  if (retry_after) json.Key("retry_after").Int(*retry_after);
  json.EndObject();
  json.Key("request_id").String(request_id);
  json.EndObject();
  return std::move(json).Take();
}

}  // namespace factura::api
