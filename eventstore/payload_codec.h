#pragma once
// Event payloads: domain events to bytes and back, with schema versions and upcasting.
//
// A payload is a cereal portable-binary archive of the event's fields, tagged (in the record's
// envelope) with the event's wire name and schema version. Old versions are upcast on read and
// never rewritten: the log stays as it was written, hashes and all.
//
// Schema history:
//   InvoiceSent v1: {invoice_id, recipient, at} — one recipient.
//   InvoiceSent v2: {invoice_id, to[], cc[], bcc[], subject?, message?, at}; v1 upcasts to
//                   to = [recipient].
//   every other event: v1.
//
//   EncodedPayload p = EncodePayload(event);
//   Result<domain::Event> e = DecodePayload(p.type, p.schema_version, p.bytes);

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/error.h"
#include "domain/events.h"

namespace factura::eventstore {

using domain::Result;

struct EncodedPayload {
  std::string_view type;  // static storage: the event's kType
  uint32_t schema_version = 1;
  std::string bytes;
};

// Thread-safe. Never fails: every domain event is encodable.
[[nodiscard]] EncodedPayload EncodePayload(const domain::Event& event);

// Errors: `unknown_event_type`, `unknown_schema_version`, `corrupt_payload` (kDataLoss).
[[nodiscard]] Result<domain::Event> DecodePayload(std::string_view type, uint32_t schema_version,
                                                  std::string_view bytes);

// The decoded event as JSON (cereal's JSON archive: fields by name), for exports and tools.
[[nodiscard]] Result<std::string> PayloadToJson(std::string_view type, uint32_t schema_version,
                                                std::string_view bytes);

// The current schema version of an event type; 0 for an unknown type.
[[nodiscard]] uint32_t CurrentSchemaVersion(std::string_view type);

// The version-1 shape of InvoiceSent, kept so that old records decode, and so that tests can
// write bytes exactly as the old code path did.
struct InvoiceSentV1 {
  std::string invoice_id;
  std::string recipient;
  domain::Timestamp at;
};
[[nodiscard]] std::string EncodeInvoiceSentV1(const InvoiceSentV1& event);

// The version-1 shape of PaymentRecorded: without `number` (payments recorded before payment
// numbers). Kept for the same reasons.
struct PaymentRecordedV1 {
  domain::PaymentRecorded event;  // its `number` is not written and reads back empty
};
[[nodiscard]] std::string EncodePaymentRecordedV1(const domain::PaymentRecorded& event);

// The version-2 shape of PaymentRecorded: with `number`, without the invoice's number and
// customer name (which read back empty).
struct PaymentRecordedV2 {
  domain::PaymentRecorded event;
};
[[nodiscard]] std::string EncodePaymentRecordedV2(const domain::PaymentRecorded& event);

// The version-1 shape of PaymentRefunded: without `to_credit` (which reads back false).
struct PaymentRefundedV1 {
  domain::PaymentRefunded event;
};
[[nodiscard]] std::string EncodePaymentRefundedV1(const domain::PaymentRefunded& event);

// The version-1 shape of CreditNoteIssued: without `total_minor` (which reads back as `amount`:
// version-1 credit notes never went beyond the amount due).
struct CreditNoteIssuedV1 {
  domain::CreditNoteIssued event;
};
[[nodiscard]] std::string EncodeCreditNoteIssuedV1(const domain::CreditNoteIssued& event);

// The version-1 shape of OrganizationSettingsUpdated: name, currency, invoice prefix and payment
// terms alone (the later settings read back omitted).
struct OrganizationSettingsUpdatedV1 {
  domain::OrganizationSettingsUpdated event;
};
[[nodiscard]] std::string EncodeOrganizationSettingsUpdatedV1(
    const domain::OrganizationSettingsUpdated& event);

// The version-1 shapes of InvoiceDrafted and InvoiceDraftUpdated: lines without a type or a
// discount of their own (they read back as services without discount).
struct InvoiceDraftedV1 {
  domain::InvoiceDrafted event;
};
struct InvoiceDraftUpdatedV1 {
  domain::InvoiceDraftUpdated event;
};
[[nodiscard]] std::string EncodeInvoiceDraftedV1(const domain::InvoiceDrafted& event);
[[nodiscard]] std::string EncodeInvoiceDraftUpdatedV1(const domain::InvoiceDraftUpdated& event);

// The version-1 shapes of CustomerCreated and CustomerUpdated: the profile without contact
// name, type, website, notes and shipping address, and no status (read back: active, unchanged).
struct CustomerCreatedV1 {
  domain::CustomerCreated event;
};
struct CustomerUpdatedV1 {
  domain::CustomerUpdated event;
};
[[nodiscard]] std::string EncodeCustomerCreatedV1(const domain::CustomerCreated& event);
[[nodiscard]] std::string EncodeCustomerUpdatedV1(const domain::CustomerUpdated& event);

}  // namespace factura::eventstore
