#include "api/delivery/mime_message.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <array>
#include <ctime>

namespace factura::api::delivery {
namespace {

constexpr std::string_view kCrlf = "\r\n";

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(written));
  return out;
}

// Base64 in lines of 76, each ended by CRLF (RFC 2045 §6.8).
std::string Base64Lines(std::string_view bytes) {
  std::string encoded = Base64(bytes);
  std::string out;
  out.reserve(encoded.size() + encoded.size() / 76 * 2 + 2);
  for (size_t at = 0; at < encoded.size(); at += 76) {
    out.append(encoded, at, 76).append(kCrlf);
  }
  return out;
}

bool IsPlainAscii(std::string_view text) {
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7E) return false;
  }
  return true;
}

// Whether a display name must be quoted (RFC 5322 specials).
bool NeedsQuotes(std::string_view name) {
  return name.find_first_of("()<>[]:;@\\,.\"") != std::string_view::npos;
}

// A boundary no base64 line or header can contain ('=' and '_' together never appear in base64
// lines; the digest makes it the message's own).
std::string Boundary(std::string_view message_id, std::string_view part) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  std::string seed = std::string(message_id) + "/" + std::string(part);
  SHA256(reinterpret_cast<const unsigned char*>(seed.data()), seed.size(), digest);
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string boundary = "=_factura_";
  for (size_t i = 0; i < 12; ++i) {
    boundary += kHex[digest[i] >> 4];
    boundary += kHex[digest[i] & 0xF];
  }
  return boundary;
}

// A parameter value ("name"/"filename"): quoted, ASCII kept, anything else as '_' (the
// RFC 2231 form is not understood everywhere; the encoded-word name below is the readable one).
std::string QuotedAscii(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    out += (byte < 0x20 || byte > 0x7E || c == '"' || c == '\\') ? '_' : c;
  }
  return out + "\"";
}

void Header(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append(kCrlf);
}

std::string MailboxList(const std::vector<Mailbox>& mailboxes) {
  std::string list;
  for (const Mailbox& mailbox : mailboxes) {
    if (!list.empty()) list += ",\r\n ";
    list += FormatMailbox(mailbox);
  }
  return list;
}

void TextPart(std::string& out, std::string_view media_type, std::string_view text) {
  Header(out, "Content-Type", std::string(media_type) + "; charset=utf-8");
  Header(out, "Content-Transfer-Encoding", "base64");
  out.append(kCrlf).append(Base64Lines(text));
}

}  // namespace

std::string EncodeHeaderText(std::string_view text) {
  if (IsPlainAscii(text)) return std::string(text);
  // Encoded words of at most 39 bytes of text (52 of base64 + 12 of wrapping = 64: a line with a
  // header's name stays within 78), cut only between UTF-8 sequences; one per folded line.
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = std::min(at + 39, text.size());
    while (end < text.size() && end > at &&
           (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(at, end - at)) + "?=";
    at = end;
  }
  return out;
}

std::string FormatMailbox(const Mailbox& mailbox) {
  std::string address = "<" + mailbox.address + ">";
  if (mailbox.name.empty()) return mailbox.address;
  if (!IsPlainAscii(mailbox.name)) {
    // The address on a line of its own when the last encoded word leaves it no room.
    std::string name = EncodeHeaderText(mailbox.name);
    size_t last_line = name.size() - (name.rfind('\n') == std::string::npos ? 0 : name.rfind('\n'));
    return name + (last_line + address.size() > 64 ? "\r\n " : " ") + address;
  }
  if (NeedsQuotes(mailbox.name)) {
    std::string quoted = "\"";
    for (char c : mailbox.name) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    return quoted + "\" " + address;
  }
  return mailbox.name + " " + address;
}

std::string FormatMailDate(domain::Timestamp at) {
  std::time_t seconds = static_cast<std::time_t>(at.micros_since_epoch / 1'000'000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char text[40];
  std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday],
                utc.tm_mday, kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                utc.tm_sec);
  return text;
}

std::string WriteMime(const MailMessage& m) {
  std::string out;
  Header(out, "From", FormatMailbox(m.from));
  if (!m.to.empty()) Header(out, "To", MailboxList(m.to));
  if (!m.cc.empty()) Header(out, "Cc", MailboxList(m.cc));
  if (!m.reply_to.empty()) Header(out, "Reply-To", MailboxList(m.reply_to));
  Header(out, "Subject", EncodeHeaderText(m.subject));
  Header(out, "Date", FormatMailDate(m.date));
  Header(out, "Message-ID", m.message_id);
  Header(out, "MIME-Version", "1.0");

  std::string mixed = Boundary(m.message_id, "mixed");
  std::string alternative = Boundary(m.message_id, "alternative");
  Header(out, "Content-Type", "multipart/mixed;\r\n boundary=\"" + mixed + "\"");
  out.append(kCrlf).append("This is a message in MIME format.").append(kCrlf);

  out.append("--").append(mixed).append(kCrlf);
  if (m.html.empty()) {
    TextPart(out, "text/plain", m.text);
  } else {
    Header(out, "Content-Type", "multipart/alternative;\r\n boundary=\"" + alternative + "\"");
    out.append(kCrlf);
    out.append("--").append(alternative).append(kCrlf);
    TextPart(out, "text/plain", m.text);
    out.append("--").append(alternative).append(kCrlf);
    TextPart(out, "text/html", m.html);
    out.append("--").append(alternative).append("--").append(kCrlf);
  }
  for (const Attachment& attachment : m.attachments) {
    out.append("--").append(mixed).append(kCrlf);
    Header(out, "Content-Type",
           attachment.media_type + "; name=" + QuotedAscii(attachment.file_name));
    Header(out, "Content-Disposition", "attachment; filename=" + QuotedAscii(attachment.file_name));
    Header(out, "Content-Transfer-Encoding", "base64");
    out.append(kCrlf).append(Base64Lines(attachment.content));
  }
  out.append("--").append(mixed).append("--").append(kCrlf);
  return out;
}

}  // namespace factura::api::delivery
