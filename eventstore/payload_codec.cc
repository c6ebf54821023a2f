#include "eventstore/payload_codec.h"

#include <boost/json.hpp>
#include <cereal/archives/json.hpp>
#include <cereal/archives/portable_binary.hpp>
#include <sstream>
#include <unordered_map>

#include "eventstore/memory_archive.h"
#include "eventstore/serialization.h"

namespace factura::eventstore {

template <class Archive>
void serialize(Archive& a, InvoiceSentV1& e) {
  a(FACTURA_FIELD(e, invoice_id), FACTURA_FIELD(e, recipient), FACTURA_FIELD(e, at));
}

template <class Archive>
void serialize(Archive& a, PaymentRecordedV1& v) {
  domain::SerializePaymentRecordedV1(a, v.event);
}

template <class Archive>
void serialize(Archive& a, PaymentRecordedV2& v) {
  domain::SerializePaymentRecordedV2(a, v.event);
}

template <class Archive>
void serialize(Archive& a, PaymentRefundedV1& v) {
  domain::SerializePaymentRefundedV1(a, v.event);
}

template <class Archive>
void serialize(Archive& a, CreditNoteIssuedV1& v) {
  domain::SerializeCreditNoteIssuedV1(a, v.event);
}

template <class Archive>
void serialize(Archive& a, OrganizationSettingsUpdatedV1& v) {
  domain::SerializeOrganizationSettingsUpdatedV1(a, v.event);
}

template <class Archive>
void serialize(Archive& a, CustomerCreatedV1& v) {
  domain::SerializeCustomerCreated<true>(a, v.event);
}

template <class Archive>
void serialize(Archive& a, CustomerUpdatedV1& v) {
  domain::SerializeCustomerUpdatedV1(a, v.event);
}

template <class Archive>
void serialize(Archive& a, InvoiceDraftedV1& v) {
  domain::SerializeInvoiceDrafted<true>(a, v.event);
}

template <class Archive>
void serialize(Archive& a, InvoiceDraftUpdatedV1& v) {
  domain::SerializeInvoiceDraftUpdated<true>(a, v.event);
}

namespace {

using domain::Event;

template <typename T>
constexpr uint32_t kSchemaVersion = 1;
template <>
constexpr uint32_t kSchemaVersion<domain::InvoiceSent> = 2;
template <>
constexpr uint32_t kSchemaVersion<domain::PaymentRecorded> = 3;
template <>
constexpr uint32_t kSchemaVersion<domain::CreditNoteIssued> = 2;
template <>
constexpr uint32_t kSchemaVersion<domain::PaymentRefunded> = 2;
template <>
constexpr uint32_t kSchemaVersion<domain::OrganizationSettingsUpdated> = 2;
template <>
constexpr uint32_t kSchemaVersion<domain::InvoiceDrafted> = 2;
template <>
constexpr uint32_t kSchemaVersion<domain::CustomerCreated> = 2;
template <>
constexpr uint32_t kSchemaVersion<domain::CustomerUpdated> = 2;
template <>
constexpr uint32_t kSchemaVersion<domain::InvoiceDraftUpdated> = 2;

domain::InvoiceSent Upcast(InvoiceSentV1 old) {
  return domain::InvoiceSent{
      .invoice_id = std::move(old.invoice_id), .to = {std::move(old.recipient)}, .at = old.at};
}

std::unexpected<domain::Error> Corrupt(std::string_view type, std::string_view what) {
  return domain::Reject(domain::ErrorKind::kDataLoss, "corrupt_payload", "",
                        "Cannot decode a " + std::string(type) + " payload: " + std::string(what));
}

template <typename T>
T ReadBinary(std::string_view bytes) {
  MemoryInputArchive archive(bytes);
  T value{};
  archive(value);
  if (!archive.exhausted()) throw cereal::Exception("trailing bytes after the payload");
  return value;
}

template <typename T>
Result<Event> DecodeAs(uint32_t version, std::string_view bytes) {
  if constexpr (std::is_same_v<T, domain::InvoiceSent>) {
    if (version == 1) return Event{Upcast(ReadBinary<InvoiceSentV1>(bytes))};
  }
  if constexpr (std::is_same_v<T, domain::PaymentRecorded>) {
    if (version == 1) return Event{ReadBinary<PaymentRecordedV1>(bytes).event};
    if (version == 2) return Event{ReadBinary<PaymentRecordedV2>(bytes).event};
  }
  if constexpr (std::is_same_v<T, domain::PaymentRefunded>) {
    if (version == 1) return Event{ReadBinary<PaymentRefundedV1>(bytes).event};
  }
  if constexpr (std::is_same_v<T, domain::CustomerCreated>) {
    if (version == 1) return Event{ReadBinary<CustomerCreatedV1>(bytes).event};
  }
  if constexpr (std::is_same_v<T, domain::CustomerUpdated>) {
    if (version == 1) return Event{ReadBinary<CustomerUpdatedV1>(bytes).event};
  }
  if constexpr (std::is_same_v<T, domain::InvoiceDrafted>) {
    if (version == 1) return Event{ReadBinary<InvoiceDraftedV1>(bytes).event};
  }
  if constexpr (std::is_same_v<T, domain::InvoiceDraftUpdated>) {
    if (version == 1) return Event{ReadBinary<InvoiceDraftUpdatedV1>(bytes).event};
  }
  if constexpr (std::is_same_v<T, domain::OrganizationSettingsUpdated>) {
    if (version == 1) return Event{ReadBinary<OrganizationSettingsUpdatedV1>(bytes).event};
  }
  if constexpr (std::is_same_v<T, domain::CreditNoteIssued>) {
    if (version == 1) {
      domain::CreditNoteIssued event = ReadBinary<CreditNoteIssuedV1>(bytes).event;
      event.total_minor = event.amount.minor_units;
      return Event{std::move(event)};
    }
  }
  if (version != kSchemaVersion<T>) {
    return domain::Reject(
        domain::ErrorKind::kDataLoss, "unknown_schema_version", "",
        std::string(T::kType) + " has no schema version " + std::to_string(version));
  }
  return Event{ReadBinary<T>(bytes)};
}

struct TypeEntry {
  uint32_t current_version;
  Result<Event> (*decode)(uint32_t, std::string_view);
};

template <size_t... I>
std::unordered_map<std::string_view, TypeEntry> BuildTable(std::index_sequence<I...>) {
  return {{std::variant_alternative_t<I, Event>::kType,
           TypeEntry{kSchemaVersion<std::variant_alternative_t<I, Event>>,
                     &DecodeAs<std::variant_alternative_t<I, Event>>}}...};
}

const std::unordered_map<std::string_view, TypeEntry>& Table() {
  static const auto table = BuildTable(std::make_index_sequence<std::variant_size_v<Event>>{});
  return table;
}

// cereal's JSON archive spells optionals as {"nullopt":…,"data":…}, patches as {"op":…,
// "value":…} and dates and instants as integers. Rewrite them the way people read them:
// null or the value; an omitted patch field disappears; dates and instants in ISO 8601.
boost::json::value Tidy(boost::json::value value) {
  if (value.is_array()) {
    for (boost::json::value& item : value.as_array()) item = Tidy(std::move(item));
    return value;
  }
  if (!value.is_object()) return value;
  boost::json::object& object = value.as_object();
  if (object.size() <= 2 && object.contains("nullopt")) {
    if (object["nullopt"].as_bool()) return nullptr;
    return Tidy(std::move(object["data"]));
  }
  if (object.size() == 1 && object.contains("days_since_epoch")) {
    auto days = static_cast<int32_t>(object["days_since_epoch"].to_number<int64_t>());
    return boost::json::value(domain::FormatDate(domain::Date{days}));
  }
  if (object.size() == 1 && object.contains("micros_since_epoch")) {
    int64_t micros = object["micros_since_epoch"].to_number<int64_t>();
    return boost::json::value(domain::FormatTimestamp(domain::Timestamp{micros}));
  }
  boost::json::object tidy;
  for (auto& [key, field] : object) {
    if (field.is_object() && field.as_object().contains("op") && field.as_object().size() <= 2) {
      auto op = field.as_object()["op"].to_number<int>();
      if (op == 0) continue;  // omitted: unchanged
      tidy[key] =
          op == 1 ? boost::json::value(nullptr) : Tidy(std::move(field.as_object()["value"]));
      continue;
    }
    tidy[key] = Tidy(std::move(field));
  }
  return tidy;
}

}  // namespace

EncodedPayload EncodePayload(const Event& event) {
  return std::visit(
      [](const auto& e) {
        using T = std::remove_cvref_t<decltype(e)>;
        EncodedPayload payload{T::kType, kSchemaVersion<T>, {}};
        payload.bytes.reserve(256);
        MemoryOutputArchive archive(payload.bytes);
        archive(e);
        return payload;
      },
      event);
}

Result<Event> DecodePayload(std::string_view type, uint32_t schema_version,
                            std::string_view bytes) {
  auto it = Table().find(type);
  if (it == Table().end()) {
    return domain::Reject(domain::ErrorKind::kDataLoss, "unknown_event_type", "",
                          "Unknown event type '" + std::string(type.substr(0, 80)) + "'");
  }
  // cereal reports truncated or malformed archives by throwing; they stop here.
  try {
    return it->second.decode(schema_version, bytes);
  } catch (const std::exception& e) {
    return Corrupt(type, e.what());
  }
}

Result<std::string> PayloadToJson(std::string_view type, uint32_t schema_version,
                                  std::string_view bytes) {
  auto event = DecodePayload(type, schema_version, bytes);
  if (!event) return std::unexpected(event.error());
  std::ostringstream stream;
  {
    cereal::JSONOutputArchive archive(stream, cereal::JSONOutputArchive::Options::NoIndent());
    std::visit([&](const auto& e) { archive(cereal::make_nvp("event", e)); }, *event);
  }
  // The archive wraps everything in {"event": ...}; keep the inner object, compactly.
  boost::system::error_code error;
  boost::json::value json = boost::json::parse(stream.str(), error);
  if (error || !json.is_object() || !json.as_object().contains("event")) {
    return Corrupt(type, "JSON rendering failed");
  }
  return boost::json::serialize(Tidy(std::move(json.as_object()["event"])));
}

uint32_t CurrentSchemaVersion(std::string_view type) {
  auto it = Table().find(type);
  return it == Table().end() ? 0 : it->second.current_version;
}

// Old shapes are written exactly as the old code wrote them, for the tests of their upcasts.
template <typename Old>
std::string WriteOldShape(const Old& old) {
  std::ostringstream stream;
  {
    cereal::PortableBinaryOutputArchive archive(stream);
    archive(old);
  }
  return std::move(stream).str();
}

std::string EncodeInvoiceSentV1(const InvoiceSentV1& event) { return WriteOldShape(event); }

std::string EncodePaymentRecordedV1(const domain::PaymentRecorded& event) {
  return WriteOldShape(PaymentRecordedV1{event});
}

std::string EncodePaymentRecordedV2(const domain::PaymentRecorded& event) {
  return WriteOldShape(PaymentRecordedV2{event});
}

std::string EncodeCreditNoteIssuedV1(const domain::CreditNoteIssued& event) {
  return WriteOldShape(CreditNoteIssuedV1{event});
}

std::string EncodeOrganizationSettingsUpdatedV1(const domain::OrganizationSettingsUpdated& event) {
  return WriteOldShape(OrganizationSettingsUpdatedV1{event});
}

std::string EncodeCustomerCreatedV1(const domain::CustomerCreated& event) {
  return WriteOldShape(CustomerCreatedV1{event});
}

std::string EncodeCustomerUpdatedV1(const domain::CustomerUpdated& event) {
  return WriteOldShape(CustomerUpdatedV1{event});
}

std::string EncodeInvoiceDraftedV1(const domain::InvoiceDrafted& event) {
  return WriteOldShape(InvoiceDraftedV1{event});
}

std::string EncodeInvoiceDraftUpdatedV1(const domain::InvoiceDraftUpdated& event) {
  return WriteOldShape(InvoiceDraftUpdatedV1{event});
}

std::string EncodePaymentRefundedV1(const domain::PaymentRefunded& event) {
  return WriteOldShape(PaymentRefundedV1{event});
}

}  // namespace factura::eventstore
