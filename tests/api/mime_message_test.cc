// E-mail messages as MIME: read back by a real parser (Python's `email` package, the one the
// test SMTP server uses), headers encoded where they must be, the attachment byte for byte, and
// the same message the same bytes every time.
#include "api/delivery/mime_message.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "tests/support/store_testing.h"

namespace factura::api::delivery {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

MailMessage Sample() {
  MailMessage m;
  m.from = {"Atelier Nord, GmbH", "billing@nord.example"};
  m.to = {{"Zoë Durand", "zoe@lumiere.example"}, {"", "ap@lumiere.example"}};
  m.cc = {{"Ops", "ops@nord.example"}};
  m.subject = "Facture INV-2025-0001 — à régler avant le 14/02 (東京)";
  m.text = "Bonjour Zoë,\nVoici votre facture.\n";
  m.html = "<p>Bonjour Zoë,</p><p>Voici votre facture.</p>";
  std::string pdf = "%PDF-1.5\n";
  for (int i = 0; i < 3000; ++i) pdf += static_cast<char>(i * 37 % 256);
  m.attachments = {{"Invoice_INV-2025-0001.pdf", "application/pdf", pdf}};
  m.message_id = "<evt_01m8nds5fs67ykd3cva4qwfhja.0@factura>";
  m.date = domain::Timestamp{1736937000000000};  // 2025-01-15T10:30:00Z
  return m;
}

// What Python's parser makes of `wire`: one line per fact.
std::string Parsed(const std::string& wire) {
  eventstore::testing::TempDir dir;
  std::string file = dir.Sub("message.eml");
  std::ofstream(file, std::ios::binary) << wire;
  std::string script = R"(
import email, email.policy, sys, hashlib
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
print('subject=' + str(m['subject']))
print('from=' + str(m['from']))
print('to=' + str(m['to']))
print('cc=' + str(m['cc']))
print('date=' + str(m['date']))
print('id=' + str(m['message-id']))
print('text=' + m.get_body(('plain',)).get_content().replace('\n', '|'))
print('html=' + m.get_body(('html',)).get_content().strip())
for part in m.iter_attachments():
    data = part.get_content()
    print('attachment=%s %s %d %s' % (part.get_filename(), part.get_content_type(), len(data),
                                       hashlib.sha256(data).hexdigest()))
print('defects=%d' % sum(len(p.defects) for p in m.walk()))
)";
  std::string out;
  FILE* pipe = popen(("python3 -c \"$(cat <<'PY'\n" + script + "\nPY\n)\" " + file).c_str(), "r");
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  pclose(pipe);
  return out;
}

TEST(MimeMessageTest, ARealParserReadsEveryPartBack) {
  MailMessage m = Sample();
  std::string parsed = Parsed(WriteMime(m));
  EXPECT_THAT(parsed, HasSubstr("subject=" + m.subject + "\n"));
  EXPECT_THAT(parsed, HasSubstr("from=\"Atelier Nord, GmbH\" <billing@nord.example>\n"));
  EXPECT_THAT(parsed, HasSubstr("to=Zoë Durand <zoe@lumiere.example>, ap@lumiere.example\n"));
  EXPECT_THAT(parsed, HasSubstr("cc=Ops <ops@nord.example>\n"));
  EXPECT_THAT(parsed, HasSubstr("date=Wed, 15 Jan 2025 10:30:00 +0000\n"));
  EXPECT_THAT(parsed, HasSubstr("id=" + m.message_id + "\n"));
  EXPECT_THAT(parsed, HasSubstr("text=Bonjour Zoë,|Voici votre facture.|\n"));
  EXPECT_THAT(parsed, HasSubstr("html=" + m.html + "\n"));
  // The attachment is exactly the bytes given (its length and digest).
  EXPECT_THAT(parsed, HasSubstr("attachment=Invoice_INV-2025-0001.pdf application/pdf 3009 "));
  EXPECT_THAT(parsed, HasSubstr("defects=0\n"));
}

TEST(MimeMessageTest, TheWireIsSevenBitCrlfAndTheSameEveryTime) {
  std::string wire = WriteMime(Sample());
  EXPECT_EQ(wire, WriteMime(Sample()));
  for (char c : wire) ASSERT_LT(static_cast<unsigned char>(c), 0x80);
  for (size_t at = 0, end; (end = wire.find('\n', at)) != std::string::npos; at = end + 1) {
    ASSERT_GT(end, 0u);
    EXPECT_EQ(wire[end - 1], '\r') << "a bare LF at " << end;
    EXPECT_LE(end - at, 78u) << "[" << wire.substr(at, end - at) << "]";
  }
  EXPECT_THAT(wire, Not(HasSubstr("Bcc")));
  MailMessage other = Sample();
  other.message_id = "<another@factura>";
  EXPECT_NE(WriteMime(other), wire);
}

TEST(MimeMessageTest, HeadersAreEncodedOnlyWhereTheyMustBe) {
  EXPECT_EQ(EncodeHeaderText("Invoice INV-1"), "Invoice INV-1");
  std::string encoded = EncodeHeaderText(std::string(40, 'a') + "é" + std::string(40, 'b'));
  EXPECT_THAT(encoded, HasSubstr("=?UTF-8?B?"));
  EXPECT_THAT(encoded, HasSubstr("\r\n "));  // folded: each encoded word on its own line
  EXPECT_EQ(FormatMailbox({"", "a@b.example"}), "a@b.example");
  EXPECT_EQ(FormatMailbox({"Ana", "a@b.example"}), "Ana <a@b.example>");
  EXPECT_EQ(FormatMailbox({"O\"Brien, Ana", "a@b.example"}), "\"O\\\"Brien, Ana\" <a@b.example>");
}

}  // namespace
}  // namespace factura::api::delivery
