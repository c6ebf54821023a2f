#pragma once
// An e-mail as RFC 5322 and MIME (RFC 2045–2049) write it: headers with RFC 2047 encoded words
// for any text that is not plain ASCII, a text and an HTML body (multipart/alternative), and
// attachments (multipart/mixed), every part in base64 lines of 76. The boundaries come from the
// Message-ID, so the same message is the same bytes however often it is delivered again.
// Pure: no I/O, no clock.
//
//   MailMessage m{.from = {"Atelier Nord", "billing@nord.example"}, .to = {{"", "ana@x.fr"}},
//                 .subject = "Facture INV-2025-0001", .message_id = "<evt_01…@factura>", …};
//   std::string wire = WriteMime(m);

#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"

namespace factura::api::delivery {

struct Mailbox {
  std::string name;     // may be empty; any UTF-8
  std::string address;  // an addr-spec, checked by whoever took it in
};

struct Attachment {
  std::string file_name;
  std::string media_type;  // "application/pdf"
  std::string content;
};

struct MailMessage {
  Mailbox from;
  std::vector<Mailbox> to;
  std::vector<Mailbox> cc;  // bcc recipients are the envelope's, never a header
  std::vector<Mailbox> reply_to;
  std::string subject;
  std::string text;  // the plain-text body
  std::string html;  // the HTML body; empty: text alone
  std::vector<Attachment> attachments;
  std::string message_id;  // "<…@…>"
  domain::Timestamp date;
};

// The message, lines ending in CRLF.
[[nodiscard]] std::string WriteMime(const MailMessage& message);

// `text` as a header may carry it: itself when printable ASCII, else RFC 2047 encoded words
// ("=?UTF-8?B?…?=", each at most 75 characters, never splitting a UTF-8 sequence).
[[nodiscard]] std::string EncodeHeaderText(std::string_view text);

// "Name <address>" with the name quoted or encoded as it needs; the address alone without one.
[[nodiscard]] std::string FormatMailbox(const Mailbox& mailbox);

// RFC 5322's date: "Sat, 06 Dec 2026 05:48:00 +0000".
[[nodiscard]] std::string FormatMailDate(domain::Timestamp at);

}  // namespace factura::api::delivery
