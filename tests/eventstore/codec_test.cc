#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cereal/archives/portable_binary.hpp>
#include <sstream>

#include "eventstore/idempotency.h"
#include "eventstore/memory_archive.h"
#include "eventstore/payload_codec.h"
#include "eventstore/record.h"
#include "eventstore/serialization.h"
#include "tests/support/domain_testing.h"
#include "tests/support/invoice_fixtures.h"

namespace factura::eventstore {
namespace {

using domain::testing::InvoiceWorld;
using domain::testing::IsRejected;

// Events produced by real decisions: a payment on the seed invoice touches every nested type.
domain::Events RealisticEvents() {
  InvoiceWorld world;
  domain::Events events;
  auto created =
      domain::Decide(domain::InvoiceState{}, InvoiceWorld::SeedInvoice(), world.Context());
  events.insert(events.end(), created->begin(), created->end());
  domain::InvoiceState invoice = world.Issued(InvoiceWorld::SeedInvoice(), "inv_2");
  auto paid = domain::Decide(
      domain::PaymentState{},
      domain::RecordPayment{.invoice_id = "inv_2", .amount = "8000", .payment_method = "card"},
      world.PaymentContextFor(invoice));
  events.insert(events.end(), paid->begin(), paid->end());
  events.push_back(
      domain::InvoiceSent{"inv_2", {"a@b.co"}, {"c@d.co"}, {}, "Hi", std::nullopt, world.now});
  events.push_back(domain::CustomerUpdated{.customer_id = "cus_1",
                                           .name = domain::Patch<std::string>::Set("New"),
                                           .phone = domain::Patch<std::string>::Null()});
  return events;
}

TEST(PayloadCodecTest, EveryEventRoundTripsExactly) {
  for (const domain::Event& event : RealisticEvents()) {
    EncodedPayload payload = EncodePayload(event);
    EXPECT_EQ(payload.type, domain::EventType(event));
    auto decoded = DecodePayload(payload.type, payload.schema_version, payload.bytes);
    ASSERT_TRUE(decoded.has_value()) << payload.type;
    EXPECT_EQ(*decoded, event) << payload.type;
  }
}

// The memory archives are an optimization, not a new format: their bytes are cereal's portable
// binary bytes, so payloads written by either decode with the other.
TEST(PayloadCodecTest, PayloadBytesAreCerealPortableBinary) {
  for (const domain::Event& event : RealisticEvents()) {
    std::ostringstream portable;
    {
      cereal::PortableBinaryOutputArchive archive(portable);
      std::visit([&](const auto& e) { archive(e); }, event);
    }
    EXPECT_EQ(EncodePayload(event).bytes, portable.str()) << domain::EventType(event);
  }
}

TEST(PayloadCodecTest, InvoiceSentVersionOneBytesAreUpcastOnRead) {
  EXPECT_EQ(CurrentSchemaVersion("InvoiceSent"), 2u);
  std::string v1 = EncodeInvoiceSentV1({"inv_1", "billing@acme.com", domain::Timestamp{42}});
  auto decoded = DecodePayload("InvoiceSent", 1, v1);
  ASSERT_TRUE(decoded.has_value());
  const auto& sent = std::get<domain::InvoiceSent>(*decoded);
  EXPECT_EQ(sent.invoice_id, "inv_1");
  EXPECT_EQ(sent.to, std::vector<std::string>{"billing@acme.com"});
  EXPECT_TRUE(sent.cc.empty());
  EXPECT_EQ(sent.at.micros_since_epoch, 42);
  // Version-2 bytes are not version-1 bytes.
  EXPECT_THAT(DecodePayload("InvoiceSent", 3, v1), IsRejected("unknown_schema_version"));
}

// Version 1 of InvoiceDrafted and InvoiceDraftUpdated predates lines with a type and a discount
// of their own: its lines read back as services without discount, the rest as written.
TEST(PayloadCodecTest, VersionOneDraftsReadAsServiceLinesWithoutDiscount) {
  EXPECT_EQ(CurrentSchemaVersion("InvoiceDrafted"), 2u);
  EXPECT_EQ(CurrentSchemaVersion("InvoiceDraftUpdated"), 2u);
  domain::InvoiceDrafted drafted;
  for (const domain::Event& event : RealisticEvents()) {
    if (const auto* d = std::get_if<domain::InvoiceDrafted>(&event)) drafted = *d;
  }
  ASSERT_FALSE(drafted.content.line_items.empty());
  domain::InvoiceDrafted as_written = drafted;
  drafted.content.line_items[0].type = domain::LineType::kFee;  // not in version 1's bytes
  drafted.content.line_items[0].discount = {domain::DiscountType::kFixed, {}, 100};
  drafted.created_by = "ak_1";
  auto decoded = DecodePayload("InvoiceDrafted", 1, EncodeInvoiceDraftedV1(drafted));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
  EXPECT_EQ(std::get<domain::InvoiceDrafted>(*decoded), as_written);
  domain::InvoiceDraftUpdated updated{drafted.invoice_id, drafted.content, drafted.at};
  auto decoded_update =
      DecodePayload("InvoiceDraftUpdated", 1, EncodeInvoiceDraftUpdatedV1(updated));
  ASSERT_TRUE(decoded_update.has_value());
  EXPECT_EQ(std::get<domain::InvoiceDraftUpdated>(*decoded_update).content, as_written.content);
  // The current version keeps both.
  auto current = DecodePayload("InvoiceDrafted", 2, EncodePayload(domain::Event{drafted}).bytes);
  ASSERT_TRUE(current.has_value());
  EXPECT_EQ(std::get<domain::InvoiceDrafted>(*current), drafted);
}

// Version 1 of the customer's events predates contact, type, website, notes, shipping address
// and status: they read back empty, and the customer active.
TEST(PayloadCodecTest, VersionOneCustomerEventsReadAsActiveCustomersWithoutTheNewFields) {
  domain::CustomerCreated created{.customer_id = "cus_1",
                                  .profile = {.name = "ACME", .email = "a@acme.com"},
                                  .at = domain::Timestamp{42}};
  domain::CustomerCreated later = created;
  later.profile.contact_name = "Jane";  // not in version 1's bytes
  later.profile.shipping_address = domain::Address{"1 St", {}, "Town", {}, {}, "US"};
  later.status = domain::CustomerStatus::kSuspended;
  auto decoded = DecodePayload("CustomerCreated", 1, EncodeCustomerCreatedV1(later));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
  EXPECT_EQ(std::get<domain::CustomerCreated>(*decoded), created);
  domain::CustomerUpdated updated{.customer_id = "cus_1",
                                  .name = domain::Patch<std::string>::Set("ACME 2"),
                                  .at = domain::Timestamp{43}};
  domain::CustomerUpdated richer = updated;
  richer.status = domain::Patch<domain::CustomerStatus>::Set(domain::CustomerStatus::kInactive);
  auto decoded_update = DecodePayload("CustomerUpdated", 1, EncodeCustomerUpdatedV1(richer));
  ASSERT_TRUE(decoded_update.has_value());
  EXPECT_EQ(std::get<domain::CustomerUpdated>(*decoded_update), updated);
  auto current = DecodePayload("CustomerCreated", 2, EncodePayload(domain::Event{later}).bytes);
  ASSERT_TRUE(current.has_value());
  EXPECT_EQ(std::get<domain::CustomerCreated>(*current), later);
}

TEST(PayloadCodecTest, PaymentRecordedVersionOneBytesReadWithoutANumber) {
  EXPECT_EQ(CurrentSchemaVersion("PaymentRecorded"), 3u);
  domain::PaymentRecorded old{.payment_id = "pay_1",
                              .invoice_id = "inv_1",
                              .customer_id = "cus_1",
                              .amount = domain::Money{1000, *domain::FindCurrency("USD")},
                              .applied_minor = 1000,
                              .payment_method = "card",
                              .payment_date = *domain::ParseDate("2025-01-20"),
                              .at = domain::Timestamp{42},
                              .number = "PAY-2025-0009",          // not in version 1's bytes
                              .invoice_number = "INV-2025-0001",  // nor in version 2's
                              .customer_name = "ACME"};
  auto decoded = DecodePayload("PaymentRecorded", 1, EncodePaymentRecordedV1(old));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
  const auto& recorded = std::get<domain::PaymentRecorded>(*decoded);
  EXPECT_EQ(recorded.payment_id, "pay_1");
  EXPECT_EQ(recorded.amount.minor_units, 1000);
  EXPECT_EQ(recorded.at.micros_since_epoch, 42);
  EXPECT_EQ(recorded.number, "");
  // Version 2 has the number, not the invoice's number and customer.
  auto v2 = DecodePayload("PaymentRecorded", 2, EncodePaymentRecordedV2(old));
  ASSERT_TRUE(v2.has_value());
  EXPECT_EQ(std::get<domain::PaymentRecorded>(*v2).number, "PAY-2025-0009");
  EXPECT_EQ(std::get<domain::PaymentRecorded>(*v2).invoice_number, "");
  // The current version keeps them all.
  auto current = DecodePayload("PaymentRecorded", 3, EncodePayload(domain::Event{old}).bytes);
  ASSERT_TRUE(current.has_value());
  EXPECT_EQ(std::get<domain::PaymentRecorded>(*current), old);
}

// Version 1 of CreditNoteIssued had no total: its credit notes never went past the amount due,
// so the total is the amount.
TEST(PayloadCodecTest, AVersionOneCreditNoteReadsItsAmountAsItsTotal) {
  domain::CreditNoteIssued old{.invoice_id = "inv_1",
                               .credit_note_id = "cn_1",
                               .amount = domain::Money{2500, domain::FindCurrency("USD").value()},
                               .reason = "Damaged",
                               .at = domain::Timestamp{42},
                               .total_minor = 9999};  // not in version 1's bytes
  auto decoded = DecodePayload("CreditNoteIssued", 1, EncodeCreditNoteIssuedV1(old));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
  const auto& issued = std::get<domain::CreditNoteIssued>(*decoded);
  EXPECT_EQ(issued.amount.minor_units, 2500);
  EXPECT_EQ(issued.total_minor, 2500);
  EXPECT_EQ(issued.reason, "Damaged");
  auto current = DecodePayload("CreditNoteIssued", 2, EncodePayload(domain::Event{old}).bytes);
  ASSERT_TRUE(current.has_value());
  EXPECT_EQ(std::get<domain::CreditNoteIssued>(*current).total_minor, 9999);
}

// Version 1 of PaymentRefunded predates refunds to credit: every one of them paid money out.
TEST(PayloadCodecTest, AVersionOneRefundWasARefundOfMoney) {
  domain::PaymentRefunded old{.payment_id = "pay_1",
                              .refund_id = "re_1",
                              .amount = domain::Money{700, domain::FindCurrency("USD").value()},
                              .from_invoice_minor = 700,
                              .refund_date = *domain::ParseDate("2025-01-20"),
                              .at = domain::Timestamp{42},
                              .to_credit = true};  // not in version 1's bytes
  auto decoded = DecodePayload("PaymentRefunded", 1, EncodePaymentRefundedV1(old));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
  const auto& refunded = std::get<domain::PaymentRefunded>(*decoded);
  EXPECT_EQ(refunded.from_invoice_minor, 700);
  EXPECT_FALSE(refunded.to_credit);
  auto current = DecodePayload("PaymentRefunded", 2, EncodePayload(domain::Event{old}).bytes);
  ASSERT_TRUE(current.has_value());
  EXPECT_TRUE(std::get<domain::PaymentRefunded>(*current).to_credit);
}

// Version 1 of OrganizationSettingsUpdated knew name, currency, invoice prefix and terms alone:
// the later settings read back as not changed.
TEST(PayloadCodecTest, AVersionOneSettingsUpdateChangedNoLaterSetting) {
  domain::OrganizationSettingsUpdated old{
      .organization_id = "org_1",
      .name = domain::Patch<std::string>::Set("ACME"),
      .at = domain::Timestamp{42},
      .legal_name = domain::Patch<std::string>::Set("ACME Ltd"),  // not in version 1's bytes
      .next_invoice_number = domain::Patch<int64_t>::Set(100)};
  auto decoded =
      DecodePayload("OrganizationSettingsUpdated", 1, EncodeOrganizationSettingsUpdatedV1(old));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
  const auto& updated = std::get<domain::OrganizationSettingsUpdated>(*decoded);
  EXPECT_EQ(updated.name.value(), "ACME");
  EXPECT_TRUE(updated.legal_name.omitted());
  EXPECT_TRUE(updated.next_invoice_number.omitted());
  auto current =
      DecodePayload("OrganizationSettingsUpdated", 2, EncodePayload(domain::Event{old}).bytes);
  ASSERT_TRUE(current.has_value());
  EXPECT_EQ(std::get<domain::OrganizationSettingsUpdated>(*current), old);
}

TEST(PayloadCodecTest, DamagedPayloadsAreDataLossNotCrashes) {
  EncodedPayload payload = EncodePayload(RealisticEvents()[1]);
  auto truncated =
      DecodePayload(payload.type, payload.schema_version,
                    std::string_view(payload.bytes).substr(0, payload.bytes.size() / 2));
  EXPECT_THAT(truncated, IsRejected("corrupt_payload"));
  EXPECT_EQ(truncated.error().kind, domain::ErrorKind::kDataLoss);
  EXPECT_THAT(DecodePayload("NoSuchEvent", 1, payload.bytes), IsRejected("unknown_event_type"));
  EXPECT_THAT(DecodePayload("CustomerDeleted", 7, payload.bytes),
              IsRejected("unknown_schema_version"));
}

TEST(PayloadCodecTest, RendersPayloadsAsJsonWithFieldNames) {
  EncodedPayload payload = EncodePayload(
      domain::InvoiceVoided{"inv_1", std::string("Duplicate \"A\""), domain::Timestamp{7}});
  auto json = PayloadToJson(payload.type, payload.schema_version, payload.bytes);
  ASSERT_TRUE(json.has_value());
  EXPECT_THAT(*json, ::testing::HasSubstr(R"("invoice_id":"inv_1")"));
  EXPECT_THAT(*json, ::testing::HasSubstr(R"(Duplicate \"A\")"));
  EXPECT_EQ(json->front(), '{');
  EXPECT_EQ(json->back(), '}');
  EXPECT_THAT(*json, ::testing::HasSubstr(R"("at":"1970-01-01T00:00:00.000007Z")"));
}

TEST(PayloadCodecTest, JsonShowsPatchesAndOptionalsAsPeopleReadThem) {
  EncodedPayload payload =
      EncodePayload(domain::CustomerUpdated{.customer_id = "cus_1",
                                            .name = domain::Patch<std::string>::Set("New"),
                                            .phone = domain::Patch<std::string>::Null()});
  auto json = PayloadToJson(payload.type, payload.schema_version, payload.bytes);
  ASSERT_TRUE(json.has_value());
  EXPECT_THAT(*json, ::testing::HasSubstr(R"("name":"New")"));
  EXPECT_THAT(*json, ::testing::HasSubstr(R"("phone":null)"));
  EXPECT_THAT(*json, ::testing::Not(::testing::HasSubstr("email")));  // omitted: unchanged
}

EventRecord SampleRecord() {
  EventRecord record{.position = 7,
                     .event_id = "evt_1",
                     .stream_id = "org_1/inv_1",
                     .stream_version = 3,
                     .type = "InvoiceVoided",
                     .schema_version = 1,
                     .recorded_at = domain::Timestamp{1'736'937'000'123'456},
                     .organization_id = "org_1",
                     .actor = "ak_1",
                     .request_id = "req_1",
                     .causation_id = "cmd_1",
                     .correlation_id = "corr_1",
                     .payload = std::string("\0\1binary\xff", 9)};
  record.previous_hash.fill(0xAB);
  SealRecord(record);
  return record;
}

TEST(RecordTest, EncodesAndDecodesEveryField) {
  EventRecord record = SampleRecord();
  auto decoded = DecodeRecord(EncodeRecord(record));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, record);
  auto hashes = RecordHashes(EncodeRecord(record));
  EXPECT_EQ(hashes->first, record.previous_hash);
  EXPECT_EQ(hashes->second, record.hash);
}

TEST(RecordTest, AnyChangedFieldChangesTheHash) {
  EventRecord record = SampleRecord();
  std::vector<std::function<void(EventRecord&)>> changes{
      [](auto& r) { r.position++; },          [](auto& r) { r.stream_version++; },
      [](auto& r) { r.payload[3] ^= 1; },     [](auto& r) { r.actor = "ak_2"; },
      [](auto& r) { r.previous_hash[0]++; },  [](auto& r) { r.recorded_at.micros_since_epoch++; },
      [](auto& r) { r.type = "InvoicePaid"; }};
  for (const auto& change : changes) {
    EventRecord changed = record;
    change(changed);
    EXPECT_NE(ComputeHash(changed.previous_hash, CanonicalBytes(changed)), record.hash);
  }
}

TEST(RecordTest, TruncatedOrPaddedRecordsAreCorrupt) {
  std::string bytes = EncodeRecord(SampleRecord());
  EXPECT_THAT(DecodeRecord(std::string_view(bytes).substr(0, bytes.size() - 1)),
              IsRejected("corrupt_record"));
  EXPECT_THAT(DecodeRecord(bytes + "x"), IsRejected("corrupt_record"));
  bytes[0] = 0;
  EXPECT_THAT(DecodeRecord(bytes), IsRejected("corrupt_record"));
}

TEST(RecordTest, HashesRoundTripThroughHex) {
  Hash hash = SampleRecord().hash;
  EXPECT_EQ(HashFromHex(HashToHex(hash)), hash);
  EXPECT_THAT(HashFromHex("zz"), IsRejected("invalid_hash"));
}

TEST(RecordTest, Sha256MatchesTheStandardsVectors) {
  // FIPS 180-2's examples.
  EXPECT_EQ(HashToHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HashToHex(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(RecordTest, KeysSortNumerically) {
  EXPECT_LT(LogKey(255), LogKey(256));
  EXPECT_LT(StreamEventKey("a", 9), StreamEventKey("a", 10));
  EXPECT_LT(StreamEventKey("a", UINT64_MAX), StreamEventKey("a\x01", 0));
  EXPECT_EQ(DecodeU64(EncodeU64(0x0102030405060708ULL)), 0x0102030405060708ULL);
}

}  // namespace
}  // namespace factura::eventstore

namespace factura::eventstore {
namespace {

TEST(IdempotencyValueTest, AStoredResponseComesBackAsWritten) {
  IdempotencyRecord record{.fingerprint = "fp",
                           .response = "c{\"id\":\"inv_1\"}",
                           .created_at = domain::Timestamp{10},
                           .expires_at = domain::Timestamp{20},
                           .position = 7};
  auto decoded = DecodeIdempotencyValue(EncodeIdempotencyValue(record));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, record);
  EXPECT_EQ(IdempotencyExpiryMicros(EncodeIdempotencyValue(record)), 20);
}

// Records written before the response became opaque (an HTTP status, a content type, a body)
// are still replayed until they expire.
TEST(IdempotencyValueTest, ARecordOfTheOlderLayoutReadsAsTheApisEncoding) {
  auto u32 = [](uint32_t value) { return EncodeU64(value).substr(4); };
  auto str = [&](std::string_view text) {
    return u32(static_cast<uint32_t>(text.size())) + std::string(text);
  };
  for (auto [status, effect] : {std::pair{201u, 'c'}, {200u, 'u'}, {204u, 'd'}}) {
    std::string value = EncodeU64(20) + EncodeU64(10) + EncodeU64(7) + u32(status) + str("fp") +
                        str("application/json") + str("{}");
    auto decoded = DecodeIdempotencyValue(value);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->fingerprint, "fp");
    EXPECT_EQ(decoded->response, std::string(1, effect) + "{}");
    EXPECT_EQ(decoded->position, 7u);
  }
  EXPECT_FALSE(DecodeIdempotencyValue(EncodeU64(20) + EncodeU64(10)).has_value());
}

}  // namespace
}  // namespace factura::eventstore
